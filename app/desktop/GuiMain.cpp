#include "GuiMain.h"

#include "AppearanceSettings.h"
#include "EngineController.h"
#include "EngineWiring.h"
#include "FirstPaintReport.h"
#include "HistoryPane.h"
#include "KeychainStore.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RecentRepositories.h"
#include "WindowGitAccess.h"
#include "util/WorkerPriority.h"

#include <QApplication>
#include <QStyleFactory>
#include <QTreeView>

namespace syncline::app {

int runGui(int& argc, char** argv, const QString& repositoryPath, const GuiSetUp& setUp) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Syncline"));
    QApplication::setApplicationName(QStringLiteral("syncline"));
    QApplication::setApplicationDisplayName(QStringLiteral("Syncline"));
    // One look on every desktop; the panes' colours are chosen against Fusion's palette.
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);

    ui::AppearanceSettings::load().apply();
    // The event loop wins a core over the engine's workers during a fleet refresh. Here and
    // not in the command line: it has no window to keep responsive, and its workers would
    // only lose time to other programs.
    util::WorkerPriority::lowerWorkers();

    std::shared_ptr<void> keptAlive;
    QString setUpError;
    if (setUp) {
        if (auto prepared = setUp())
            keptAlive = *prepared;
        else
            setUpError = prepared.error().toString();
    }

    ui::MainWindow window;
    // Declared after the window: stops its engine first. Cluster tokens in the OS keychain.
    models::EngineController clusters(window.controller(), std::make_shared<KeychainStore>());
    ui::connectEngine(&window, &clusters);
    WindowGitAccess gitAccess(&window); // pushes: keychain, credential helper, dialogs
    if (FirstPaintReport::wanted())
        new FirstPaintReport(window.historyPane()->commitList());
    window.show();
    if (!setUpError.isEmpty())
        window.messageBar()->addMessage(ui::MessageBar::Level::Error, setUpError);
    QString path = repositoryPath;
    if (path.isEmpty()) {
        const QStringList recent = ui::RecentRepositories().entries();
        if (!recent.isEmpty() && ui::RecentRepositories::exists(recent.first()))
            path = recent.first();
    }
    if (!path.isEmpty())
        window.openRepository(path);
    return app.exec();
}

} // namespace syncline::app
