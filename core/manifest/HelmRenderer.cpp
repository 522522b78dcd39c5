#include "manifest/HelmRenderer.h"

#include "manifest/FolderExport.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/PlainRenderer.h"
#include "manifest/ToolProcess.h"
#include "manifest/YamlParser.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QTemporaryDir>

#include <algorithm>

namespace syncline::manifest {

namespace {

const QString kValuesRef = QStringLiteral("$values/");

RenderResult failure(util::ErrorCode code, const QString& message, const QString& where) {
    RenderResult result;
    result.renderer = QStringLiteral("helm");
    result.errors.push_back(util::makeError(code, message, where));
    return result;
}

// As Argo CD passes parameters: a comma is part of the value unless the value is a
// helm list ("{a,b}"), so it is escaped for --set.
QString setValue(const QString& value) {
    if (value.startsWith(QLatin1Char('{')) && value.endsWith(QLatin1Char('}')))
        return value;
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == QLatin1Char(',') && (i == 0 || value[i - 1] != QLatin1Char('\\')))
            out += QLatin1Char('\\');
        out += value[i];
    }
    return out;
}

// "# Source: mychart/templates/a.yaml" lines of helm's output: (line, repository path).
std::vector<std::pair<int, QString>> sourceComments(const QByteArray& output, const QString& chart) {
    static const QByteArray marker("# Source: ");
    std::vector<std::pair<int, QString>> sources;
    int line = 1;
    qsizetype start = 0;
    while (start < output.size()) {
        qsizetype end = output.indexOf('\n', start);
        if (end < 0)
            end = output.size();
        if (output.sliced(start, end - start).startsWith(marker)) {
            const QString path = QString::fromUtf8(output.sliced(start + marker.size(), end - start - marker.size())).trimmed();
            const qsizetype slash = path.indexOf(QLatin1Char('/'));
            sources.emplace_back(line, slash < 0 ? chart : joinRepositoryPath(chart, path.mid(slash + 1)));
        }
        ++line;
        start = end + 1;
    }
    return sources;
}

struct ToolVersion {
    qint64 size = -1;
    QDateTime modified;
    QString version;
};

} // namespace

HelmRenderer::HelmRenderer(const BudgetedFileSource& source, const RenderOptions& options)
    : m_source(source), m_options(options) {}

bool HelmRenderer::isChart(const FileSource& source, const QString& folder) {
    return source.typeOf(joinRepositoryPath(folder, QStringLiteral("Chart.yaml"))) == EntryType::File;
}

QStringList HelmRenderer::templateArguments(const HelmSource& helm, const QString& chart, const QStringList& valueFiles) {
    QStringList arguments{QStringLiteral("template"),
                          helm.releaseName.isEmpty() ? QStringLiteral("release-name") : helm.releaseName, chart};
    if (!helm.namespace_.isEmpty())
        arguments << QStringLiteral("--namespace") << helm.namespace_;
    for (const QString& file : valueFiles)
        arguments << QStringLiteral("-f") << file;
    for (const auto& [name, value] : helm.parameters)
        arguments << QStringLiteral("--set") << name + QLatin1Char('=') + setValue(value);
    if (helm.includeCrds)
        arguments << QStringLiteral("--include-crds");
    if (!helm.kubeVersion.isEmpty())
        arguments << QStringLiteral("--kube-version") << helm.kubeVersion;
    for (const QString& apiVersion : helm.apiVersions)
        arguments << QStringLiteral("--api-versions") << apiVersion;
    return arguments;
}

QString HelmRenderer::versionOf(const QString& binary) {
    static QMutex mutex;
    static QHash<QString, ToolVersion> known;
    const QFileInfo info(binary);
    {
        QMutexLocker lock(&mutex);
        auto it = known.constFind(binary);
        if (it != known.constEnd() && it->size == info.size() && it->modified == info.lastModified())
            return it->version;
    }
    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/syncline-helm-XXXXXX"));
    RenderBudget budget(RenderLimits{.maxTime = std::chrono::seconds(20)});
    auto output =
        runTool(ToolRun{.program = binary,
                        .arguments = {QStringLiteral("version"), QStringLiteral("--template"), QStringLiteral("{{.Version}}")},
                        .home = scratch.path(),
                        .timeout = std::chrono::seconds(20),
                        .maxOutputBytes = 4096,
                        .name = QStringLiteral("helm")},
                budget, binary);
    const QString version = output ? QString::fromUtf8(output->standardOutput).trimmed() : QString();
    QMutexLocker lock(&mutex);
    known.insert(binary, ToolVersion{info.size(), info.lastModified(), version});
    return version;
}

RenderResult HelmRenderer::render(const QString& folder) const {
    const HelmSource helm = withCluster(m_options.helm.value_or(HelmSource{}), m_options.cluster ? &*m_options.cluster : nullptr);
    const QString chart = cleanRepositoryPath(helm.chartPath.isEmpty() ? folder : helm.chartPath).value_or(QString());
    const QString where = chart.isEmpty() ? QStringLiteral("/") : chart;
    const QString binary = findTool(QStringLiteral("helm"), m_options.helmBinary);
    if (binary.isEmpty()) {
        RenderResult result =
            failure(util::ErrorCode::NotFound,
                    m_options.helmBinary.isEmpty()
                        ? QStringLiteral("Helm charts need helm on PATH")
                        : QStringLiteral("Helm charts need helm; '%1' is not an executable").arg(m_options.helmBinary),
                    where);
        result.cacheable = false; // installing helm must not wait for a new commit
        return result;
    }
    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/syncline-helm-XXXXXX"));
    if (!scratch.isValid())
        return failure(util::ErrorCode::Generic, QStringLiteral("cannot create a scratch folder for helm"), where);
    FolderExport exporter(m_source, scratch.filePath(QStringLiteral("repo")));
    auto chartArgument = helm.remoteChart ? remoteArchive(*helm.remoteChart, where) : exportChart(exporter, chart, where);
    if (!chartArgument) {
        RenderResult result = failure(chartArgument.error().code, chartArgument.error().message, chartArgument.error().where);
        // A chart not allowed yet, offline or missing from the repository: allowing it or
        // going online must not wait for a new commit. A chart not in this tree stays so.
        result.cacheable = !helm.remoteChart && !m_source.budget().interrupted();
        return result;
    }
    auto valueFiles = exportValueFiles(exporter, helm, chart, scratch.path());
    if (!valueFiles)
        return failure(valueFiles.error().code, valueFiles.error().message, valueFiles.error().where);

    const QString home = scratch.filePath(QStringLiteral("home"));
    QDir().mkpath(home);
    const ToolRun run{
        .program = binary,
        .arguments = templateArguments(helm, *chartArgument, *valueFiles),
        .workingDirectory = scratch.path(),
        .environment = {{QStringLiteral("HELM_CACHE_HOME"), home + QStringLiteral("/cache")},
                        {QStringLiteral("HELM_CONFIG_HOME"), home + QStringLiteral("/config")},
                        {QStringLiteral("HELM_DATA_HOME"), home + QStringLiteral("/data")},
                        {QStringLiteral("KUBECONFIG"), home + QStringLiteral("/no-kubeconfig")}},
        .home = home,
        .timeout = m_options.toolTimeout,
        .maxOutputBytes = m_options.budget.maxToolOutputBytes,
        .rewrites = {{exporter.localPath(QString()) + QLatin1Char('/'), QString()},
                     {scratch.filePath(QStringLiteral("inline-values.yaml")), QStringLiteral("(inline values)")},
                     {scratch.path(), QStringLiteral("(scratch)")}},
        .name = QStringLiteral("helm template"),
    };
    auto output = runTool(run, m_source.budget(), where);
    if (!output) {
        const QString message = helm.remoteChart
                                    ? QStringLiteral("chart %1 from %2: %3")
                                          .arg(helm.remoteChart->chart, helm.remoteChart->repositoryUrl, output.error().message)
                                    : output.error().message;
        RenderResult result = failure(output.error().code, message, where);
        const util::ErrorCode code = output.error().code;
        result.cacheable = code != util::ErrorCode::Timeout && code != util::ErrorCode::Cancelled &&
                           !m_source.budget().interrupted() && !output.error().message.contains(QLatin1String("cannot start"));
        return result;
    }
    RenderResult result;
    result.renderer = QStringLiteral("helm");
    parseOutput(output->standardOutput, chart, result);
    return result;
}

util::Result<QString> HelmRenderer::exportChart(FolderExport& exporter, const QString& chart, const QString& where) const {
    if (!isChart(m_source, chart))
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no Chart.yaml in '%1'").arg(where), where);
    // Argo CD's repo server allows symlinks that stay in the repository; so does this.
    if (auto ok = exporter.exportFolder(chart, QString()); !ok)
        return util::fail(ok.error());
    return exporter.localPath(chart);
}

util::Result<QString> HelmRenderer::remoteArchive(const RemoteChart& remote, const QString& where) const {
    if (QString problem = remoteChartProblem(remote); !problem.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument, problem, where);
    if (!m_options.charts)
        return util::fail(
            util::ErrorCode::Unsupported,
            QStringLiteral("chart from %1: charts from Helm repositories are not reached here").arg(remote.repositoryUrl), where);
    auto local = m_options.charts->localChart(remote, m_source.budget());
    if (!local) // its `where` names the chart and its URL
        return util::fail(local.error().code, local.error().toString(), where);
    return local->archive;
}

util::Result<QStringList> HelmRenderer::exportValueFiles(FolderExport& exporter, const HelmSource& helm, const QString& chart,
                                                         const QString& scratch) const {
    QStringList local;
    for (const QString& file : helm.valueFiles) {
        if (file.contains(QLatin1String("://")))
            return util::fail(util::ErrorCode::Unsupported,
                              QStringLiteral("value file '%1' is remote; Syncline renders without network").arg(file), chart);
        // Argo CD multi-source: "$values/..." is a path from the repository's root.
        const QString path = file.startsWith(kValuesRef) ? file.mid(kValuesRef.size()) : joinRepositoryPath(chart, file);
        auto cleaned = cleanRepositoryPath(path);
        if (!cleaned || cleaned->isEmpty())
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("value file '%1' is not a file inside the repository").arg(file), chart);
        if (m_source.typeOf(*cleaned) != EntryType::File)
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("value file '%1' does not exist").arg(*cleaned), chart);
        if (auto ok = exporter.exportFile(*cleaned); !ok)
            return util::fail(ok.error());
        local << exporter.localPath(*cleaned);
    }
    if (!helm.values.trimmed().isEmpty()) {
        QFile inline_(scratch + QStringLiteral("/inline-values.yaml"));
        const QByteArray bytes = helm.values.toUtf8();
        if (!inline_.open(QIODevice::WriteOnly) || inline_.write(bytes) != bytes.size())
            return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot write the inline values"), chart);
        local << inline_.fileName(); // after the files, as Argo CD and Flux order them
    }
    return local;
}

// helm's output is one YAML stream; each document is attributed to the template that
// made it (helm's "# Source:" comments), so errors and objects name a repository file.
void HelmRenderer::parseOutput(const QByteArray& output, const QString& chart, RenderResult& result) const {
    const QString name = QStringLiteral("helm template %1").arg(chart.isEmpty() ? QStringLiteral(".") : chart);
    YamlLimits limits = m_options.limits;
    limits.maxFileBytes = std::max<std::size_t>(limits.maxFileBytes, m_options.budget.maxToolOutputBytes);
    auto documents =
        parseYamlStream(std::string_view(output.constData(), std::size_t(output.size())), name, limits, &m_source.budget());
    if (!documents) {
        result.errors.push_back(documents.error());
        return;
    }
    const auto sources = sourceComments(output, chart);
    for (YamlDocument& document : *documents) {
        auto after = std::upper_bound(sources.begin(), sources.end(), document.line,
                                      [](int line, const auto& source) { return line < source.first; });
        if (after != sources.begin()) {
            document.fileName = std::prev(after)->second;
            document.line = 0; // a line of helm's output, not of the template
            document.column = 0;
        }
    }
    const std::size_t before = result.objects.size();
    appendManifestObjects(std::move(*documents), result.objects, result.errors);
    if (auto ok = m_source.budget().chargeObjects(result.objects.size() - before, name); !ok) {
        result.objects.clear();
        result.errors.push_back(ok.error());
    }
}

} // namespace syncline::manifest
