#include "util/Text.h"

#include <QStringDecoder>

namespace syncline::util {

QString decodeGitText(const char* data, qsizetype size, const QByteArray& fallbackEncoding) {
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(QByteArrayView(data, size));
    if (!utf8.hasError())
        return text;
    if (!fallbackEncoding.isEmpty()) {
        QStringDecoder named(fallbackEncoding.constData());
        if (named.isValid()) {
            QString decoded = named.decode(QByteArrayView(data, size));
            if (!named.hasError())
                return decoded;
        }
    }
    return QString::fromLatin1(data, size);
}

QString decodeGitText(const QByteArray& bytes, const QByteArray& fallbackEncoding) {
    return decodeGitText(bytes.constData(), bytes.size(), fallbackEncoding);
}

QString formatByteSize(qint64 bytes) {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    if (unit == 0)
        return QString::number(bytes) + QStringLiteral(" B");
    return QString::number(value, 'f', 1) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

} // namespace syncline::util
