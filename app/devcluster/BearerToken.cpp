#include "BearerToken.h"

#include <QByteArray>
#include <QFile>
#include <QRandomGenerator>

#include <array>

namespace syncline::devcluster {

QString BearerToken::generate() {
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), qsizetype(sizeof words));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

util::Result<QString> BearerToken::readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot read the token file: %1").arg(file.errorString()),
                          path);
    const QByteArray text = file.read(4096);
    return validate(QString::fromUtf8(text.left(text.indexOf('\n') < 0 ? text.size() : text.indexOf('\n'))).trimmed(), path);
}

util::Result<QString> BearerToken::validate(QString token, const QString& where) {
    if (token.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("the token is empty"), where);
    for (const QChar c : token)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("the token must be printable ASCII without spaces"), where);
    return token;
}

} // namespace syncline::devcluster
