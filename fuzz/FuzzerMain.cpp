// The libFuzzer entry point of one target; SYNCLINE_FUZZ_ENTRY names its function
// (fuzz/CMakeLists.txt builds one executable per target from this file).
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return syncline::fuzz::SYNCLINE_FUZZ_ENTRY(data, size);
}
