// Helper for tst_push: commits and pushes `main` of the repository in argv[1] argv[2]
// times, printing "step <n>" after each push, so the test can SIGKILL it mid-way.

#include "git/CommitWriter.h"
#include "git/Pusher.h"
#include "git/Repository.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

using namespace syncline;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        return 2;
    auto repository = git::Repository::open(args[1]);
    if (!repository)
        return 3;
    const int count = args[2].toInt();
    for (int i = 0; i < count; ++i) {
        const auto tip = repository->resolveCommit(QStringLiteral("refs/heads/main"));
        if (!tip)
            return 4;
        git::CommitRequest request;
        request.branch = QStringLiteral("main");
        request.expectedTip = *tip;
        const QByteArray content = QByteArray("n: ") + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + '-' +
                                   QByteArray::number(i) + '\n' + QByteArray(4096 * (i % 7 + 1), 'x');
        request.edits = {git::FileEdit{QStringLiteral("kill/file%1.yaml").arg(i % 5), content}};
        request.message = QStringLiteral("kill test %1").arg(i);
        if (!git::CommitWriter::commit(*repository, request))
            return 5;
        std::printf("commit %d\n", i);
        std::fflush(stdout);
        const auto pushed = git::Pusher::push(*repository, git::PushRequest{.branch = QStringLiteral("main")});
        if (!pushed) {
            std::fprintf(stderr, "%s\n", qPrintable(pushed.error().toString()));
            return 6;
        }
        std::printf("step %d\n", i);
        std::fflush(stdout);
    }
    return 0;
}
