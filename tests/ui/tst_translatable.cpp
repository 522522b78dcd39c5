// Pseudo-localisation: with a translator that wraps every source text in ⟦…⟧, every text
// the user can see in the main window (on the demo, with a cluster reading in Pending and
// Sync state), Settings, Compare, the palette, the matrix and the Activity dock carries the
// marks — or is data from the repository (names, revisions, commit messages, paths). A
// string that skips tr() shows up here unmarked. The same walk checks that every control a
// keyboard or screen-reader user reaches has an accessible name.

#include "ActivityDock.h"
#include "CommandPalette.h"
#include "CompareView.h"
#include "ComparisonModel.h"
#include "DemoRepository.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "MainWindow.h"
#include "MatrixView.h"
#include "RepositoryController.h"
#include "SettingsDialog.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "support/GitFixture.h"
#include "support/SnapshotFixtures.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTranslator>

using namespace syncline;
using diff::ResourceState;

namespace {

const QString kOpen = QStringLiteral("⟦");

// Every source text comes back wrapped, so an unwrapped text never went through tr().
class MarkingTranslator : public QTranslator {
public:
    QString translate(const char*, const char* sourceText, const char*, int) const override {
        return kOpen + QString::fromUtf8(sourceText) + QStringLiteral("⟧");
    }
    bool isEmpty() const override { return false; }
};

// Words that come from the repository or the cluster, which are never translated.
QSet<QString> repositoryWords(const QString& repository) {
    test::GitFixture repo(repository);
    const QString data = repo.git({QStringLiteral("log"), QStringLiteral("--all"), QStringLiteral("--format=%s %an %ae %D")}) +
                         repo.git({QStringLiteral("ls-files")}) + repository;
    QSet<QString> words;
    for (const QString& word : data.split(QRegularExpression(QStringLiteral("[^\\w]+")), Qt::SkipEmptyParts))
        words.insert(word.toLower());
    // The snapshot's names (tests/support/SnapshotFixtures.h), and the product's vocabulary:
    // statuses, health, diff states, modes and renderers are the words of Argo CD, the
    // command line and its JSON, shown as they are (PRODUCT.md), never translated.
    const QStringList extra = QStringLiteral("dev staging prod shop origin main HEAD kind api web worker apps Deployment Service "
                                             "ConfigMap ada old yaml Syncline Synced OutOfSync Unknown Healthy Progressing "
                                             "Suspended Degraded Missing Same Modified Extra direct argocd flux plain "
                                             "kustomize helm auto A M D R C T U")
                                  .split(QLatin1Char(' '));
    for (const QString& word : extra)
        words.insert(word.toLower());
    return words;
}

// Data: nothing but words from the repository, numbers, hex revisions, times and symbols.
bool isData(const QString& text, const QSet<QString>& words) {
    // The health message the snapshot fixture's cluster reports (core's words, not the UI's).
    if (text == QLatin1String("1 of 3 replicas available"))
        return true;
    // Field paths (JSON pointers) and values, as the manifests spell them.
    if (text.startsWith(QLatin1Char('/')) || text.startsWith(QLatin1Char('"')))
        return true;
    static const QRegularExpression tag(QStringLiteral("<[^>]*>|&\\w+;"));
    static const QRegularExpression token(QStringLiteral("\\w+"));
    static const QRegularExpression dataToken(QStringLiteral("^([0-9a-f]{7,40}|\\d+\\w{0,2})$")); // ids, 16Mi, 3s
    const QString plain = QString(text).replace(tag, QStringLiteral(" "));
    for (auto it = token.globalMatch(plain); it.hasNext();) {
        const QString w = it.next().captured();
        if (!words.contains(w.toLower()) && !dataToken.match(w).hasMatch())
            return false;
    }
    return true;
}

class TextWalk {
public:
    explicit TextWalk(QSet<QString> words) : m_words(std::move(words)) {}

    void check(const QString& what, const QString& text) {
        if (text.trimmed().isEmpty() || text.contains(kOpen) || isData(text, m_words))
            return;
        const QString entry = QStringLiteral("%1: \"%2\"").arg(what, text.left(160));
        if (!m_unmarked.contains(entry))
            m_unmarked << entry;
    }

    void walkWidget(QWidget* widget) {
        const QString where = QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char('#') + widget->objectName();
        if (widget->isWindow())
            check(where + QStringLiteral(" title"), widget->windowTitle());
        check(where + QStringLiteral(" tooltip"), widget->toolTip());
        if (auto* label = qobject_cast<QLabel*>(widget))
            check(where, label->text());
        if (auto* button = qobject_cast<QAbstractButton*>(widget))
            check(where, button->text());
        if (auto* edit = qobject_cast<QLineEdit*>(widget))
            check(where + QStringLiteral(" placeholder"), edit->placeholderText());
        if (auto* group = qobject_cast<QGroupBox*>(widget))
            check(where, group->title());
        if (auto* dock = qobject_cast<QDockWidget*>(widget))
            check(where + QStringLiteral(" title"), dock->windowTitle());
        if (auto* tabs = qobject_cast<QTabBar*>(widget))
            for (int i = 0; i < tabs->count(); ++i)
                check(where + QStringLiteral(" tab"), tabs->tabText(i));
        if (auto* view = qobject_cast<QAbstractItemView*>(widget); view && !qobject_cast<QHeaderView*>(view))
            walkView(where, view);
    }

    void walkView(const QString& where, QAbstractItemView* view) {
        QAbstractItemModel* model = view->model();
        if (!model)
            return;
        for (int column = 0; column < model->columnCount(); ++column)
            check(where + QStringLiteral(" header"), model->headerData(column, Qt::Horizontal).toString());
        walkRows(where, model, QModelIndex(), 0);
    }

    void walkRows(const QString& where, QAbstractItemModel* model, const QModelIndex& parent, int depth) {
        for (int row = 0; row < std::min(model->rowCount(parent), 40); ++row) {
            for (int column = 0; column < model->columnCount(parent); ++column) {
                const QModelIndex index = model->index(row, column, parent);
                check(where + QStringLiteral(" cell"), index.data(Qt::DisplayRole).toString());
                check(where + QStringLiteral(" cell tooltip"), index.data(Qt::ToolTipRole).toString());
            }
            if (depth < 3)
                walkRows(where, model, model->index(row, 0, parent), depth + 1);
        }
    }

    void walkAction(QAction* action) {
        if (action->isSeparator())
            return;
        check(QStringLiteral("action"), action->text());
        if (action->toolTip() != action->text().remove(QLatin1Char('&')))
            check(QStringLiteral("action tooltip"), action->toolTip());
    }

    void walkWindow(QWidget* window) {
        // Menus filled as they open (Open Recent, environments, cards) are filled first; one
        // may rebuild another, so each is asked only while it still exists.
        QList<QPointer<QMenu>> menus;
        for (QMenu* menu : window->findChildren<QMenu*>())
            menus << menu;
        for (const QPointer<QMenu>& menu : menus)
            if (menu)
                Q_EMIT menu->aboutToShow();
        walkWidget(window);
        for (QWidget* widget : window->findChildren<QWidget*>())
            if (widget->isVisibleTo(window))
                walkWidget(widget);
        for (QAction* action : window->findChildren<QAction*>())
            walkAction(action);
    }

    const QStringList& unmarked() const { return m_unmarked; }

private:
    QSet<QString> m_words;
    QStringList m_unmarked;
};

// The controls a keyboard or screen-reader user reaches, each with a name a reader says.
QStringList namelessControls(QWidget* window) {
    QStringList nameless;
    for (QWidget* widget : window->findChildren<QWidget*>()) {
        if (!widget->isVisibleTo(window) || widget->focusPolicy() == Qt::NoFocus)
            continue;
        const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                             qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractSpinBox*>(widget) ||
                             qobject_cast<QAbstractItemView*>(widget) || qobject_cast<QTabBar*>(widget) ||
                             qobject_cast<QPlainTextEdit*>(widget) || qobject_cast<QTextEdit*>(widget);
        QWidget* parent = widget->parentWidget();
        if (!control || qobject_cast<QLineEdit*>(parent) || qobject_cast<QComboBox*>(parent) ||
            qobject_cast<QAbstractSpinBox*>(parent))
            continue; // a combo box's or spin box's own parts are named by it
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
            nameless << QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char('#') + widget->objectName() +
                            QStringLiteral(" in ") + QString::fromLatin1(widget->parentWidget()->metaObject()->className());
    }
    return nameless;
}

} // namespace

class TestTranslatable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        test::useScratchSettings(QStringLiteral("tst_translatable"), m_settingsDir.path());
        QVERIFY(m_root.isValid());
        auto demo = workspace::DemoRepository::ensure(m_root.path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        m_demo = *demo;
        m_words = repositoryWords(m_demo);
        QCoreApplication::installTranslator(&m_translator);
        QVERIFY(tr("probe").startsWith(kOpen));
    }

    void cleanupTestCase() { QCoreApplication::removeTranslator(&m_translator); }

    void everyVisibleTextIsTranslatedAndEveryControlNamed() {
        QSettings().clear();
        ui::MainWindow window;
        window.resize(1500, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QTRY_VERIFY(window.controller()->historyModel()->rowCount() > 3);
        window.applySnapshot(stagingReading());
        window.environmentSelector()->selectEnvironment(QStringLiteral("staging"));
        window.toggleMatrix();
        window.toggleActivity();
        QVERIFY(window.activityDock()->isVisible());

        window.showCompare();
        ui::CompareView* compare = window.compareView();
        compare->compareEnvironments(QStringLiteral("staging"), QStringLiteral("prod"));
        QTRY_VERIFY_WITH_TIMEOUT(compare->model()->snapshot() && !compare->isBusy(), 20000);
        ui::SettingsDialog* settings = window.showSettings();
        QVERIFY(settings);
        window.showCommandPalette();
        QVERIFY(window.commandPalette()->isVisible());

        TextWalk walk(m_words);
        QStringList nameless;
        for (QWidget* top : QList<QWidget*>{&window, compare, settings, window.commandPalette()}) {
            walk.walkWindow(top);
            nameless += namelessControls(top);
        }
        // The cards are painted, not widgets: their lines as the delegate draws them.
        for (const QString& environment : window.syncStateModel()->environments())
            for (const QString& line : window.syncStatePane()->rowLines(environment))
                walk.check(QStringLiteral("card ") + environment, line);
        for (int i = 0; i < settings->tabs()->count(); ++i) { // every page, not only the visible one
            settings->tabs()->setCurrentIndex(i);
            walk.walkWindow(settings->tabs()->currentWidget());
            nameless += namelessControls(settings->tabs()->currentWidget());
        }
        nameless.removeDuplicates();
        for (const QString& text : walk.unmarked())
            qWarning("not translatable: %s", qPrintable(text));
        for (const QString& control : nameless)
            qWarning("no accessible name: %s", qPrintable(control));
        QVERIFY2(walk.unmarked().isEmpty(),
                 qPrintable(QStringLiteral("not translatable:\n") + walk.unmarked().join(QLatin1Char('\n'))));
        QVERIFY2(nameless.isEmpty(), qPrintable(QStringLiteral("no accessible name:\n") + nameless.join(QLatin1Char('\n'))));
    }

private:
    // staging out of sync: Pending lists resources in every state, its card has lines.
    std::shared_ptr<reconcile::EnvironmentSnapshot> stagingReading() const {
        const auto deployment = [](const QString& name) {
            return test::key(QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop-staging"), name);
        };
        auto staging =
            test::snapshot(QStringLiteral("staging"), 1,
                           {test::resource(deployment(QStringLiteral("api")), ResourceState::Modified, health::Health::Degraded),
                            test::resource(deployment(QStringLiteral("web")), ResourceState::Same),
                            test::resource(test::key(QString(), QStringLiteral("Service"), QStringLiteral("shop-staging"),
                                                     QStringLiteral("api")),
                                           ResourceState::Missing, health::Health::Missing),
                            test::resource(test::key(QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-staging"),
                                                     QStringLiteral("old")),
                                           ResourceState::Extra, health::Health::Healthy, true)});
        staging->deployed = reconcile::DeployedRevision{test::fakeCommit("a"), QStringLiteral("web 1.4"),
                                                        QDateTime::currentDateTime().addSecs(-60), QStringLiteral("ada")};
        staging->commitsBehind = 2;
        return staging;
    }

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_root;
    QString m_demo;
    QSet<QString> m_words;
    MarkingTranslator m_translator;
};

QTEST_MAIN(TestTranslatable)
#include "tst_translatable.moc"
