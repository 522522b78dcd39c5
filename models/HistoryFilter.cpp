#include "HistoryFilter.h"

#include <QStringList>

namespace syncline::models {

namespace {

// Splits on spaces outside double quotes; quotes are removed.
QStringList tokenize(const QString& input) {
    QStringList tokens;
    QString current;
    bool quoted = false;
    bool any = false;
    for (QChar c : input) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any)
                tokens << current;
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any)
        tokens << current;
    return tokens;
}

} // namespace

HistoryFilter HistoryFilter::parse(const QString& input) {
    HistoryFilter filter;
    QStringList freeText;
    for (const QString& token : tokenize(input)) {
        if (token.startsWith(QLatin1String("author:"), Qt::CaseInsensitive))
            filter.author = token.mid(7).trimmed();
        else if (token.startsWith(QLatin1String("path:"), Qt::CaseInsensitive))
            filter.path = token.mid(5).trimmed();
        else
            freeText << token;
    }
    filter.text = freeText.join(QLatin1Char(' ')).trimmed();
    return filter;
}

git::HistoryQuery HistoryFilter::toQuery(bool allBranches) const {
    git::HistoryQuery query;
    query.allRefs = allBranches;
    query.text = text;
    query.author = author;
    query.path = path;
    return query;
}

} // namespace syncline::models
