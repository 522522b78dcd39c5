// The devcluster's HTTP/1.1 request parser, fed like a socket feeds it: the same bytes in
// one piece and in small pieces (the first byte picks their size) must give the same
// requests and the same verdict, whatever the framing.
#include "FuzzInput.h"
#include "FuzzTargets.h"
#include "HttpRequestParser.h"

#include <cstdio>
#include <cstdlib>

namespace syncline::fuzz {

namespace {

using devcluster::HttpRequestParser;

struct Outcome {
    QList<QByteArray> requests; // method, target, headers and body of each, flattened
    HttpRequestParser::Status last = HttpRequestParser::Status::NeedMore;
    int errorStatus = 0;
};

// Small limits, so inputs of a few KiB reach them.
devcluster::HttpLimits smallLimits() {
    devcluster::HttpLimits limits;
    limits.maxHeaderBytes = 2048;
    limits.maxBodyBytes = 4096;
    return limits;
}

QByteArray flatten(devcluster::HttpRequest request) {
    request.parseTarget();
    QByteArray out = request.method + ' ' + request.target + ' ' + request.version + '\n' + request.path.toUtf8() + '\n';
    QStringList queryKeys = request.query.keys();
    queryKeys.sort();
    for (const QString& key : queryKeys)
        out += key.toUtf8() + '=' + request.query.value(key).toUtf8() + '\n';
    QList<QByteArray> names = request.headers.keys();
    std::sort(names.begin(), names.end());
    for (const QByteArray& name : names)
        out += name + ": " + request.headers.value(name) + '\n';
    return out + '\n' + request.body;
}

Outcome parseInPieces(QByteArrayView bytes, qsizetype pieceSize) {
    HttpRequestParser parser(smallLimits());
    Outcome outcome;
    for (qsizetype at = 0; at < bytes.size(); at += pieceSize) {
        parser.append(bytes.sliced(at, std::min(pieceSize, bytes.size() - at)));
        while ((outcome.last = parser.next()) == HttpRequestParser::Status::Complete)
            outcome.requests.append(flatten(parser.take()));
        if (outcome.last == HttpRequestParser::Status::Failed) {
            outcome.errorStatus = parser.errorStatus();
            break;
        }
    }
    return outcome;
}

} // namespace

int fuzzHttpRequest(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const QByteArrayView bytes(data + 1, qsizetype(size - 1));
    const Outcome whole = parseInPieces(bytes, std::max<qsizetype>(1, bytes.size()));
    const Outcome pieces = parseInPieces(bytes, data[0] % 32 + 1);
    if (whole.requests != pieces.requests || whole.last != pieces.last || whole.errorStatus != pieces.errorStatus) {
        std::fprintf(stderr, "framing changed the outcome: %lld vs %lld requests, status %d vs %d\n",
                     static_cast<long long>(whole.requests.size()), static_cast<long long>(pieces.requests.size()),
                     whole.errorStatus, pieces.errorStatus);
        std::abort();
    }
    return 0;
}

} // namespace syncline::fuzz
