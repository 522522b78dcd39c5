#include "JsonText.h"

namespace syncline::devcluster::json {

bool nestingExceeds(QByteArrayView text, int maxDepth) {
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

Json parse(QByteArrayView text, QString* error) {
    if (nestingExceeds(text)) {
        if (error)
            *error = QStringLiteral("the JSON nests deeper than %1 levels").arg(kMaxDepth);
        return Json(Json::value_t::discarded);
    }
    Json parsed = Json::parse(text.begin(), text.end(), nullptr, false);
    if (parsed.is_discarded() && error)
        *error = QStringLiteral("not valid JSON");
    return parsed;
}

std::string dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

} // namespace syncline::devcluster::json
