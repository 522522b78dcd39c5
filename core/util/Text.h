#pragma once

#include <QByteArray>
#include <QString>

namespace syncline::util {

// Decodes bytes from Git (messages, paths, names). Valid UTF-8 is taken as is; other
// bytes are decoded with `fallbackEncoding` when given (a commit's `encoding` header),
// else as Latin-1 so every byte stays visible instead of turning into U+FFFD.
QString decodeGitText(const QByteArray& bytes, const QByteArray& fallbackEncoding = {});
QString decodeGitText(const char* data, qsizetype size, const QByteArray& fallbackEncoding = {});

// Human-readable byte size: "512 B", "1.5 KiB", "1.0 GiB".
QString formatByteSize(qint64 bytes);

} // namespace syncline::util
