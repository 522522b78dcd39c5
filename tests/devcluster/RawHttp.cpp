#include "RawHttp.h"

#include <QHostAddress>

namespace syncline::test {

QByteArray RawHttp::request(const QByteArray& method, const QByteArray& target, const QString& token, const QByteArray& body,
                            const QList<QPair<QByteArray, QByteArray>>& headers) {
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        out += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    bool framed = false;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\r\n";
        framed = framed || name.compare("transfer-encoding", Qt::CaseInsensitive) == 0 ||
                 name.compare("content-length", Qt::CaseInsensitive) == 0;
    }
    if (!framed)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

bool RawHttp::connect(QTcpSocket& socket, int port) {
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    return socket.waitForConnected(kWaitMs);
}

RawResponse RawHttp::readResponse(QTcpSocket& socket) {
    QByteArray buffer;
    while (true) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const QByteArray head = buffer.left(headEnd);
            qsizetype length = 0;
            for (const QByteArray& line : head.split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buffer.size() >= headEnd + 4 + length)
                return RawResponse{head.mid(9, 3).toInt(), head, buffer.mid(headEnd + 4, length)};
        }
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(kWaitMs) && socket.bytesAvailable() == 0)
            return RawResponse{0, buffer, {}};
        buffer += socket.readAll();
    }
}

QByteArray RawHttp::readUntilClosed(QTcpSocket& socket) {
    QByteArray out = socket.readAll();
    while (socket.state() != QAbstractSocket::UnconnectedState) {
        if (!socket.waitForReadyRead(kWaitMs) && socket.bytesAvailable() == 0)
            break;
        out += socket.readAll();
    }
    return out + socket.readAll();
}

int RawHttp::probe(int port, const QString& token) {
    QTcpSocket socket;
    if (!connect(socket, port))
        return 0;
    socket.write(request("GET", "/api/v1/namespaces", token));
    return readResponse(socket).status;
}

} // namespace syncline::test
