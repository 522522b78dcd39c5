#pragma once

#include "util/Error.h"

#include <tl/expected.hpp>

namespace syncline::util {

// Errors are values: every fallible core function returns Result<T>.
template <typename T> using Result = tl::expected<T, Error>;

using Unexpected = tl::unexpected<Error>;

inline Unexpected fail(ErrorCode code, QString message, QString where = {}) {
    return Unexpected(makeError(code, std::move(message), std::move(where)));
}

inline Unexpected fail(Error error) { return Unexpected(std::move(error)); }

} // namespace syncline::util
