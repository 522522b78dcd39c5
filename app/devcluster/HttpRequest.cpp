#include "HttpRequest.h"

#include <QUrl>

namespace syncline::devcluster {

namespace {

QString decodeComponent(QByteArray bytes) {
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

} // namespace

bool HttpRequest::queryFlag(const QString& name) const {
    const QString value = query.value(name).toLower();
    return value == QLatin1String("1") || value == QLatin1String("true");
}

void HttpRequest::parseTarget() {
    const qsizetype mark = target.indexOf('?');
    const QByteArray rawPath = mark < 0 ? target : target.left(mark);
    path = QString::fromUtf8(QByteArray::fromPercentEncoding(rawPath));
    query.clear();
    if (mark < 0)
        return;
    const QByteArray rawQuery = target.mid(mark + 1);
    for (const QByteArray& item : rawQuery.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        const QString key = decodeComponent(eq < 0 ? item : item.left(eq));
        const QString value = eq < 0 ? QString() : decodeComponent(item.mid(eq + 1));
        if (!query.contains(key))
            query.insert(key, value);
    }
}

} // namespace syncline::devcluster
