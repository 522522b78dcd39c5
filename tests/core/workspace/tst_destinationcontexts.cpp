// Argo CD destinations matched against the user's kubeconfig: the server URL of a
// context's cluster, a context's name; asked when the kubeconfig does not decide, and the
// answer is what syncline.yaml then says.

#include "workspace/detect/ApplicationEnvironments.h"
#include "workspace/detect/DestinationContexts.h"

#include <QTest>

using namespace syncline;
using namespace syncline::workspace;

namespace {

DetectedApplication argoApplication(const QString& name, const QString& environment, const QString& destination) {
    DetectedApplication app;
    app.application = name;
    app.environment = environment;
    app.path = QStringLiteral("apps/") + name + QLatin1Char('/') + environment;
    app.mode = Mode::ArgoCD;
    app.argocd.application = name + QLatin1Char('-') + environment;
    app.clusterHint = destination;
    app.reason = QStringLiteral("Argo CD Application");
    return app;
}

const std::vector<KubeconfigContext> kContexts{
    {QStringLiteral("kind-staging"), QStringLiteral("https://127.0.0.1:6443")},
    {QStringLiteral("prod-admin"), QStringLiteral("https://prod.example.com/")},
    {QStringLiteral("prod-readonly"), QStringLiteral("https://PROD.example.com:443")},
    {QStringLiteral("ops"), QStringLiteral("https://ops.example.com")},
};

struct Question {
    QString place;
    QString destination;
    QStringList candidates;
    QString why;
};

// What syncline.yaml would say for each environment's cluster context.
QString contextOf(const WorkspaceConfig& config, const QString& place) {
    for (const Place& p : config.places)
        if (p.name == place)
            return p.cluster.context;
    return QStringLiteral("(no place %1)").arg(place);
}

} // namespace

class TestDestinationContexts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aUniqueServerMatchIsTakenWithoutAsking() {
        DetectionResult result;
        result.applications = {
            argoApplication(QStringLiteral("web"), QStringLiteral("staging"), QStringLiteral("https://127.0.0.1:6443/")),
            argoApplication(QStringLiteral("api"), QStringLiteral("staging"), QStringLiteral("https://127.0.0.1:6443/")),
            argoApplication(QStringLiteral("web"), QStringLiteral("ops"), QStringLiteral("ops"))};
        EnvironmentDetection detection = ApplicationEnvironments::fromApplications(result);
        int asked = 0;
        const QStringList undecided = DestinationContexts::resolve(detection, kContexts, [&](auto&&...) {
            ++asked;
            return std::optional<QString>();
        });
        QCOMPARE(asked, 0);
        QVERIFY2(undecided.isEmpty(), qPrintable(undecided.join(QLatin1Char('\n'))));
        const WorkspaceConfig config = detection.config();
        QCOMPARE(contextOf(config, QStringLiteral("staging")), QStringLiteral("kind-staging"));
        QCOMPARE(contextOf(config, QStringLiteral("ops")), QStringLiteral("ops"));
        for (const Environment& unit : config.environments)
            QCOMPARE(unit.cluster.context, contextOf(config, unit.place));
        // What is committed says it: the choice is in syncline.yaml.
        QVERIFY2(config.toYaml().contains("context: kind-staging"), config.toYaml().constData());
    }

    void noMatchIsAskedOnceAndTheAnswerIsWritten() {
        DetectionResult result;
        result.applications = {
            argoApplication(QStringLiteral("web"), QStringLiteral("production"), QStringLiteral("https://10.9.9.9:6443")),
            argoApplication(QStringLiteral("api"), QStringLiteral("production"), QStringLiteral("https://10.9.9.9:6443"))};
        EnvironmentDetection detection = ApplicationEnvironments::fromApplications(result);
        std::vector<Question> questions;
        DestinationContexts::resolve(detection, kContexts,
                                     [&](const Place& place, const QString& destination, const auto& match) {
                                         questions.push_back({place.name, destination, match.candidates, match.why});
                                         return std::optional<QString>(QStringLiteral("ops"));
                                     });
        QCOMPARE(questions.size(), std::size_t(1)); // one environment, one question
        QCOMPARE(questions[0].place, QStringLiteral("production"));
        QCOMPARE(questions[0].destination, QStringLiteral("https://10.9.9.9:6443"));
        QCOMPARE(questions[0].candidates.size(), qsizetype(kContexts.size()));
        QCOMPARE(questions[0].why, QStringLiteral("no kubeconfig cluster has the server https://10.9.9.9:6443"));
        const WorkspaceConfig config = detection.config();
        QCOMPARE(contextOf(config, QStringLiteral("production")), QStringLiteral("ops"));
        QVERIFY2(config.toYaml().contains("context: ops"), config.toYaml().constData());
    }

    void twoMatchesAreAskedBetweenThoseTwo() {
        DetectionResult result;
        result.applications = {
            argoApplication(QStringLiteral("web"), QStringLiteral("prod"), QStringLiteral("https://prod.example.com"))};
        EnvironmentDetection detection = ApplicationEnvironments::fromApplications(result);
        std::vector<Question> questions;
        DestinationContexts::resolve(detection, kContexts,
                                     [&](const Place& place, const QString& destination, const auto& match) {
                                         questions.push_back({place.name, destination, match.candidates, match.why});
                                         return std::optional<QString>(QStringLiteral("prod-readonly"));
                                     });
        QCOMPARE(questions.size(), std::size_t(1));
        QCOMPARE(questions[0].candidates, (QStringList{QStringLiteral("prod-admin"), QStringLiteral("prod-readonly")}));
        QCOMPARE(questions[0].why, QStringLiteral("2 kubeconfig contexts use the server https://prod.example.com"));
        QCOMPARE(contextOf(detection.config(), QStringLiteral("prod")), QStringLiteral("prod-readonly"));
    }

    void inClusterIsAlwaysAskedAndNoAnswerKeepsTheCurrentContext() {
        DetectionResult result;
        result.applications = {
            argoApplication(QStringLiteral("web"), QStringLiteral("dev"), QStringLiteral("https://kubernetes.default.svc")),
            argoApplication(QStringLiteral("web"), QStringLiteral("qa"), QStringLiteral("in-cluster"))};
        EnvironmentDetection detection = ApplicationEnvironments::fromApplications(result);
        QStringList whys;
        const QStringList undecided =
            DestinationContexts::resolve(detection, kContexts, [&](const Place&, const QString&, const auto& match) {
                whys << match.why;
                return std::optional<QString>(QStringLiteral("not-a-context")); // an answer not offered is no answer
            });
        QCOMPARE(whys, (QStringList{QStringLiteral("https://kubernetes.default.svc is the cluster Argo CD runs in"),
                                    QStringLiteral("in-cluster is the cluster Argo CD runs in")}));
        QCOMPARE(undecided.size(), 2);
        QVERIFY2(undecided[0].startsWith(QLatin1String("dev: ")), qPrintable(undecided[0]));
        QCOMPARE(contextOf(detection.config(), QStringLiteral("dev")), QString());
    }

    // Two Applications of one environment sent to two different servers are two places.
    void twoServersAreTwoEnvironments() {
        DetectionResult result;
        result.applications = {
            argoApplication(QStringLiteral("web"), QStringLiteral("prod"), QStringLiteral("https://ops.example.com")),
            argoApplication(QStringLiteral("api"), QStringLiteral("prod"), QStringLiteral("https://127.0.0.1:6443"))};
        EnvironmentDetection detection = ApplicationEnvironments::fromApplications(result);
        DestinationContexts::resolve(detection, kContexts, {});
        const WorkspaceConfig config = detection.config();
        QCOMPARE(config.places.size(), std::size_t(2));
        QCOMPARE(contextOf(config, QStringLiteral("prod")), QStringLiteral("ops"));
        QCOMPARE(contextOf(config, QStringLiteral("prod-2")), QStringLiteral("kind-staging"));
    }
};

QTEST_GUILESS_MAIN(TestDestinationContexts)
#include "tst_destinationcontexts.moc"
