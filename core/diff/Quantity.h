#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace syncline::diff {

// A Kubernetes resource quantity ("500m", "0.5", "1Gi", "1e3", 2) as an exact decimal
// mantissa * 10^exponent, trailing zeros folded into the exponent, so that equal amounts
// compare equal however they are written: "500m" == "0.5" == 0.5, "1Ki" == "1024",
// 1 == "1". Binary suffixes are multiplied out exactly. Values the parser cannot hold
// exactly (more than ~30 significant digits) are not quantities.
class Quantity {
public:
    static std::optional<Quantity> parse(std::string_view text);
    static std::optional<Quantity> of(const nlohmann::ordered_json& value);

    bool operator==(const Quantity&) const = default;

private:
    __int128 m_mantissa = 0;
    int m_exponent = 0;
};

} // namespace syncline::diff
