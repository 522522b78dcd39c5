// The native kustomize renderer on a small repository made from the input: its parts
// (split at "%%%" lines) become the files below, in this order. A part that starts with
// "#path: some/file.yaml" is put there instead, so the fuzzer can also make its own names.
#include "FuzzInput.h"
#include "FuzzTargets.h"
#include "MemoryFileSource.h"
#include "manifest/BudgetedFileSource.h"
#include "manifest/KustomizeRenderer.h"
#include "manifest/YamlWriter.h"

#include <array>

namespace syncline::fuzz {

namespace {

constexpr std::array<const char*, 8> kDefaultPaths{
    "env/kustomization.yaml",
    "env/deployment.yaml",
    "env/patch.yaml",
    "env/app.properties",
    "base/kustomization.yaml",
    "base/service.yaml",
    "components/extra/kustomization.yaml",
    "components/extra/patch.yaml",
};

MemoryFileSource repositoryFrom(std::string_view input) {
    MemoryFileSource source;
    const auto parts = splitParts(input, kDefaultPaths.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
        QByteArray content(parts[i].data(), qsizetype(parts[i].size()));
        QString path = QString::fromLatin1(kDefaultPaths[i]);
        if (content.startsWith("#path: ")) {
            const qsizetype end = content.indexOf('\n');
            path = QString::fromUtf8(content.mid(7, end < 0 ? -1 : end - 7));
        }
        source.addFile(path, content);
    }
    return source;
}

} // namespace

int fuzzKustomize(const std::uint8_t* data, std::size_t size) {
    const MemoryFileSource repository = repositoryFrom(asText(data, size));
    manifest::RenderOptions options;
    options.kubectlBinary = QStringLiteral("/nonexistent/kubectl"); // fields not built in stay errors: no process
    manifest::RenderBudget budget(options.budget, options.cancel);
    const manifest::BudgetedFileSource source(repository, budget);
    const manifest::RenderResult result = manifest::KustomizeRenderer(source, options).render(QStringLiteral("env"));
    for (const manifest::ManifestObject& object : result.objects)
        (void)manifest::writeYaml(object.body); // what `syncline render` prints
    return 0;
}

} // namespace syncline::fuzz
