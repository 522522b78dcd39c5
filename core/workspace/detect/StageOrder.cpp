#include "workspace/detect/StageOrder.h"

#include <QStringList>

#include <utility>
#include <vector>

namespace syncline::workspace {

int StageOrder::rank(const QString& environmentName) {
    static const std::vector<std::pair<int, QStringList>> stages = {
        {0, {QStringLiteral("dev"), QStringLiteral("develop"), QStringLiteral("development")}},
        {1, {QStringLiteral("test"), QStringLiteral("testing"), QStringLiteral("int"), QStringLiteral("integration")}},
        {2, {QStringLiteral("qa"), QStringLiteral("uat")}},
        {3, {QStringLiteral("staging"), QStringLiteral("stage"), QStringLiteral("stg")}},
        {4, {QStringLiteral("preprod"), QStringLiteral("pre-prod"), QStringLiteral("preproduction")}},
        {5, {QStringLiteral("prod"), QStringLiteral("production"), QStringLiteral("prd"), QStringLiteral("live")}},
    };
    const QString name = environmentName.toLower();
    for (const auto& [rank, names] : stages)
        if (names.contains(name))
            return rank;
    return -1;
}

} // namespace syncline::workspace
