#pragma once

#include "ApiError.h"
#include "Json.h"

#include <QString>

#include <vector>

namespace syncline::devcluster {

// The field selectors every resource supports: metadata.name and metadata.namespace with
// =, == and != (kubectl delete --wait and watches of one object use metadata.name).
class FieldSelector {
public:
    static ApiResult<FieldSelector> parse(const QString& text);
    bool matches(const Json& object) const;
    // The name an equality term pins, if any (lets a lookup skip a full scan).
    QString exactName() const;

private:
    struct Term {
        bool name = true; // else namespace
        bool equals = true;
        std::string value;
    };
    std::vector<Term> m_terms;
};

} // namespace syncline::devcluster
