// syncline-devcluster: a small local Kubernetes API server for the demo and the tests.
#include "BearerToken.h"
#include "DevClusterServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using syncline::devcluster::BearerToken;
using syncline::devcluster::ServerOptions;

int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

QCommandLineOption option(const char* name, const char* help, const char* valueName = nullptr,
                          const char* defaultValue = nullptr) {
    if (!valueName)
        return QCommandLineOption(QLatin1String(name), QLatin1String(help));
    return QCommandLineOption(QLatin1String(name), QLatin1String(help), QLatin1String(valueName),
                              defaultValue ? QLatin1String(defaultValue) : QString());
}

// The token the server requires, always: from the environment, a file, or a fresh random
// one. There is no way to run without one.
syncline::util::Result<QString> resolveToken(const QCommandLineParser& parser) {
    const QByteArray fromEnvironment = qgetenv(BearerToken::kEnvironmentVariable);
    qunsetenv(BearerToken::kEnvironmentVariable);
    const bool fromFile = parser.isSet(QStringLiteral("token-file"));
    if (fromFile && !fromEnvironment.isEmpty())
        return syncline::util::fail(
            syncline::util::ErrorCode::InvalidArgument,
            QStringLiteral("both $%1 and --token-file give a token").arg(QLatin1String(BearerToken::kEnvironmentVariable)));
    if (!fromEnvironment.isEmpty())
        return BearerToken::validate(QString::fromUtf8(fromEnvironment), QLatin1String(BearerToken::kEnvironmentVariable));
    if (fromFile)
        return BearerToken::readFile(parser.value(QStringLiteral("token-file")));
    return BearerToken::generate();
}

std::optional<ServerOptions> parseOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A local Kubernetes API server (the subset kubectl and Syncline use), on loopback.\n"
                       "It requires a bearer token: $%1, --token-file, or a random one; the token is "
                       "written into the kubeconfig.")
            .arg(QLatin1String(BearerToken::kEnvironmentVariable)));
    parser.addHelpOption();
    parser.addOptions({
        option("port", "Port to listen on (0: a free one).", "N", "0"),
        option("data", "Directory holding the objects.", "DIR"),
        option("kubeconfig", "Where to write a kubeconfig for this server.", "FILE"),
        option("tls", "Serve HTTPS with a generated certificate (kubectl sends tokens only over HTTPS)."),
        option("token-file", "Require the bearer token in the first line of FILE (read again when FILE changes).", "FILE"),
        option("simulate-controllers", "Move workloads to ready after a delay."),
        option("simulate-delay", "Delay before workloads become ready (ms, default 2000).", "MS", "2000"),
        option("context", "Name of the kubeconfig context, cluster and user.", "NAME", "devcluster"),
        option("idle-timeout", "Close a connection idle this long (ms, default 120000).", "MS", "120000"),
        option("max-connections", "Connections open at once; more are closed (default 256).", "N", "256"),
    });
    parser.process(app);
    const auto number = [&](const char* name, qint64 low, qint64 high) -> std::optional<qint64> {
        bool ok = false;
        const qint64 value = parser.value(QLatin1String(name)).toLongLong(&ok);
        return ok && value >= low && value <= high ? std::optional<qint64>(value) : std::nullopt;
    };
    const auto port = number("port", 0, 65535);
    const auto delay = number("simulate-delay", 0, 24 * 3600 * 1000);
    const auto idle = number("idle-timeout", 1, 24 * 3600 * 1000);
    const auto connections = number("max-connections", 1, 1'000'000);
    if (!port || !delay || !idle || !connections || !parser.isSet(QStringLiteral("data")) ||
        !parser.isSet(QStringLiteral("kubeconfig")) || parser.value(QStringLiteral("context")).isEmpty()) {
        std::fprintf(stderr, "usage: syncline-devcluster --port N --data DIR --kubeconfig FILE [--tls] "
                             "[--token-file FILE] [--simulate-controllers] [--simulate-delay MS] "
                             "[--context NAME] [--idle-timeout MS] [--max-connections N]\n");
        return std::nullopt;
    }
    auto token = resolveToken(parser);
    if (!token) {
        std::fprintf(stderr, "syncline-devcluster: %s\n", qPrintable(token.error().toString()));
        return std::nullopt;
    }
    ServerOptions options;
    options.port = quint16(*port);
    options.dataDir = parser.value(QStringLiteral("data"));
    options.kubeconfigPath = parser.value(QStringLiteral("kubeconfig"));
    options.tls = parser.isSet(QStringLiteral("tls"));
    options.token = *token;
    if (parser.isSet(QStringLiteral("token-file")))
        options.tokenFile = parser.value(QStringLiteral("token-file"));
    options.simulateControllers = parser.isSet(QStringLiteral("simulate-controllers"));
    options.simulateDelayMs = int(*delay);
    options.contextName = parser.value(QStringLiteral("context"));
    options.limits.idleTimeoutMs = int(*idle);
    options.limits.maxConnections = int(*connections);
    // Test-only (the fault suite), never in --help: end the process mid-list.
    if (const QByteArray cut = qgetenv("SYNCLINE_DEVCLUSTER_TEST_EXIT_AFTER_LIST_BYTES"); !cut.isEmpty()) {
        bool ok = false;
        options.exitAfterListBytes = cut.toLongLong(&ok);
        if (!ok || options.exitAfterListBytes < 0) {
            std::fprintf(stderr, "syncline-devcluster: SYNCLINE_DEVCLUSTER_TEST_EXIT_AFTER_LIST_BYTES is not a byte count\n");
            return std::nullopt;
        }
    }
    return options;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("syncline-devcluster"));
    const auto options = parseOptions(app);
    if (!options)
        return 2;

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

    syncline::devcluster::DevClusterServer server(*options);
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
