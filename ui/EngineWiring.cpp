#include "EngineWiring.h"

#include "EngineController.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "kube/ExecApprovals.h"

namespace syncline::ui {

namespace {

MessageBar::Level levelOf(models::EngineController::Notice notice) {
    switch (notice) {
    case models::EngineController::Notice::Info:
        return MessageBar::Level::Info;
    case models::EngineController::Notice::Warning:
        return MessageBar::Level::Warning;
    case models::EngineController::Notice::Error:
        break;
    }
    return MessageBar::Level::Error;
}

} // namespace

void connectEngine(MainWindow* window, models::EngineController* engine) {
    using models::EngineController;
    QObject::connect(window, &MainWindow::refreshRequested, engine, &EngineController::refresh);
    QObject::connect(window, &MainWindow::refreshAllRequested, engine, &EngineController::refreshAll);
    QObject::connect(window, &MainWindow::syncRequested, engine, &EngineController::sync);
    QObject::connect(window, &MainWindow::syncAllRequested, engine, &EngineController::syncAll);
    QObject::connect(window, &MainWindow::clusterTrustRequested, engine, &EngineController::askConsent);
    QObject::connect(window, &MainWindow::clusterConsentAccepted, engine, &EngineController::acceptConsent);
    QObject::connect(window, &MainWindow::clusterSettingsAccepted, engine, &EngineController::applyClusterSettings);
    QObject::connect(window, &MainWindow::clusterTokenEntered, engine, &EngineController::storeClusterToken);

    QObject::connect(engine, &EngineController::snapshotReady, window, &MainWindow::applySnapshot);
    QObject::connect(engine, &EngineController::syncStarted, window, &MainWindow::applySyncStarted);
    QObject::connect(engine, &EngineController::syncProgress, window, &MainWindow::applySyncProgress);
    QObject::connect(engine, &EngineController::syncFinished, window, &MainWindow::applySyncResult);
    QObject::connect(engine, &EngineController::consentNeeded, window, [window](const models::ConsentQuestion& question) {
        window->askClusterConsent(question.environment, question.repository, question.current, question.recorded,
                                  {.autoSync = question.autoSyncWanted, .prune = question.pruneWanted});
    });
    QObject::connect(engine, &EngineController::noticed, window, [window](EngineController::Notice notice, const QString& text) {
        window->messageBar()->addMessage(levelOf(notice), text);
    });
    QObject::connect(window, &MainWindow::engineSettingsChanged, engine, &EngineController::applyEngineSettings);
    window->setExecApprovals(engine->execApprovals());
    window->setExecApprovalLookup([approvals = engine->execApprovals()](const kube::ExecFingerprint& fingerprint) {
        return approvals->isApproved(fingerprint);
    });
}

} // namespace syncline::ui
