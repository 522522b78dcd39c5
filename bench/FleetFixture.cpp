#include "FleetFixture.h"

#include "FleetManifests.h"
#include "kube/ExecApprovals.h"
#include "reconcile/GitSide.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/SyncRunner.h"
#include "util/PoolRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QThreadPool>

#include <unistd.h>

namespace syncline::bench {

namespace {

bool runGit(const QString& dir, const QStringList& args, QString* error) {
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(QStringLiteral("git"), args);
    process.waitForFinished(-1);
    if (process.exitCode() == 0)
        return true;
    *error =
        QStringLiteral("git %1: %2").arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAllStandardError()));
    return false;
}

bool writeFile(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && out.write(text) == text.size();
}

QByteArray placeName(int place) { return "place-" + QByteArray::number(place); }
QByteArray applicationName(int application) {
    return QByteArray("app-") + QByteArray::number(application).rightJustified(3, '0');
}

// Deploys one unit: render at the target commit, then SyncRunner. Empty: it worked.
QString deployUnit(const QString& repo, const std::shared_ptr<reconcile::ClientProvider>& provider,
                   const workspace::Environment& unit) {
    auto gitSide = reconcile::GitSide::open(repo);
    if (!gitSide)
        return gitSide.error().toString();
    auto target = (*gitSide)->target(unit);
    if (!target)
        return target.error().toString();
    auto rendered = (*gitSide)->render(unit, target->commit);
    if (!rendered)
        return rendered.error().toString();
    auto client = provider->clientFor(unit);
    if (!client)
        return client.error().toString();
    auto result = reconcile::SyncRunner::run(**client, unit, **rendered, target->commit, {.environment = unit.name}, {}, {});
    return result.succeeded() ? QString() : result.error->toString();
}

} // namespace

FleetFixture::FleetFixture(FleetSizes sizes)
    : m_sizes(sizes), m_applications((sizes.environments + sizes.clusters - 1) / sizes.clusters) {}

FleetFixture::~FleetFixture() = default;

bool FleetFixture::prepare(QString* error) {
    return startClusters(error) && commitWorkspace(error) && trustClusters(error) && deploy(error);
}

QString FleetFixture::kubeconfigOf(int cluster) const {
    return m_scratch.filePath(QStringLiteral("cluster-%1.kubeconfig").arg(cluster));
}

// From /proc/PID/stat: utime and stime, fields 14 and 15, in clock ticks.
double FleetFixture::clusterCpuSeconds() const {
    double seconds = 0;
    for (const auto& cluster : m_clusters) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(cluster->processId()));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            seconds += double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
    }
    return seconds;
}

bool FleetFixture::startClusters(QString* error) {
    for (int c = 0; c < m_sizes.clusters; ++c) {
        app::DevClusterLaunch launch;
        launch.binary = QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY);
        launch.dataDir = m_scratch.filePath(QStringLiteral("cluster-%1").arg(c));
        launch.kubeconfig = kubeconfigOf(c);
        launch.context = QStringLiteral("bench-%1").arg(c);
        auto cluster = std::make_unique<app::DevClusterLauncher>(launch);
        if (auto started = cluster->start(); !started) {
            *error = started.error().toString();
            return false;
        }
        m_clusters.push_back(std::move(cluster));
    }
    return true;
}

// Places first (one cluster each), then every application in every place, in its own
// namespace: the matrix is applications × places.
QByteArray FleetFixture::workspaceYaml() const {
    QByteArray yaml = "version: 2\nenvironments:\n";
    for (int p = 0; p < m_sizes.clusters; ++p)
        yaml += "  - name: " + placeName(p) + "\n    cluster:\n      kubeconfig: " + kubeconfigOf(p).toUtf8() + "\n";
    yaml += "applications:\n";
    for (int a = 0; a < m_applications; ++a) {
        const QByteArray name = applicationName(a);
        yaml += "  - name: " + name + "\n    renderer: plain\n    environments:\n";
        for (int p = 0; p < m_sizes.clusters; ++p)
            yaml += "      " + placeName(p) + ": {path: apps/" + name + "/" + placeName(p) + ", namespace: " + name + "}\n";
    }
    yaml += "promotion: [";
    for (int p = 0; p < m_sizes.clusters; ++p)
        yaml += (p ? ", " : "") + placeName(p);
    return yaml + "]\n";
}

bool FleetFixture::commitWorkspace(QString* error) {
    const QString repo = repository();
    const QByteArray yaml = workspaceYaml();
    if (!writeFile(repo + QStringLiteral("/syncline.yaml"), yaml))
        return *error = QStringLiteral("cannot write syncline.yaml"), false;
    for (int a = 0; a < m_applications; ++a)
        for (int p = 0; p < m_sizes.clusters; ++p) {
            const QByteArray unit = applicationName(a) + "/" + placeName(p);
            for (const auto& [file, text] : fleetEnvironmentFiles(m_sizes.resources, unit))
                if (!writeFile(repo + QStringLiteral("/apps/") + QString::fromUtf8(unit) + QLatin1Char('/') + file, text))
                    return *error = QStringLiteral("cannot write %1").arg(file), false;
        }
    if (!runGit(repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")}, error) ||
        !runGit(repo, {QStringLiteral("add"), QStringLiteral("-A")}, error) ||
        !runGit(repo,
                {QStringLiteral("-c"), QStringLiteral("user.name=Bench"), QStringLiteral("-c"),
                 QStringLiteral("user.email=bench@example.com"), QStringLiteral("commit"), QStringLiteral("-qm"),
                 QStringLiteral("bench workspace")},
                error))
        return false;
    auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
    if (!config)
        return *error = config.error().toString(), false;
    m_config = std::move(*config);
    return true;
}

// The bench made these clusters: it trusts them (in a consent file of its own).
bool FleetFixture::trustClusters(QString* error) {
    m_consent = std::make_shared<reconcile::ClusterConsentStore>(m_scratch.filePath(QStringLiteral("consent.conf")));
    const QString key = reconcile::ClusterConsentStore::repositoryKeyOf(repository());
    for (const auto& unit : m_config->environments) {
        if (auto trusted = m_consent->trust(key, unit, repository()); !trusted)
            return *error = trusted.error().toString(), false;
    }
    return true;
}

bool FleetFixture::deploy(QString* error) {
    QElapsedTimer clock;
    clock.start();
    std::shared_ptr<reconcile::ClientProvider> provider = std::make_shared<reconcile::KubeconfigClientProvider>(
        repository(), std::make_shared<kube::InMemoryExecApprovals>(), m_consent);
    QThreadPool pool;
    pool.setMaxThreadCount(m_sizes.clusters);
    std::vector<QFuture<QString>> deployed;
    for (const auto& unit : m_config->environments)
        deployed.push_back(util::runOn(
            pool, [repo = repository(), provider, unit] { return deployUnit(repo, provider, unit); }, QStringLiteral("deploying"),
            [](const util::Error& failure) { return failure.toString(); }));
    for (auto& future : deployed) {
        future.waitForFinished();
        if (!future.result().isEmpty())
            return *error = QStringLiteral("deploy: %1").arg(future.result()), false;
    }
    m_deploySeconds = double(clock.elapsed()) / 1000.0;
    return true;
}

} // namespace syncline::bench
