#include "manifest/ExternalKustomize.h"

#include "manifest/FolderExport.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/KustomizeRenderer.h"
#include "manifest/PlainRenderer.h"
#include "manifest/ToolProcess.h"
#include "manifest/YamlParser.h"

#include <QDir>
#include <QSet>
#include <QTemporaryDir>

#include <algorithm>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

util::Unexpected failAt(util::ErrorCode code, const QString& message, const QString& where) {
    return util::fail(code, message, where);
}

} // namespace

ExternalKustomize::ExternalKustomize(const BudgetedFileSource& source, const RenderOptions& options)
    : m_source(source), m_budget(source.budget()), m_options(options) {}

// The folders a kustomization reaches (itself, and the folders its resources, bases and
// components name, recursively) copied out of the Git tree: what kubectl kustomize may
// read. Remote entries are refused here, so kubectl never goes to the network for them.
util::Result<void> ExternalKustomize::exportReachableFolders(FolderExport& exporter, const QString& directory) const {
    QStringList queue{directory};
    QSet<QString> seen{directory};
    QStringList exported;
    while (!queue.isEmpty()) {
        const QString folder = queue.takeFirst();
        const bool covered = std::any_of(exported.begin(), exported.end(), [&](const QString& root) {
            return root.isEmpty() || folder == root || folder.startsWith(root + QLatin1Char('/'));
        });
        if (!covered) {
            if (auto ok = exporter.exportFolder(folder, QString()); !ok)
                return ok;
            exported << folder;
        }
        const auto file = KustomizeRenderer::kustomizationFile(m_source, folder);
        if (!file)
            continue;
        auto bytes = m_source.readFile(*file);
        if (!bytes)
            return util::fail(bytes.error());
        auto documents =
            parseYamlStream(std::string_view(bytes->constData(), std::size_t(bytes->size())), *file, m_options.limits, &m_budget);
        if (!documents || documents->empty() || !documents->front().value.is_object())
            continue; // kubectl says what is wrong with it
        for (const char* key : {"resources", "bases", "components"}) {
            const Json& entries = documents->front().value.value(key, Json::array());
            if (!entries.is_array())
                continue;
            for (const Json& item : entries) {
                if (!item.is_string())
                    continue;
                const QString entry = QString::fromStdString(item.get<std::string>());
                if (isRemoteReference(entry))
                    return failAt(util::ErrorCode::Unsupported,
                                  QStringLiteral("remote bases are not allowed (no network while rendering): %1").arg(entry),
                                  *file);
                auto path = cleanRepositoryPath(folder.isEmpty() ? entry : folder + QLatin1Char('/') + entry);
                if (!path || seen.contains(*path) || m_source.typeOf(*path) != EntryType::Directory)
                    continue;
                if (auto ok = m_budget.chargeKustomizeBuild(*path); !ok)
                    return ok;
                seen.insert(*path);
                queue << *path;
            }
        }
    }
    return {};
}

RenderResult ExternalKustomize::render(const QString& directory, const util::Error& notBuiltIn) const {
    RenderResult result;
    result.renderer = QStringLiteral("kubectl kustomize (external)");
    const QString where = notBuiltIn.where;
    auto fail = [&](const util::Error& error) {
        result.errors.push_back(util::makeError(error.code, error.message, error.where.isEmpty() ? where : error.where));
        result.cacheable = !m_budget.interrupted() && error.code != util::ErrorCode::Timeout;
        return result;
    };
    QString program = findTool(QStringLiteral("kubectl"), m_options.kubectlBinary);
    QStringList arguments{QStringLiteral("kustomize")};
    if (program.isEmpty() && m_options.kubectlBinary.isEmpty()) {
        program = findTool(QStringLiteral("kustomize"));
        arguments = {QStringLiteral("build")};
    }
    if (program.isEmpty()) {
        fail(util::makeError(util::ErrorCode::Unsupported,
                             notBuiltIn.message + QStringLiteral("; install kubectl (or kustomize) to render it"), where));
        result.cacheable = false; // installing kubectl must not wait for a new commit
        return result;
    }
    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/syncline-kustomize-XXXXXX"));
    if (!scratch.isValid())
        return fail(
            util::makeError(util::ErrorCode::Generic, QStringLiteral("cannot create a scratch folder for kubectl"), where));
    FolderExport exporter(m_source, scratch.filePath(QStringLiteral("repo")));
    if (auto ok = exportReachableFolders(exporter, directory); !ok)
        return fail(ok.error());
    const QString home = scratch.filePath(QStringLiteral("home"));
    QDir().mkpath(home);
    const QString tool =
        arguments.front() == QLatin1String("build") ? QStringLiteral("kustomize build") : QStringLiteral("kubectl kustomize");
    arguments << exporter.localPath(directory);
    const QString noNetwork = QStringLiteral("http://127.0.0.1:9"); // nothing listens: no remote base is fetched
    auto output = runTool(ToolRun{.program = program,
                                  .arguments = arguments,
                                  .workingDirectory = scratch.path(),
                                  .environment = {{QStringLiteral("KUBECONFIG"), home + QStringLiteral("/no-kubeconfig")},
                                                  {QStringLiteral("HTTP_PROXY"), noNetwork},
                                                  {QStringLiteral("HTTPS_PROXY"), noNetwork},
                                                  {QStringLiteral("GIT_ALLOW_PROTOCOL"), QStringLiteral("file")},
                                                  {QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0")}},
                                  .home = home,
                                  .timeout = m_options.toolTimeout,
                                  .maxOutputBytes = m_options.budget.maxToolOutputBytes,
                                  .rewrites = {{exporter.localPath(QString()) + QLatin1Char('/'), QString()},
                                               {scratch.path(), QStringLiteral("(scratch)")}},
                                  .name = tool},
                          m_budget, where);
    if (!output)
        return fail(output.error());
    YamlLimits limits = m_options.limits;
    limits.maxFileBytes = std::max<std::size_t>(limits.maxFileBytes, m_options.budget.maxToolOutputBytes);
    auto documents =
        parseYamlStream(std::string_view(output->standardOutput.constData(), std::size_t(output->standardOutput.size())),
                        tool + QLatin1Char(' ') + directory, limits, &m_budget);
    if (!documents)
        return fail(documents.error());
    appendManifestObjects(std::move(*documents), result.objects, result.errors);
    if (auto ok = m_budget.chargeObjects(result.objects.size(), directory); !ok) {
        result.objects.clear();
        return fail(ok.error());
    }
    result.warnings << QStringLiteral("%1 (%2); rendered with %3").arg(notBuiltIn.message, where, tool);
    return result;
}

} // namespace syncline::manifest
