#pragma once

#include "util/Error.h"
#include "util/Result.h"

#include <QString>

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

namespace syncline::util {

// A job on a worker thread threw (std::bad_alloc, a library's exception): the error its
// result carries instead, "internal error while reading cluster: std::bad_alloc".
// Never throws.
Error jobFailure(const std::exception_ptr& exception, const QString& doing) noexcept;

// A job without a result threw: nobody waits for an answer, so it is logged.
void logJobFailure(const Error& error) noexcept;

namespace detail {
template <typename T> struct IsResult : std::false_type {};
template <typename T> struct IsResult<Result<T>> : std::true_type {};

template <typename T> struct IsSharedPtr : std::false_type {};
template <typename T> struct IsSharedPtr<std::shared_ptr<T>> : std::true_type { using Element = std::remove_const_t<T>; };

template <typename T>
concept CarriesError = std::is_default_constructible_v<T> && requires(T value, Error error) {
    value.error = error;
};

template <typename> inline constexpr bool alwaysFalse = false;
} // namespace detail

// The result a failed job hands back, for every result shape jobs use: Result<T>,
// std::optional<Error>, a struct with an `error` member or a shared_ptr to one. Anything
// else does not compile: give runOn/submit your own `recover`.
template <typename R> R failedResult(Error error) {
    if constexpr (std::is_void_v<R>) {
        logJobFailure(error);
    } else if constexpr (detail::IsResult<R>::value) {
        return fail(std::move(error));
    } else if constexpr (std::is_same_v<R, std::optional<Error>>) {
        return error;
    } else if constexpr (detail::IsSharedPtr<R>::value) {
        auto result = std::make_shared<typename detail::IsSharedPtr<R>::Element>();
        result->error = std::move(error);
        return result;
    } else if constexpr (detail::CarriesError<R>) {
        R result{};
        result.error = std::move(error);
        return result;
    } else {
        static_assert(detail::alwaysFalse<R>, "a job's result must be able to carry an error; pass a recover function");
    }
}

} // namespace syncline::util
