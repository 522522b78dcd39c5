#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace syncline::fuzz {

// One entry function per fuzz target: it hands the input to the real product code and
// returns 0. A crash, an uncaught exception or a sanitizer report is the finding. The
// libFuzzer executables (FuzzerMain.cpp) and tests/core/tst_fuzzregressions.cpp call the
// same functions, so a fixed input stays fixed in the ordinary build.
using FuzzEntry = int (*)(const std::uint8_t* data, std::size_t size);

int fuzzYamlParser(const std::uint8_t* data, std::size_t size);
int fuzzKustomize(const std::uint8_t* data, std::size_t size);
int fuzzStrategicMerge(const std::uint8_t* data, std::size_t size);
int fuzzJsonPatch(const std::uint8_t* data, std::size_t size);
int fuzzKubeConfig(const std::uint8_t* data, std::size_t size);
int fuzzKubeResponses(const std::uint8_t* data, std::size_t size);
int fuzzWorkspaceConfig(const std::uint8_t* data, std::size_t size);
int fuzzHttpRequest(const std::uint8_t* data, std::size_t size);
int fuzzCommitGraph(const std::uint8_t* data, std::size_t size);
int fuzzRawCommit(const std::uint8_t* data, std::size_t size);

struct FuzzTarget {
    const char* name; // fuzz/corpus/<name>, fuzz/regressions/<name>, executable fuzz_<name>
    FuzzEntry entry;
};

// Every target, in the order scripts/fuzz.sh runs them.
std::span<const FuzzTarget> fuzzTargets();

} // namespace syncline::fuzz
