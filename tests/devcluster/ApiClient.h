#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <nlohmann/json.hpp>

namespace syncline::test {

// A tiny HTTP client for talking to a devcluster directly in tests (what kubectl does not
// show: status codes, Status objects, headers). Each call waits for its reply.
class ApiClient {
public:
    struct Reply {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        QString networkError;
        nlohmann::json json() const { return nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false); }
    };

    explicit ApiClient(QUrl base, QString token = {}, QList<QSslCertificate> ca = {});

    Reply get(const QString& path, const QList<QPair<QByteArray, QByteArray>>& headers = {});
    Reply post(const QString& path, const nlohmann::json& body);
    Reply put(const QString& path, const nlohmann::json& body);
    Reply patch(const QString& path, const QByteArray& contentType, const QByteArray& body);
    Reply apply(const QString& path, const nlohmann::json& object, const QString& manager, bool force = false,
                bool dryRun = false);
    Reply remove(const QString& path, const QByteArray& body = {});
    Reply send(const QByteArray& method, const QString& path, const QByteArray& body, const QByteArray& contentType,
               const QList<QPair<QByteArray, QByteArray>>& headers = {});

    QUrl url(const QString& pathAndQuery) const;

private:
    QUrl m_base;
    QString m_token;
    QList<QSslCertificate> m_ca;
    QNetworkAccessManager m_network;
};

} // namespace syncline::test
