#pragma once

#include <QByteArray>

#include <nlohmann/json.hpp>
#include <string>

namespace syncline::workspace::detect {

// Without helm, a chart's templates are not YAML. For detection it is enough to blank the
// lines that are only template actions and to turn "key: {{ expr }}" into a string, with
// {{ .Values.a.b }} looked up in the chart's values.yaml. Line numbers are kept.
class HelmTemplateFallback {
public:
    static std::string neutralize(const QByteArray& templateBytes, const nlohmann::ordered_json& values);
};

} // namespace syncline::workspace::detect
