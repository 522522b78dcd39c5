// Actions benchmark: promote / revert / rollback latency — preview (plan + planned tree +
// renders), commit, and push to a local bare remote over file:// — on a 10,000-commit
// GitOps repository generated with git fast-import (once per run, in a temporary folder).
// The peer in the same run: the git CLI doing revert (`git revert --no-edit`) and rollback
// (`git checkout <sha> -- <env>` + `git commit`) and `git push`, in its own clone (process
// start and work-tree update included, as a user pays them). Promote has no CLI peer.
//
//   build/bench/bench_actions [--commits N] [--runs R]
#include "BenchTiming.h"
#include "actions/ActionRunner.h"
#include "actions/PromotePlanner.h"
#include "actions/RevertPlanner.h"
#include "actions/RollbackPlanner.h"
#include "git/Repository.h"
#include "workspace/WorkspaceLoader.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

using namespace syncline;
using bench::Clock;
using bench::median;
using bench::ms;

namespace {

QByteArray overlay(const QByteArray& env, int tag) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop-" + env +
           "\nresources:\n- ../../base\nimages:\n- name: registry.example.com/shop/api\n  newTag: 1." + QByteArray::number(tag) +
           ".0\n";
}

QByteArray deployment(int n) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: " + QByteArray::number(n % 5 + 1) +
           "\n  template:\n    spec:\n      containers:\n      - name: api\n        image: registry.example.com/shop/api:1.0.0\n";
}

bool run(const QString& dir, const QStringList& args) {
    QProcess git;
    git.setWorkingDirectory(dir);
    git.start(QStringLiteral("git"), args);
    git.waitForFinished(-1);
    if (git.exitCode() != 0)
        std::fprintf(stderr, "git %s: %s\n", qPrintable(args.join(QLatin1Char(' '))), git.readAllStandardError().constData());
    return git.exitCode() == 0;
}

// Every commit edits the base deployment or one overlay's image tag, one a minute.
bool generate(const QString& dir, int commits) {
    if (!run(dir, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")}))
        return false;
    QProcess importer;
    importer.setWorkingDirectory(dir);
    importer.start(QStringLiteral("git"), {QStringLiteral("fast-import"), QStringLiteral("--quiet")});
    auto blob = [&](const QByteArray& path, const QByteArray& data) {
        importer.write("M 100644 inline " + path + "\ndata " + QByteArray::number(data.size()) + "\n" + data + "\n");
    };
    const QByteArray envs[] = {"dev", "staging", "prod"};
    for (int i = 0; i < commits; ++i) {
        const QByteArray message = "change " + QByteArray::number(i);
        importer.write("commit refs/heads/main\ncommitter Bench <bench@example.com> " + QByteArray::number(1600000000 + i * 60) +
                       " +0000\ndata " + QByteArray::number(message.size()) + "\n" + message + "\n");
        if (i == 0) {
            blob("base/kustomization.yaml", "resources:\n- api.yaml\n");
            blob("syncline.yaml", "version: 1\nenvironments:\n"
                                  "  - name: dev\n    path: overlays/dev\n    renderer: kustomize\n"
                                  "  - name: staging\n    path: overlays/staging\n    renderer: kustomize\n"
                                  "  - name: prod\n    path: overlays/prod\n    renderer: kustomize\n"
                                  "promotion: [dev, staging, prod]\n");
            for (const QByteArray& env : envs)
                blob("overlays/" + env + "/kustomization.yaml", overlay(env, 0));
            for (int f = 0; f < 200; ++f) // some bulk so trees are not trivial
                blob("docs/page" + QByteArray::number(f) + ".md", "page " + QByteArray::number(f) + "\n");
        }
        if (i % 3 == 0)
            blob("base/api.yaml", deployment(i));
        else
            blob("overlays/" + envs[i % 3] + "/kustomization.yaml", overlay(envs[i % 3], i));
        importer.write("\n");
    }
    importer.closeWriteChannel();
    importer.waitForFinished(-1);
    return importer.exitCode() == 0 && run(dir, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
}

struct Figures {
    std::vector<double> preview, commit, push;
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int commits = 10000, runs = 5;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--commits"))
            commits = args[i + 1].toInt();
        if (args[i] == QLatin1String("--runs"))
            runs = args[i + 1].toInt();
    }
    QTemporaryDir temp;
    const QString work = temp.filePath(QStringLiteral("work")), origin = temp.filePath(QStringLiteral("origin.git"));
    QDir().mkpath(work);
    const auto generateStart = Clock::now();
    if (!generate(work, commits))
        return 1;
    run(work, {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Bench")});
    run(work, {QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("bench@example.com")});
    run(temp.path(), {QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), work, origin});
    run(work, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), QStringLiteral("file://") + origin});
    run(work, {QStringLiteral("fetch"), QStringLiteral("-q"), QStringLiteral("origin")});
    std::printf("repository: %d commits, generated in %.0f ms\n", commits, ms(Clock::now() - generateStart));

    Figures figures[3];
    const char* names[] = {"promote dev->staging", "revert", "rollback prod"};
    for (int r = 0; r < runs; ++r) {
        for (int a = 0; a < 3; ++a) {
            auto opened = git::Repository::open(work);
            if (!opened)
                return 1;
            auto repository = std::make_shared<const git::Repository>(std::move(*opened));
            auto workspace = workspace::WorkspaceLoader::open(repository);
            if (!workspace) {
                std::fprintf(stderr, "%s\n", qPrintable(workspace.error().toString()));
                return 1;
            }
            const auto& config = workspace->config;
            std::unique_ptr<actions::ActionPlanner> planner;
            auto head = repository->resolveCommit(QStringLiteral("HEAD"));
            if (a == 0) {
                // Make dev differ from staging first (a plain commit, not measured).
                run(work, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"), QStringLiteral("-m"),
                           QStringLiteral("x")});
                QFile file(work + QStringLiteral("/overlays/dev/kustomization.yaml"));
                file.open(QIODevice::WriteOnly);
                file.write(overlay("dev", 100000 + r));
                file.close();
                run(work, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-am"), QStringLiteral("dev bump")});
                auto p = actions::PromotePlanner::create(*repository, config, QStringLiteral("dev"), QStringLiteral("staging"));
                if (!p)
                    return 1;
                planner = std::make_unique<actions::PromotePlanner>(*p);
            } else if (a == 1) {
                auto target = repository->resolveCommit(QStringLiteral("HEAD~1")); // the dev bump
                planner = std::make_unique<actions::RevertPlanner>(QStringLiteral("main"), *target, 0);
            } else {
                auto target = repository->resolveCommit(QStringLiteral("HEAD~500"));
                auto p = actions::RollbackPlanner::create(*repository, *config.find(QStringLiteral("prod")), *target);
                if (!p)
                    return 1;
                planner = std::make_unique<actions::RollbackPlanner>(*p);
            }
            (void)head;
            actions::ActionRunner runner(repository, config);
            auto start = Clock::now();
            auto preview = runner.preview(*planner);
            if (!preview) {
                std::fprintf(stderr, "%s: %s\n", names[a], qPrintable(preview.error().toString()));
                return 1;
            }
            figures[a].preview.push_back(ms(Clock::now() - start));
            if (preview->isEmpty())
                continue;
            start = Clock::now();
            auto outcome = runner.run(*planner, preview->plan, {});
            if (!outcome) {
                std::fprintf(stderr, "%s: %s\n", names[a], qPrintable(outcome.error().toString()));
                return 1;
            }
            figures[a].commit.push_back(ms(Clock::now() - start));
            start = Clock::now();
            git::PushRequest push;
            push.branch = QStringLiteral("main");
            auto pushed = git::Pusher::push(*repository, push);
            if (!pushed) {
                std::fprintf(stderr, "%s: push: %s\n", names[a], qPrintable(pushed.error().toString()));
                return 1;
            }
            figures[a].push.push_back(ms(Clock::now() - start));
        }
    }
    // The git CLI peer, in its own clone of the same origin.
    const QString peer = temp.filePath(QStringLiteral("peer"));
    run(temp.path(), {QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("file://") + origin, peer});
    run(peer, {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Bench")});
    run(peer, {QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("bench@example.com")});
    Figures peerFigures[3];
    for (int r = 0; r < runs; ++r) {
        for (int a = 1; a < 3; ++a) {
            auto start = Clock::now();
            const bool committed =
                a == 1 ? run(peer, {QStringLiteral("revert"), QStringLiteral("--no-edit"), QStringLiteral("HEAD")})
                       : run(peer, {QStringLiteral("checkout"), QStringLiteral("HEAD~500"), QStringLiteral("--"),
                                    QStringLiteral("overlays/prod")}) &&
                             run(peer, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
                                        QStringLiteral("-m"), QStringLiteral("rollback(prod)")});
            if (!committed)
                return 1;
            peerFigures[a].commit.push_back(ms(Clock::now() - start));
            start = Clock::now();
            if (!run(peer, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("main")}))
                return 1;
            peerFigures[a].push.push_back(ms(Clock::now() - start));
        }
    }
    std::printf("%-22s %12s %12s %12s   (median of %d runs, ms)\n", "action", "preview", "commit", "push", runs);
    for (int a = 0; a < 3; ++a)
        std::printf("%-22s %12.1f %12.1f %12.1f\n", names[a], median(figures[a].preview), median(figures[a].commit),
                    median(figures[a].push));
    for (int a = 1; a < 3; ++a)
        std::printf("%-22s %12s %12.1f %12.1f   (git CLI; Syncline's commit is %.1fx, push %.1fx faster)\n",
                    a == 1 ? "git revert" : "git checkout+commit", "-", median(peerFigures[a].commit),
                    median(peerFigures[a].push), median(peerFigures[a].commit) / median(figures[a].commit),
                    median(peerFigures[a].push) / median(figures[a].push));
    return 0;
}
