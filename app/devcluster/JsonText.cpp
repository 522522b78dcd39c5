#include "JsonText.h"

#include "util/JsonDepth.h"

namespace syncline::devcluster::json {

bool nestingExceeds(QByteArrayView text, int maxDepth) {
    return util::jsonDepthExceeds(std::string_view(text.data(), std::size_t(text.size())), maxDepth);
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
