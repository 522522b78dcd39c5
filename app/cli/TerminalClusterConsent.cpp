#include "TerminalClusterConsent.h"

#include "Terminal.h"
#include "activity/ActivityLog.h"
#include "reconcile/ReconcileActivity.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace syncline::app {

namespace {

QString question(const QString& environment, const reconcile::ClusterConsent& consent,
                 const std::optional<reconcile::ClusterConsent>& recorded, const QString& root) {
    QString text =
        recorded ? QStringLiteral("The cluster of '%1' changed since you trusted it (%2).\n")
                       .arg(environment, consent.changesFrom(*recorded).join(QStringLiteral(", ")))
                 : QStringLiteral("The repository at %1 asks Syncline to use this cluster for '%2':\n").arg(root, environment);
    for (const QString& line : consent.lines())
        text += QStringLiteral("  ") + line + QLatin1Char('\n');
    return text + QStringLiteral("Trust this cluster for this repository?");
}

} // namespace

util::Result<void> TerminalClusterConsent::ensure(const WorkspaceContext& context, reconcile::ClusterConsentStore& store,
                                                  const QStringList& environments, bool yes) {
    const QString root = context.repository->workDir();
    const QString repository = reconcile::ClusterConsentStore::repositoryKeyOf(root);
    std::unique_ptr<Terminal> terminal;
    // The applications of one environment share its cluster: trusted once in this run, it
    // is recorded for each of them without asking again.
    std::vector<reconcile::ClusterConsent> trustedNow;
    for (const workspace::Environment& environment : context.workspace.config.environments) {
        if (!environments.isEmpty() && !environments.contains(environment.name))
            continue;
        auto consent = reconcile::ClusterConsent::resolve(environment.cluster, root);
        if (!consent)
            continue; // nothing can be sent; the engine names the problem
        const auto recorded = store.recorded(repository, environment.name);
        if (recorded && recorded->sameCluster(*consent))
            continue;
        const bool alreadyAsked =
            std::any_of(trustedNow.begin(), trustedNow.end(),
                        [&](const reconcile::ClusterConsent& trusted) { return trusted.sameCluster(*consent); });
        if (!alreadyAsked && yes) {
            std::fprintf(stderr, "trusting the cluster of '%s' for this repository (--yes):\n",
                         qPrintable(environment.environmentName()));
            for (const QString& line : consent->lines())
                std::fprintf(stderr, "  %s\n", qPrintable(line));
        } else if (!alreadyAsked) {
            if (!terminal)
                terminal = Terminal::open();
            if (!terminal || !terminal->confirm(question(environment.environmentName(), *consent, recorded, root)))
                return util::fail(reconcile::ClusterConsent::required(environment.name, *consent, recorded));
        }
        store.record(repository, environment.name, *consent);
        activity::ActivityLog::record(reconcile::ReconcileActivity::consent(root, environment.name, *consent));
        trustedNow.push_back(*consent);
    }
    return {};
}

} // namespace syncline::app
