#include "support/FetchScenario.h"

#include "git/Repository.h"
#include "support/ServerProcess.h"

#include <QTest>

namespace syncline::test {

std::unique_ptr<FetchScenario> FetchScenario::create(int filesInNewCommit) {
    auto scenario = std::make_unique<FetchScenario>();
    GitFixture upstream;
    upstream.writeFile(QStringLiteral("README"), "first\n");
    scenario->oldHead = upstream.commitAll(QStringLiteral("initial"), 1700000000);
    upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), upstream.path(), scenario->origin});
    upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), scenario->origin, scenario->clone});
    for (int i = 0; i < filesInNewCommit; ++i)
        upstream.writeFile(QStringLiteral("env/file%1.yaml").arg(i), QByteArray("value: ") + QByteArray::number(i * 7919) + '\n');
    upstream.commitAll(QStringLiteral("add env files"), 1700000100);
    upstream.writeFile(QStringLiteral("README"), "second\n");
    scenario->newHead = upstream.commitAll(QStringLiteral("update readme"), 1700000200);
    upstream.git({QStringLiteral("push"), QStringLiteral("-q"), scenario->origin, QStringLiteral("main")});
    return scenario;
}

std::unique_ptr<FetchScenario> FetchScenario::copyOf(const FetchScenario& source) {
    auto scenario = std::make_unique<FetchScenario>();
    scenario->oldHead = source.oldHead;
    scenario->newHead = source.newHead;
    QString output;
    if (runProgram(QStringLiteral("cp"),
                   {QStringLiteral("-a"), source.servedRoot.path() + QStringLiteral("/."), scenario->servedRoot.path()},
                   &output) != 0)
        QTest::qFail(qPrintable(QStringLiteral("cp failed: ") + output), __FILE__, __LINE__);
    scenario->setOriginUrl(scenario->origin);
    return scenario;
}

void FetchScenario::setOriginUrl(const QString& url) const {
    cloneRepo().git({QStringLiteral("remote"), QStringLiteral("set-url"), QStringLiteral("origin"), url});
}

QString FetchScenario::trackingHead() const {
    return cloneRepo().git({QStringLiteral("rev-parse"), QStringLiteral("origin/main")}).trimmed();
}

int FetchScenario::fsck(QString* output) const {
    return cloneRepo().gitStatus({QStringLiteral("fsck"), QStringLiteral("--full"), QStringLiteral("--strict")}, output);
}

util::Result<git::FetchResult> FetchScenario::fetch(const git::FetchOptions& options) const {
    auto repository = git::Repository::open(clone);
    if (!repository)
        return util::fail(repository.error());
    return git::Remote::fetch(*repository, QStringLiteral("origin"), options);
}

} // namespace syncline::test
