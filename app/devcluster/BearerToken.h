#pragma once

#include "util/Result.h"

#include <QString>

namespace syncline::devcluster {

// The bearer token the devcluster requires. Never taken from the command line (any user
// can read another's argv in ps): from the environment, a file, or generated.
class BearerToken {
public:
    // The variable a launcher sets for the server; unset again once read.
    static constexpr const char* kEnvironmentVariable = "SYNCLINE_DEVCLUSTER_TOKEN";

    // 256 bits from the operating system's CSPRNG, base64url without padding.
    static QString generate();
    // The first line of `path` (up to 4 KiB), trimmed.
    static util::Result<QString> readFile(const QString& path);
    // Non-empty, printable ASCII without spaces: safe in a header and in the kubeconfig.
    static util::Result<QString> validate(QString token, const QString& where);
};

} // namespace syncline::devcluster
