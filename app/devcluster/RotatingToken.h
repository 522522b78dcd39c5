#pragma once

#include <QString>

#include <array>
#include <optional>

namespace syncline::devcluster {

// The bearer token the server requires now: a fixed one, or the first line of --token-file,
// read again whenever the file is rewritten or replaced (its identity is checked on every
// request, a stat), so the token can be rotated without a restart — and a test can make
// the token a client holds expire at a chosen moment. A file that cannot be read or holds
// no valid token refuses every request until it is fixed (never: no token required).
class RotatingToken {
public:
    explicit RotatingToken(QString token, QString file = {});

    // The token required now; none: every request is refused.
    std::optional<QString> current();

private:
    QString m_token;
    QString m_file;
    std::array<qint64, 5> m_identity{}; // device, inode, size, mtime and ctime (ns) last read
    bool m_readable = true;
};

} // namespace syncline::devcluster
