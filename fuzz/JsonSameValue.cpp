#include "JsonSameValue.h"

#include <cmath>

namespace syncline::fuzz {

namespace {

// nlohmann compares integers and floats across their types already; NaN is the exception.
bool sameNumber(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
    return a == b || (a.is_number_float() && b.is_number_float() && std::isnan(a.get<double>()) && std::isnan(b.get<double>()));
}

} // namespace

bool sameValue(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, bool overflowIsString) {
    if (overflowIsString && a.is_string() && b.is_number_float() && std::isinf(b.get<double>()))
        return true;
    if (a.is_number() && b.is_number())
        return sameNumber(a, b);
    if (a.type() != b.type())
        return false;
    if (a.is_object()) {
        if (a.size() != b.size())
            return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            const auto other = b.find(it.key());
            if (other == b.end() || !sameValue(it.value(), *other, overflowIsString))
                return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!sameValue(a[i], b[i], overflowIsString))
                return false;
        }
        return true;
    }
    return a == b;
}

} // namespace syncline::fuzz
