#include "LabelSelector.h"

#include <QRegularExpression>

#include <algorithm>

namespace syncline::devcluster {

namespace {

// Splits at commas outside parentheses.
QStringList splitTerms(const QString& text) {
    QStringList out;
    int depth = 0;
    QString current;
    for (QChar c : text) {
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            --depth;
        if (c == QLatin1Char(',') && depth == 0) {
            out << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    out << current.trimmed();
    return out;
}

bool validKey(const QString& key) {
    static const QRegularExpression re(QStringLiteral("^([A-Za-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$"));
    return re.match(key).hasMatch();
}

} // namespace

ApiResult<LabelSelector> LabelSelector::parse(const QString& text) {
    LabelSelector selector;
    if (text.trimmed().isEmpty())
        return selector;
    static const QRegularExpression setRe(QStringLiteral("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$"));
    for (const QString& term : splitTerms(text)) {
        if (term.isEmpty())
            return apiFail(ApiError::badRequest(QStringLiteral("unable to parse requirement: found '', expected: identifier")));
        Requirement req;
        QString key;
        if (auto m = setRe.match(term); m.hasMatch()) {
            key = m.captured(1);
            req.op = m.captured(2) == QLatin1String("in") ? Op::In : Op::NotIn;
            for (const QString& value : m.captured(3).split(QLatin1Char(',')))
                req.values.push_back(value.trimmed().toStdString());
        } else if (term.startsWith(QLatin1Char('!')) && !term.contains(QLatin1Char('='))) {
            key = term.mid(1).trimmed();
            req.op = Op::DoesNotExist;
        } else if (qsizetype i = term.indexOf(QLatin1String("!=")); i > 0) {
            key = term.left(i).trimmed();
            req.op = Op::NotEquals;
            req.values.push_back(term.mid(i + 2).trimmed().toStdString());
        } else if (qsizetype j = term.indexOf(QLatin1String("==")); j > 0) {
            key = term.left(j).trimmed();
            req.op = Op::Equals;
            req.values.push_back(term.mid(j + 2).trimmed().toStdString());
        } else if (qsizetype k = term.indexOf(QLatin1Char('=')); k > 0) {
            key = term.left(k).trimmed();
            req.op = Op::Equals;
            req.values.push_back(term.mid(k + 1).trimmed().toStdString());
        } else {
            key = term;
            req.op = Op::Exists;
        }
        if (!validKey(key))
            return apiFail(
                ApiError::badRequest(QStringLiteral("unable to parse requirement: invalid label key \"%1\"").arg(key)));
        req.key = key.toStdString();
        selector.m_requirements.push_back(std::move(req));
    }
    return selector;
}

bool LabelSelector::matches(const Json& labels) const {
    for (const auto& req : m_requirements) {
        const bool has = labels.is_object() && labels.contains(req.key) && labels[req.key].is_string();
        const std::string value = has ? labels[req.key].get<std::string>() : std::string();
        const bool inValues = has && std::find(req.values.begin(), req.values.end(), value) != req.values.end();
        bool ok = false;
        switch (req.op) {
        case Op::Equals:
        case Op::In:
            ok = inValues;
            break;
        case Op::NotEquals:
        case Op::NotIn:
            ok = !inValues;
            break;
        case Op::Exists:
            ok = has;
            break;
        case Op::DoesNotExist:
            ok = !has;
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

} // namespace syncline::devcluster
