#pragma once

// Tests write keys, known_hosts, keychain entries and settings under HOME. Started outside
// tests/support/run-isolated.sh (the binary run by hand), they would write into the user's
// own ~/.ssh and keychain: refuse to start instead. ctest always goes through the wrapper.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pwd.h>
#include <unistd.h>

namespace syncline::test {

inline bool requireIsolatedHome() {
    const char* home = std::getenv("HOME");
    // Set by run-isolated.sh; a test may then start itself again with a HOME of its own,
    // but never with the user's.
    const passwd* account = getpwuid(getuid());
    const bool usersOwn = !home || (account && account->pw_dir && std::strcmp(home, account->pw_dir) == 0);
    if (std::getenv("SYNCLINE_TEST_ISOLATED") && !usersOwn)
        return true;
    std::fprintf(stderr,
                 "refusing to run outside a scratch HOME (HOME=%s): run this test through ctest or "
                 "tests/support/run-isolated.sh\n",
                 home ? home : "");
    std::exit(2);
}

inline const bool isolatedHomeChecked = requireIsolatedHome();

} // namespace syncline::test
