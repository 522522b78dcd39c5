#include "HttpRequestParser.h"

#include <QList>

namespace syncline::devcluster {

namespace {
constexpr qsizetype kMaxChunkLineBytes = 1024;

// Header bytes a client could smuggle into a log line or a JSON value.
bool hasControlBytes(QByteArrayView text) {
    for (const char c : text)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
            return true;
    return false;
}
} // namespace

HttpRequestParser::HttpRequestParser(const HttpLimits& limits) : m_limits(limits) {}

HttpRequestParser::Status HttpRequestParser::fail(int status, const QByteArray& message) {
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    return Status::Failed;
}

HttpRequestParser::Status HttpRequestParser::next() {
    while (true) {
        Status status = Status::NeedMore;
        switch (m_phase) {
        case Phase::Head:
            status = parseHead();
            break;
        case Phase::FixedBody:
            status = parseFixedBody();
            break;
        case Phase::ChunkSize:
            status = parseChunkSize();
            break;
        case Phase::ChunkData:
            status = parseChunkData();
            break;
        case Phase::Trailer:
            status = parseTrailer();
            break;
        case Phase::Done:
            return Status::Complete;
        case Phase::Failed:
            return Status::Failed;
        }
        if (status != Status::Complete)
            return status;
        // Complete here means "this phase is done": go on with the next one.
    }
}

HttpRequest HttpRequestParser::take() {
    HttpRequest out = std::move(m_request);
    m_request = HttpRequest();
    m_phase = Phase::Head;
    return out;
}

HttpRequestParser::Status HttpRequestParser::parseHead() {
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0 ? m_buffer.size() > m_limits.maxHeaderBytes : headerEnd > m_limits.maxHeaderBytes)
        return fail(431, "request headers too large");
    if (headerEnd < 0)
        return Status::NeedMore;
    const QByteArray head = m_buffer.left(headerEnd);
    m_buffer.remove(0, headerEnd + 4);
    // Everything here ends up in QStrings, JSON and logs: refuse what is not text.
    if (!QByteArrayView(head).isValidUtf8() || hasControlBytes(head))
        return fail(400, "request line or headers are not valid UTF-8 text");
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") || requestLine[0].isEmpty() ||
        !requestLine[1].startsWith('/'))
        return fail(400, "malformed request line");
    m_request = HttpRequest();
    m_request.method = requestLine[0];
    m_request.target = requestLine[1];
    m_request.version = requestLine[2];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        // A second framing header is how requests are smuggled: refuse, never pick one.
        if ((name == "content-length" || name == "transfer-encoding") && m_request.headers.contains(name))
            return fail(400, "repeated " + name + " header");
        m_request.headers.insert(name, line.mid(colon + 1).trimmed());
    }
    const QByteArray transferEncoding = m_request.header("transfer-encoding").toLower();
    const QByteArray lengthText = m_request.header("content-length");
    if (!transferEncoding.isEmpty()) {
        if (transferEncoding != "chunked")
            return fail(501, "unsupported transfer encoding");
        if (!lengthText.isEmpty()) // both: a request smuggling attempt, as RFC 9112 6.1 warns
            return fail(400, "both Content-Length and Transfer-Encoding");
        m_phase = Phase::ChunkSize;
        return Status::Complete;
    }
    bool ok = true;
    const qsizetype length = lengthText.isEmpty() ? 0 : lengthText.toLongLong(&ok);
    if (!ok || length < 0)
        return fail(400, "bad Content-Length");
    if (length > m_limits.maxBodyBytes)
        return fail(413, "request body too large: limit is " + QByteArray::number(m_limits.maxBodyBytes) + " bytes");
    m_expected = length;
    m_phase = Phase::FixedBody;
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::parseFixedBody() {
    if (m_buffer.size() < m_expected)
        return Status::NeedMore;
    m_request.body = m_buffer.left(m_expected);
    m_buffer.remove(0, m_expected);
    m_phase = Phase::Done;
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::parseChunkSize() {
    const qsizetype lineEnd = m_buffer.indexOf("\r\n");
    if (lineEnd < 0 ? m_buffer.size() > kMaxChunkLineBytes : lineEnd > kMaxChunkLineBytes)
        return fail(400, "malformed chunked body: chunk size line too long");
    if (lineEnd < 0)
        return Status::NeedMore;
    const QByteArray sizeText = m_buffer.left(lineEnd).split(';').value(0).trimmed();
    m_buffer.remove(0, lineEnd + 2);
    bool ok = false;
    const qsizetype size = sizeText.toLongLong(&ok, 16);
    if (!ok || size < 0 || sizeText.startsWith('-') || sizeText.startsWith('+'))
        return fail(400, "malformed chunked body: bad chunk size");
    if (size > m_limits.maxBodyBytes - m_request.body.size())
        return fail(413, "request body too large: limit is " + QByteArray::number(m_limits.maxBodyBytes) + " bytes");
    if (size == 0) {
        m_trailerBytes = 0;
        m_phase = Phase::Trailer;
    } else {
        m_expected = size;
        m_phase = Phase::ChunkData;
    }
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::parseChunkData() {
    if (m_buffer.size() < m_expected + 2)
        return Status::NeedMore;
    if (m_buffer.mid(m_expected, 2) != "\r\n")
        return fail(400, "malformed chunked body: chunk not followed by CRLF");
    m_request.body += QByteArrayView(m_buffer).first(m_expected);
    m_buffer.remove(0, m_expected + 2);
    m_phase = Phase::ChunkSize;
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::parseTrailer() {
    // Trailer fields are read and dropped, up to an empty line.
    while (true) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n");
        const qsizetype seen = m_trailerBytes + (lineEnd < 0 ? m_buffer.size() : lineEnd);
        if (seen > m_limits.maxHeaderBytes)
            return fail(431, "request trailer too large");
        if (lineEnd < 0)
            return Status::NeedMore;
        m_buffer.remove(0, lineEnd + 2);
        m_trailerBytes += lineEnd + 2;
        if (lineEnd == 0) {
            m_phase = Phase::Done;
            return Status::Complete;
        }
    }
}

} // namespace syncline::devcluster
