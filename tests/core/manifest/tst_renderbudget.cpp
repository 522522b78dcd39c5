// One budget per render: every hostile repository here is built by the test itself (in a
// scratch Git repository or an in-memory source) and must end in the budget's error,
// naming the limit and the file, never in a hang, a crash or a huge allocation.

#include "git/TreeSnapshot.h"
#include "manifest/BudgetedFileSource.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/KustomizeRenderer.h"
#include "manifest/RenderBudget.h"
#include "manifest/RenderCache.h"
#include "manifest/Renderer.h"
#include "support/GitFixture.h"

#include <QMap>
#include <QTest>

#include <functional>
#include <memory>
#include <new>

using namespace syncline;
using namespace syncline::manifest;
using Limit = RenderBudget::Limit;

namespace {

QByteArray configMap(const QString& name) {
    return QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1\n").arg(name).toUtf8();
}

QString errorsOf(const RenderResult& result) {
    QStringList lines;
    for (const auto& error : result.errors)
        lines << error.toString();
    return lines.join(QLatin1Char('\n'));
}

// A scratch repository and sources over its commits.
class Repo {
public:
    void write(const QString& path, const QByteArray& content) { m_fixture.writeFile(path, content); }
    QString commit() { return m_fixture.commitAll(QStringLiteral("change"), 1700000000); }
    std::unique_ptr<GitTreeFileSource> source(const QString& commit) {
        if (!m_repository)
            m_repository = test::openRepository(m_fixture.path());
        auto snapshot = git::TreeSnapshot::atRevision(m_repository, commit);
        return snapshot ? std::make_unique<GitTreeFileSource>(*snapshot) : nullptr;
    }
    test::GitFixture& fixture() { return m_fixture; }

private:
    test::GitFixture m_fixture;
    std::shared_ptr<const git::Repository> m_repository;
};

// A YAML file with one anchored scalar of `scalarBytes` and `aliases` aliases of it,
// one per line, so an error's line number tells how far the parser went.
QByteArray aliasBomb(const QString& name, int scalarBytes, int aliases) {
    QByteArray yaml = configMap(name) + "data:\n  a: &x " + QByteArray(scalarBytes, 'x') + "\nlist:\n";
    for (int i = 0; i < aliases; ++i)
        yaml += "- *x\n";
    return yaml;
}

// Level 0 .. levels-1, four folders per level, each including all four folders of the
// next level; the last level includes one leaf. With prefixes, every folder renames what
// it includes, so nothing collides and the objects multiply by four per level.
int writeDiamond(Repo& repo, int levels, bool prefixes) {
    repo.write(QStringLiteral("leaf/kustomization.yaml"), "resources: [cm.yaml]\n");
    repo.write(QStringLiteral("leaf/cm.yaml"), configMap(QStringLiteral("leaf")));
    for (int level = 0; level < levels; ++level) {
        for (int n = 0; n < 4; ++n) {
            QByteArray k = "resources:\n";
            if (level + 1 == levels) {
                k += "- ../../leaf\n";
            } else {
                for (int next = 0; next < 4; ++next)
                    k += QStringLiteral("- ../../l%1/n%2\n").arg(level + 1).arg(next).toUtf8();
            }
            if (prefixes)
                k += QStringLiteral("namePrefix: p%1-\n").arg(n).toUtf8();
            repo.write(QStringLiteral("l%1/n%2/kustomization.yaml").arg(level).arg(n), k);
        }
    }
    return levels * 4 + 1;
}

// Files held in memory; reading `throwing` throws what `thrower` throws, standing in for
// a library or the allocator failing deep inside a render.
class MemoryFileSource final : public FileSource {
public:
    QMap<QString, QByteArray> files;
    QString throwing;
    std::function<void()> thrower;

    util::Result<QByteArray> readFile(const QString& path) const override {
        if (path == throwing && thrower)
            thrower();
        if (!files.contains(path))
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such file"), path);
        return files.value(path);
    }
    util::Result<std::vector<DirectoryEntry>> listDirectory(const QString& path) const override {
        std::vector<DirectoryEntry> entries;
        for (auto it = files.begin(); it != files.end(); ++it) {
            if (it.key().section(QLatin1Char('/'), 0, -2) == path)
                entries.push_back({it.key().section(QLatin1Char('/'), -1), EntryType::File});
        }
        return entries;
    }
    std::optional<EntryType> typeOf(const QString& path) const override {
        if (files.contains(path))
            return EntryType::File;
        for (auto it = files.begin(); it != files.end(); ++it) {
            if (it.key().startsWith(path + QLatin1Char('/')))
                return EntryType::Directory;
        }
        return std::nullopt;
    }
    util::Result<QString> resolvedPath(const QString& path) const override { return path; }
    QString contentId(const QString& path) const override { return QString::fromLatin1(files.value(path).toHex()); }
    QString describe() const override { return QStringLiteral("memory"); }
};

} // namespace

class TestRenderBudget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sharedSubtreesStopAtTheFileCount();
    void anchoredScalarAliasedManyTimesStopsEarly();
    void aliasBytesAreOneBudgetAcrossFiles();
    void diamondBuildsEachFolderOnce();
    void diamondThatMultipliesObjectsStopsAtTheObjectLimit();
    void kustomizeBuildLimit();
    void bytesReadLimit();
    void deadlineAndCancellationAreNotCached();
    void exceptionsBecomeErrorsAndAreNotCached();
};

// A repository of six objects whose env folder lists 10^8 files: one tree of 100 blobs,
// referenced 100 times by the next tree, four levels deep.
void TestRenderBudget::sharedSubtreesStopAtTheFileCount() {
    Repo repo;
    test::GitFixture& git = repo.fixture();
    const QString blob =
        git.git({QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin")}, "not a manifest\n").trimmed();
    QByteArray listing;
    for (int i = 0; i < 100; ++i)
        listing += QStringLiteral("100644 blob %1\tf%2.txt\n").arg(blob).arg(i, 2, 10, QLatin1Char('0')).toUtf8();
    QString tree = git.git({QStringLiteral("mktree")}, listing).trimmed();
    for (int level = 0; level < 3; ++level) {
        QByteArray dirs;
        for (int i = 0; i < 100; ++i)
            dirs += QStringLiteral("040000 tree %1\td%2\n").arg(tree).arg(i, 2, 10, QLatin1Char('0')).toUtf8();
        tree = git.git({QStringLiteral("mktree")}, dirs).trimmed();
    }
    const QString root =
        git.git({QStringLiteral("mktree")}, QStringLiteral("040000 tree %1\tenv\n").arg(tree).toUtf8()).trimmed();
    const QString commit =
        git.git({QStringLiteral("commit-tree"), root, QStringLiteral("-m"), QStringLiteral("10^8 files")}).trimmed();
    QVERIFY(!commit.isEmpty());
    QCOMPARE(git.git({QStringLiteral("count-objects"), QStringLiteral("-v")}).section(QLatin1Char('\n'), 0, 0),
             QStringLiteral("count: 7")); // blob, four trees, root, commit

    auto source = repo.source(commit);
    QVERIFY(source);
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Auto);
    QCOMPARE(result.errors.size(), std::size_t(1));
    const util::Error& error = result.errors[0];
    QCOMPARE(error.code, util::ErrorCode::InvalidArgument);
    QVERIFY2(error.message.contains(QLatin1String("over the render budget for files visited: more than 200000")),
             qPrintable(error.toString()));
    QVERIFY2(error.where.startsWith(QLatin1String("env/d")), qPrintable(error.toString()));
}

void TestRenderBudget::anchoredScalarAliasedManyTimesStopsEarly() {
    Repo repo;
    repo.write(QStringLiteral("env/bomb.yaml"), aliasBomb(QStringLiteral("bomb"), 64 * 1024, 20'000));
    repo.write(QStringLiteral("env/fine.yaml"), configMap(QStringLiteral("fine")));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(result.errors.size(), std::size_t(1));
    const util::Error& error = result.errors[0];
    QCOMPARE(error.code, util::ErrorCode::InvalidArgument);
    QVERIFY2(error.message.contains(QLatin1String("alias-expanded bytes")), qPrintable(error.toString()));
    QVERIFY2(error.where.startsWith(QLatin1String("env/bomb.yaml:")), qPrintable(error.toString()));
    // Stopped at the 513th alias (32 MiB), not after 20,000 (1.3 GB): alias N is on line N + 7.
    QCOMPARE(error.where.section(QLatin1Char(':'), 1, 1).toInt(), 513 + 7);
    QCOMPARE(result.objects.size(), std::size_t(1)); // the other file still renders
}

void TestRenderBudget::aliasBytesAreOneBudgetAcrossFiles() {
    Repo repo;
    // Each file alone is far below the per-file limit; together they pass the budget.
    repo.write(QStringLiteral("env/a.yaml"), aliasBomb(QStringLiteral("a"), 64 * 1024, 10));
    repo.write(QStringLiteral("env/b.yaml"), aliasBomb(QStringLiteral("b"), 64 * 1024, 10));
    auto source = repo.source(repo.commit());
    RenderOptions options;
    options.budget.maxAliasBytes = 1024 * 1024;
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain, options);
    QCOMPARE(result.errors.size(), std::size_t(1));
    const util::Error& error = result.errors[0];
    QCOMPARE(error.message, QStringLiteral("over the render budget for alias-expanded bytes: more than 1.0 MiB in one render"));
    QVERIFY2(error.where.startsWith(QLatin1String("env/b.yaml:14:")), qPrintable(error.toString())); // 7th alias of b
    QCOMPARE(result.objects.size(), std::size_t(1));
}

void TestRenderBudget::diamondBuildsEachFolderOnce() {
    Repo repo;
    const int folders = writeDiamond(repo, 29, false);
    auto source = repo.source(repo.commit());
    RenderBudget budget;
    BudgetedFileSource budgeted(*source, budget);
    const RenderResult result = KustomizeRenderer(budgeted).render(QStringLiteral("l0/n0"));
    // kubectl kustomize fails the same way: the leaf arrives four times in l27/n0.
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.startsWith(QLatin1String("duplicate resource ConfigMap leaf")),
             qPrintable(errorsOf(result)));
    QVERIFY2(budget.used(Limit::KustomizeBuilds) <= std::uint64_t(folders),
             qPrintable(QString::number(budget.used(Limit::KustomizeBuilds))));
    QVERIFY(!budget.exhausted());
}

void TestRenderBudget::diamondThatMultipliesObjectsStopsAtTheObjectLimit() {
    Repo repo;
    const int folders = writeDiamond(repo, 29, true);
    auto source = repo.source(repo.commit());
    RenderBudget budget;
    BudgetedFileSource budgeted(*source, budget);
    const RenderResult result = KustomizeRenderer(budgeted).render(QStringLiteral("l0/n0"));
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    const util::Error& error = result.errors[0];
    QCOMPARE(error.code, util::ErrorCode::InvalidArgument);
    QCOMPARE(error.message, QStringLiteral("over the render budget for objects: more than 100000 in one render"));
    QVERIFY2(error.where.startsWith(QLatin1String("l")), qPrintable(error.toString()));
    QVERIFY2(budget.used(Limit::KustomizeBuilds) <= std::uint64_t(folders),
             qPrintable(QString::number(budget.used(Limit::KustomizeBuilds))));

    // The same diamond three levels deep renders like kubectl: 4^2 objects, each folder built once.
    Repo small;
    writeDiamond(small, 3, true);
    auto smallSource = small.source(small.commit());
    RenderBudget smallBudget;
    BudgetedFileSource smallBudgeted(*smallSource, smallBudget);
    const RenderResult rendered = KustomizeRenderer(smallBudgeted).render(QStringLiteral("l0/n0"));
    QVERIFY2(rendered.ok(), qPrintable(errorsOf(rendered)));
    QCOMPARE(rendered.objects.size(), std::size_t(16));
    QCOMPARE(smallBudget.used(Limit::KustomizeBuilds), std::uint64_t(3 * 4 + 1 - 3)); // l0/n1..n3 are never reached
}

void TestRenderBudget::kustomizeBuildLimit() {
    Repo repo;
    for (int i = 0; i < 10; ++i)
        repo.write(QStringLiteral("chain/k%1/kustomization.yaml").arg(i),
                   i == 9 ? QByteArray("resources: []\n") : QStringLiteral("resources: [../k%1]\n").arg(i + 1).toUtf8());
    auto source = repo.source(repo.commit());
    RenderOptions options;
    options.budget.maxKustomizeBuilds = 5;
    const RenderResult result = render(*source, QStringLiteral("chain/k0"), RendererKind::Kustomize, options);
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].message, QStringLiteral("over the render budget for kustomize builds: more than 5 in one render"));
    QCOMPARE(result.errors[0].where, QStringLiteral("chain/k5"));
}

void TestRenderBudget::bytesReadLimit() {
    Repo repo;
    for (int i = 0; i < 4; ++i)
        repo.write(QStringLiteral("env/f%1.yaml").arg(i),
                   configMap(QStringLiteral("c%1").arg(i)) + "data:\n  pad: " + QByteArray(400 * 1024, 'p') + "\n");
    auto source = repo.source(repo.commit());
    RenderOptions options;
    options.budget.maxBytesRead = 1024 * 1024;
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain, options);
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].message, QStringLiteral("over the render budget for bytes read: more than 1.0 MiB in one render"));
    QCOMPARE(result.errors[0].where, QStringLiteral("env/f2.yaml"));
    QCOMPARE(result.objects.size(), std::size_t(2)); // what was read before stays
}

void TestRenderBudget::deadlineAndCancellationAreNotCached() {
    Repo repo;
    repo.write(QStringLiteral("env/a.yaml"), configMap(QStringLiteral("a")));
    auto source = repo.source(repo.commit());
    RenderCache cache;

    RenderOptions late;
    late.budget.maxTime = std::chrono::milliseconds(0);
    const RenderResult timedOut = cache.render(*source, QStringLiteral("env"), RendererKind::Plain, late);
    QCOMPARE(timedOut.errors.size(), std::size_t(1));
    QCOMPARE(timedOut.errors[0].code, util::ErrorCode::Timeout);
    QVERIFY2(timedOut.errors[0].message.startsWith(QLatin1String("over the render budget for time")),
             qPrintable(errorsOf(timedOut)));
    QVERIFY(!timedOut.cacheable);

    RenderOptions cancelled;
    cancelled.cancel.cancel();
    const RenderResult stopped = cache.render(*source, QStringLiteral("env"), RendererKind::Plain, cancelled);
    QCOMPARE(stopped.errors.size(), std::size_t(1));
    QCOMPARE(stopped.errors[0].code, util::ErrorCode::Cancelled);
    QCOMPARE(stopped.errors[0].where, QStringLiteral("env"));
    QCOMPARE(cache.size(), std::size_t(0));

    const RenderResult fine = cache.render(*source, QStringLiteral("env"), RendererKind::Plain);
    QVERIFY2(fine.ok(), qPrintable(errorsOf(fine)));
    QCOMPARE(fine.objects.size(), std::size_t(1));
    QCOMPARE(cache.size(), std::size_t(1));
    QCOMPARE(cache.hits(), std::size_t(0));
}

void TestRenderBudget::exceptionsBecomeErrorsAndAreNotCached() {
    MemoryFileSource source;
    source.files[QStringLiteral("env/kustomization.yaml")] = "resources: [a.yaml, b.yaml]\n";
    source.files[QStringLiteral("env/a.yaml")] = configMap(QStringLiteral("a"));
    source.files[QStringLiteral("env/b.yaml")] = configMap(QStringLiteral("b"));
    source.throwing = QStringLiteral("env/b.yaml");
    RenderCache cache;

    source.thrower = [] { throw std::bad_alloc(); };
    const RenderResult outOfMemory = cache.render(source, QStringLiteral("env"), RendererKind::Auto);
    QVERIFY(outOfMemory.objects.empty());
    QCOMPARE(outOfMemory.errors.size(), std::size_t(1));
    QCOMPARE(outOfMemory.errors[0].message, QStringLiteral("out of memory while rendering"));
    QCOMPARE(outOfMemory.errors[0].where, QStringLiteral("env"));
    QVERIFY(!outOfMemory.cacheable);

    source.thrower = [] {
        const auto value = nlohmann::json::parse("{");
        (void)value;
    };
    const RenderResult library = cache.render(source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(library.errors.size(), std::size_t(1));
    QVERIFY2(library.errors[0].message.startsWith(QLatin1String("rendering failed: [json.exception.parse_error")),
             qPrintable(errorsOf(library)));
    QCOMPARE(cache.size(), std::size_t(0));

    source.thrower = nullptr;
    const RenderResult fine = cache.render(source, QStringLiteral("env"), RendererKind::Auto);
    QVERIFY2(fine.ok(), qPrintable(errorsOf(fine)));
    QCOMPARE(fine.objects.size(), std::size_t(2));
    QCOMPARE(cache.size(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestRenderBudget)
#include "tst_renderbudget.moc"
