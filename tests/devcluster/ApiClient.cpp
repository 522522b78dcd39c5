#include "ApiClient.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

namespace syncline::test {

ApiClient::ApiClient(QUrl base, QString token, QList<QSslCertificate> ca)
    : m_base(std::move(base)), m_token(std::move(token)), m_ca(std::move(ca)) {}

QUrl ApiClient::url(const QString& pathAndQuery) const {
    return QUrl(m_base.toString(QUrl::RemovePath | QUrl::StripTrailingSlash) + pathAndQuery, QUrl::TolerantMode);
}

ApiClient::Reply ApiClient::send(const QByteArray& method, const QString& path, const QByteArray& body,
                                 const QByteArray& contentType, const QList<QPair<QByteArray, QByteArray>>& headers) {
    QNetworkRequest request(url(path));
    request.setTransferTimeout(20000);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    if (!m_ca.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(m_ca);
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (reply->error() != QNetworkReply::NoError && out.status == 0)
        out.networkError = reply->errorString();
    reply->deleteLater();
    return out;
}

ApiClient::Reply ApiClient::get(const QString& path, const QList<QPair<QByteArray, QByteArray>>& headers) {
    return send("GET", path, {}, {}, headers);
}

ApiClient::Reply ApiClient::post(const QString& path, const nlohmann::json& body) {
    return send("POST", path, QByteArray::fromStdString(body.dump()), "application/json");
}

ApiClient::Reply ApiClient::put(const QString& path, const nlohmann::json& body) {
    return send("PUT", path, QByteArray::fromStdString(body.dump()), "application/json");
}

ApiClient::Reply ApiClient::patch(const QString& path, const QByteArray& contentType, const QByteArray& body) {
    return send("PATCH", path, body, contentType);
}

ApiClient::Reply ApiClient::apply(const QString& path, const nlohmann::json& object, const QString& manager, bool force,
                                  bool dryRun) {
    QString query = QStringLiteral("?fieldManager=") + manager;
    if (force)
        query += QStringLiteral("&force=true");
    if (dryRun)
        query += QStringLiteral("&dryRun=All");
    return send("PATCH", path + query, QByteArray::fromStdString(object.dump()), "application/apply-patch+yaml");
}

ApiClient::Reply ApiClient::remove(const QString& path, const QByteArray& body) {
    return send("DELETE", path, body, body.isEmpty() ? QByteArray() : QByteArrayLiteral("application/json"));
}

} // namespace syncline::test
