// syncline-devcluster: a small local Kubernetes API server for the demo and the tests.
#include "DevClusterServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("syncline-devcluster"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A local Kubernetes API server (the subset kubectl and Syncline use), on loopback."));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port to listen on (0: a free one)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Directory holding the objects."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"),
                                        QStringLiteral("Where to write a kubeconfig for this server."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve HTTPS with a generated certificate."));
    const QCommandLineOption token(QStringLiteral("token"), QStringLiteral("Require this bearer token."),
                                   QStringLiteral("T"));
    const QCommandLineOption simulate(QStringLiteral("simulate-controllers"),
                                      QStringLiteral("Move workloads to ready after a delay."));
    const QCommandLineOption delay(QStringLiteral("simulate-delay"),
                                   QStringLiteral("Delay before workloads become ready (ms, default 2000)."),
                                   QStringLiteral("MS"), QStringLiteral("2000"));
    const QCommandLineOption context(QStringLiteral("context"),
                                     QStringLiteral("Name of the kubeconfig context, cluster and user."),
                                     QStringLiteral("NAME"), QStringLiteral("devcluster"));
    parser.addOptions({port, data, kubeconfig, tls, token, simulate, delay, context});
    parser.process(app);

    bool portOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    bool delayOk = false;
    const int delayMs = parser.value(delay).toInt(&delayOk);
    if (!portOk || portNumber > 65535 || !delayOk || delayMs < 0 || !parser.isSet(data) ||
        !parser.isSet(kubeconfig) || parser.value(context).isEmpty()) {
        std::fprintf(stderr, "usage: syncline-devcluster --port N --data DIR --kubeconfig FILE [--tls] [--token T] "
                             "[--simulate-controllers] [--simulate-delay MS] [--context NAME]\n");
        return 2;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return 1;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });

    syncline::devcluster::DevClusterServer server(syncline::devcluster::ServerOptions{
        quint16(portNumber), parser.value(data), parser.value(kubeconfig), parser.isSet(tls), parser.value(token),
        parser.isSet(simulate), delayMs, parser.value(context)});
    auto url = server.start();
    if (!url) {
        std::fprintf(stderr, "syncline-devcluster: %s\n", qPrintable(url.error().toString()));
        return 1;
    }
    std::printf("listening on %s\n", qPrintable(*url));
    std::fflush(stdout);

    app.exec();
    if (auto ok = server.shutdown(); !ok) {
        std::fprintf(stderr, "syncline-devcluster: %s\n", qPrintable(ok.error().toString()));
        return 1;
    }
    return 0;
}
