// A commit object's bytes as a hostile repository stores them: parsed without libgit2,
// then its summary and message decoded the way the history shows them.
#include "FuzzTargets.h"
#include "git/RawCommit.h"

#include <cstdlib>

namespace syncline::fuzz {

int fuzzRawCommit(const std::uint8_t* data, std::size_t size) {
    const auto* bytes = reinterpret_cast<const char*>(data);
    const auto commit = git::RawCommit::parse(bytes, size);
    if (!commit)
        return 0;
    // The message is a view of the input: it must stay inside it.
    if (commit->message < bytes || commit->message + commit->messageSize > bytes + size)
        std::abort();
    (void)commit->summary();
    (void)commit->fullMessage();
    return 0;
}

} // namespace syncline::fuzz
