#pragma once

#include "ApiError.h"
#include "Json.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace syncline::devcluster {

// kubectl's label selector syntax: "app=web,tier!=cache,env in (dev,qa),!legacy,track".
class LabelSelector {
public:
    static ApiResult<LabelSelector> parse(const QString& text);

    bool matches(const Json& labels) const; // labels: the metadata.labels mapping (or null)
    bool isEmpty() const { return m_requirements.empty(); }

private:
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    struct Requirement {
        std::string key;
        Op op = Op::Exists;
        std::vector<std::string> values;
    };
    std::vector<Requirement> m_requirements;
};

} // namespace syncline::devcluster
