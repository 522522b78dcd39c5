#pragma once

#include "HttpLimits.h"
#include "HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>

namespace syncline::devcluster {

// Reads HTTP/1.1 requests from a byte stream as it arrives, within fixed limits: headers
// up to maxHeaderBytes, bodies (Content-Length or chunked) up to maxBodyBytes. Chunked
// bodies are decoded chunk by chunk as they come, so what is held is bounded by the
// limits however the client frames its bytes; an endless body fails with 413 as soon as
// it passes the limit.
class HttpRequestParser {
public:
    enum class Status { NeedMore, Complete, Failed };

    explicit HttpRequestParser(const HttpLimits& limits);

    void append(QByteArrayView bytes) { m_buffer.append(bytes); }
    // Parses as far as the buffered bytes go. Complete: take() the request, then call
    // next() again for a pipelined one. Failed: errorStatus()/errorMessage() say why.
    Status next();
    HttpRequest take();
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    int errorStatus() const { return m_errorStatus; }
    const QByteArray& errorMessage() const { return m_errorMessage; }

private:
    enum class Phase { Head, FixedBody, ChunkSize, ChunkData, Trailer, Done, Failed };

    Status fail(int status, const QByteArray& message);
    Status parseHead();
    Status parseFixedBody();
    Status parseChunkSize();
    Status parseChunkData();
    Status parseTrailer();

    HttpLimits m_limits;
    QByteArray m_buffer;
    Phase m_phase = Phase::Head;
    HttpRequest m_request;
    qsizetype m_expected = 0; // body bytes (FixedBody) or chunk bytes (ChunkData) still to come
    qsizetype m_trailerBytes = 0;
    int m_errorStatus = 0;
    QByteArray m_errorMessage;
};

} // namespace syncline::devcluster
