#include "CompareView.h"
#include "ComparisonModel.h"
#include "ComparisonSnapshot.h"
#include "DemoRepository.h"
#include "EnvironmentListModel.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RepositoryController.h"
#include "SideBySideView.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "support/GitFixture.h"
#include "workspace/EnvironmentComparison.h"
#include "workspace/RenderedHistory.h"
#include "workspace/WorkspaceLoader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <set>

using namespace syncline;
using syncline::test::GitFixture;
using syncline::ui::MainWindow;

namespace {

QStringList lines(const QString& text) { return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

std::set<QString> shownCommits(const MainWindow& window) {
    std::set<QString> ids;
    auto* model = window.controller()->historyModel();
    for (int row = 0; row < model->rowCount(); ++row)
        ids.insert(model->rowAt(row)->commit.id.toHex());
    return ids;
}

QStringList comboItems(const QComboBox* combo) {
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items << combo->itemText(i);
    return items;
}

// The block of `edit` that contains `needle`, or an invalid block.
QTextBlock blockWith(const QPlainTextEdit* edit, const QString& needle) {
    for (QTextBlock block = edit->document()->begin(); block.isValid(); block = block.next())
        if (block.text().contains(needle))
            return block;
    return {};
}

} // namespace

class TestCompareView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        syncline::test::useScratchSettings(QStringLiteral("tst_compareview"), m_settingsDir.path());

        QVERIFY(m_demoRoot.isValid());
        auto demo = workspace::DemoRepository::ensure(m_demoRoot.path());
        QVERIFY2(demo, demo ? "" : qPrintable(demo.error().toString()));
        m_demo = *demo;
        // A commit that touches only the README: it changes no environment's output.
        GitFixture repo(m_demo);
        repo.writeFile(QStringLiteral("README.md"), "# Shop GitOps\n\nNow with a longer README.\n");
        repo.git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("docs: README only"),
                  QStringLiteral("README.md")});
        m_readmeCommit = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
    }

    void init() { QSettings().clear(); }

    void environmentsAppearInSelectorAndSyncPane() {
        {
            MainWindow window;
            window.show();
            window.openRepository(m_demo);
            ui::EnvironmentSelector* selector = window.environmentSelector();
            QTRY_COMPARE(selector->count(), 3);
            QCOMPARE(comboItems(selector),
                     (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
            QCOMPARE(selector->currentEnvironment(), QStringLiteral("dev"));
            QVERIFY(selector->isEnabled());
            QVERIFY(window.compareAction()->isEnabled());
            QVERIFY(window.syncStatePane()->showsTable());
            QCOMPARE(window.syncStatePane()->table()->model()->rowCount(), 3);
            QVERIFY(window.syncStatePane()->noteText().contains(QStringLiteral("No cluster read yet")));
            const QModelIndex prod = window.syncStatePane()->table()->model()->index(2, 0);
            QCOMPARE(prod.data().toString(), QStringLiteral("prod"));
            QCOMPARE(prod.data(models::SyncStateModel::DetailRole).toString(),
                     QStringLiteral("overlays/prod · kustomize · ns shop-prod"));
            QVERIFY(!window.messageBar()->hasMessages()); // syncline.yaml is fine: nothing to say
            QCOMPARE(window.historyPane()->changedButton()->text(), QStringLiteral("Changed dev"));

            selector->selectEnvironment(QStringLiteral("prod"));
            QCOMPARE(window.historyPane()->changedButton()->text(), QStringLiteral("Changed prod"));
        }
        // Remembered for this repository on the next start.
        MainWindow again;
        again.show();
        again.openRepository(m_demo);
        QTRY_COMPARE(again.environmentSelector()->count(), 3);
        QCOMPARE(again.environmentSelector()->currentEnvironment(), QStringLiteral("prod"));
    }

    void compareDevVersusProd() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier);
        ui::CompareView* view = window.compareView();
        QTRY_VERIFY(view->isVisible());
        // Ctrl+D starts from the selected environment against the next in promotion order.
        QCOMPARE(view->leftCombo()->currentText(), QStringLiteral("dev"));
        QCOMPARE(view->rightCombo()->currentText(), QStringLiteral("staging"));
        QTRY_VERIFY(!view->isBusy() && view->model()->snapshot());

        view->compareEnvironments(QStringLiteral("dev"), QStringLiteral("prod"));
        QTRY_VERIFY(!view->isBusy());
        const auto snapshot = view->model()->snapshot();
        QVERIFY(snapshot);
        QCOMPARE(snapshot->request.rightEnvironment, QStringLiteral("prod"));

        // Expectations straight from the core, with no model or view in between.
        const diff::DiffResult expected = compareInCore(QStringLiteral("dev"), QStringLiteral("prod"));
        models::ComparisonModel* model = view->model();
        QVERIFY(view->hideSameBox()->isChecked()); // Settings ▸ Diff options' Hide unchanged, on by default
        view->hideSameBox()->setChecked(false);
        QCOMPARE(model->rowCount(), int(expected.resources.size()));
        for (int state = 0; state < diff::kResourceStateCount; ++state)
            QCOMPARE(model->count(diff::ResourceState(state)), expected.count(diff::ResourceState(state)));
        for (int row = 0; row < model->rowCount(); ++row) {
            QCOMPARE(model->resourceAt(row)->key, expected.resources[std::size_t(row)].key);
            QCOMPARE(model->index(row, models::ComparisonModel::StateColumn).data(models::ComparisonModel::StateRole).toInt(),
                     int(expected.resources[std::size_t(row)].state));
        }
        QVERIFY(view->statusText().contains(model->countsText().toHtmlEscaped()));

        // The first difference is selected; pick the api Deployment: both sides' YAML with
        // the changed lines highlighted on the same row, and its field changes listed.
        int api = -1;
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->resourceAt(row)->key.kind == QLatin1String("Deployment") &&
                model->resourceAt(row)->key.name == QLatin1String("api"))
                api = row;
        QVERIFY(api >= 0);
        view->summaryTable()->setCurrentIndex(model->index(api, 0));
        const QPlainTextEdit* left = view->sideBySide()->leftEdit();
        const QPlainTextEdit* right = view->sideBySide()->rightEdit();
        const QTextBlock leftImage = blockWith(left, QStringLiteral("image: registry.example.com/shop/api:1.3.0"));
        const QTextBlock rightImage = blockWith(right, QStringLiteral("image: registry.example.com/shop/api:1.1.0"));
        QVERIFY(leftImage.isValid() && rightImage.isValid());
        QCOMPARE(leftImage.blockNumber(), rightImage.blockNumber()); // aligned
        QVERIFY(leftImage.blockFormat().background().style() != Qt::NoBrush);
        QVERIFY(rightImage.blockFormat().background().style() != Qt::NoBrush);
        QCOMPARE(left->document()->blockCount(), right->document()->blockCount());
        // "environment: dev" / "environment: prod" differ only by the names: not a change,
        // so not painted like one (the core does not list it either).
        const QTextBlock leftLabel = blockWith(left, QStringLiteral("environment: dev"));
        QVERIFY(leftLabel.isValid());
        QVERIFY(leftLabel.blockFormat().background() != leftImage.blockFormat().background());
        const QTextBlock leftName = blockWith(left, QStringLiteral("name: api"));
        QVERIFY(leftName.isValid());
        QCOMPARE(leftName.blockFormat().background().style(), Qt::NoBrush); // unchanged lines stay plain
        QStringList fields;
        for (int i = 0; i < view->fieldList()->topLevelItemCount(); ++i)
            fields << view->fieldList()->topLevelItem(i)->text(0);
        QVERIFY2(fields.contains(QStringLiteral("/spec/replicas")), qPrintable(fields.join(QLatin1Char(','))));
        QVERIFY(fields.contains(QStringLiteral("/spec/template/spec/containers/name=api/image")));
        QVERIFY(!fields.contains(QStringLiteral("/metadata/namespace"))); // namespace differences ignored
        const int replicas = int(fields.indexOf(QStringLiteral("/spec/replicas")));
        QCOMPARE(view->fieldList()->topLevelItem(replicas)->text(1), QStringLiteral("2"));
        QCOMPARE(view->fieldList()->topLevelItem(replicas)->text(2), QStringLiteral("3"));

        // Hide same keeps only differences and the selected resource.
        view->hideSameBox()->setChecked(true);
        QCOMPARE(model->rowCount(), int(expected.resources.size() - expected.count(diff::ResourceState::Same)));
        QCOMPARE(model->resourceAt(view->summaryTable()->currentIndex().row())->key.name, QStringLiteral("api"));

        // Without "ignore namespace" nothing pairs: each side's objects are only there.
        view->ignoreNamespaceBox()->setChecked(false);
        QTRY_VERIFY(!view->isBusy() && !view->model()->snapshot()->request.ignoreNamespace);
        QVERIFY(model->count(diff::ResourceState::Missing) > 0);
        QCOMPARE(model->count(diff::ResourceState::Missing), model->count(diff::ResourceState::Extra));
        QCOMPARE(model->count(diff::ResourceState::Modified), std::size_t(0));

        // A revision that does not exist is reported, not shown as an empty comparison.
        view->compareEnvironments(QStringLiteral("dev"), QStringLiteral("prod"), QStringLiteral("no-such-revision"));
        QTRY_VERIFY(!view->isBusy());
        QVERIFY(view->statusText().contains(QStringLiteral("Cannot compare")));
        QCOMPARE(model->rowCount(), 0);
    }

    void supersededComparisonsAreDropped() {
        MainWindow window;
        window.openRepository(m_demo);
        QTRY_COMPARE(window.controller()->environmentModel()->rowCount(), 3);
        QSignalSpy ready(window.controller(), &models::RepositoryController::comparisonReady);
        auto requestOf = [&ready](qsizetype i) {
            return ready.at(i).at(0).value<std::shared_ptr<const models::ComparisonSnapshot>>()->request;
        };
        const models::ComparisonRequest first{.leftEnvironment = QStringLiteral("dev"),
                                              .rightEnvironment = QStringLiteral("staging")};
        const models::ComparisonRequest second{.leftEnvironment = QStringLiteral("staging"),
                                               .rightEnvironment = QStringLiteral("prod")};
        // Slower work ahead on the serial executor keeps the first request queued.
        window.controller()->markEnvironmentChanges(QStringLiteral("prod"));
        window.controller()->compare(first);
        // A result that was already delivered is not "late"; anything after this point is.
        const qsizetype before = ready.count();
        window.controller()->compare(second);
        QTRY_VERIFY(ready.count() > before && requestOf(ready.count() - 1) == second);
        // One serial executor: had the first result not been dropped, it would come first.
        QCOMPARE(ready.count(), before + 1);
    }

    void changedProdShowsExactlyTheCommitsThatChangedItsOutput() {
        MainWindow window;
        window.show();
        window.openRepository(m_demo);
        QTRY_COMPARE(window.environmentSelector()->count(), 3);
        GitFixture repo(m_demo);
        const int total =
            repo.git({QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("HEAD")}).trimmed().toInt();
        QTRY_VERIFY(window.controller()->historyModel()->atEnd());
        QCOMPARE(window.controller()->historyModel()->rowCount(), total);

        window.environmentSelector()->selectEnvironment(QStringLiteral("prod"));
        QToolButton* changed = window.historyPane()->changedButton();
        QSignalSpy marked(window.controller(), &models::RepositoryController::environmentChangesMarked);
        changed->click();
        QVERIFY(changed->isChecked());
        QTRY_COMPARE(marked.count(), 1);
        QCOMPARE(window.controller()->markedEnvironment(), QStringLiteral("prod"));
        QTRY_VERIFY(window.controller()->historyModel()->atEnd() && window.controller()->historyModel()->isFiltered());
        const std::set<QString> shown = shownCommits(window);

        // The same question asked of the core directly.
        auto opened = git::Repository::open(m_demo);
        QVERIFY(opened);
        auto repository = std::make_shared<const git::Repository>(std::move(*opened));
        auto workspace = workspace::WorkspaceLoader::open(repository);
        QVERIFY(workspace);
        workspace::EnvironmentRenderer renderer(repository);
        const workspace::Environment* prod = workspace->config.find(QStringLiteral("prod"));
        auto changes = workspace::RenderedHistory::commitsChangingOutput(
            renderer, *prod, *repository->resolveCommit(QStringLiteral("HEAD")), 10'000);
        QVERIFY(changes && changes->complete);
        std::set<QString> expected;
        for (const git::ObjectId& id : changes->commits)
            expected.insert(id.toHex());
        QCOMPARE(shown, expected);
        QCOMPARE(marked.at(0).at(1).toInt(), int(expected.size()));

        // Sanity: a strict subset of what git says touched prod's inputs, without the README
        // commit and with the prod replica bump.
        const QStringList touched = lines(repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("--"),
                                                    QStringLiteral("overlays/prod"), QStringLiteral("base")}));
        for (const QString& id : shown)
            QVERIFY2(touched.contains(id), qPrintable(id));
        QVERIFY(int(shown.size()) < touched.size());
        QVERIFY(!shown.count(m_readmeCommit));
        const QString replicaBump =
            repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("--grep=^prod: run 3 api replicas")})
                .trimmed();
        QVERIFY(!replicaBump.isEmpty() && shown.count(replicaBump));
        const QString devBump =
            repo.git({QStringLiteral("log"), QStringLiteral("--format=%H"), QStringLiteral("--grep=^dev: bump api to 1.1.0")})
                .trimmed();
        QVERIFY(!devBump.isEmpty() && !shown.count(devBump));

        // Esc in the list restores every commit.
        window.historyPane()->commitList()->setFocus();
        QTest::keyClick(window.historyPane()->commitList(), Qt::Key_Escape);
        QVERIFY(!changed->isChecked());
        QVERIFY(window.controller()->markedEnvironment().isEmpty());
        QTRY_VERIFY(!window.controller()->historyModel()->isFiltered() && window.controller()->historyModel()->atEnd());
        QCOMPARE(window.controller()->historyModel()->rowCount(), total);
    }

    void brokenSynclineYamlShowsItsProblems() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n  - name: dev\n    path: overlays/dev\n    rendrer: kustomize\n");
        repo.commitAll(QStringLiteral("broken"), 1700000000);
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_VERIFY(window.messageBar()->text().contains(QStringLiteral("syncline.yaml:5:")));
        QVERIFY(window.messageBar()->text().contains(QStringLiteral("rendrer")));
        QCOMPARE(window.environmentSelector()->count(), 0);
        QVERIFY(!window.compareAction()->isEnabled());
        QVERIFY(!window.syncStatePane()->showsTable());
        QVERIFY(!window.historyPane()->changedButton()->isEnabled());
    }

    void secretValuesStayMasked() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 1\nenvironments:\n  - name: left\n    path: envs/left\n    renderer: plain\n"
                       "  - name: right\n    path: envs/right\n    renderer: plain\n");
        // Values that differ by more than the environments' names, which compare as expected.
        const QByteArray values[] = {"xyzzy", "plugh"};
        const QByteArray tiers[] = {"gold", "silver"};
        for (int i = 0; i < 2; ++i)
            repo.writeFile(i == 0 ? QStringLiteral("envs/left/secret.yaml") : QStringLiteral("envs/right/secret.yaml"),
                           "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  labels:\n    tier: " + tiers[i] +
                               "\nstringData:\n  password: hunter2-" + values[i] +
                               "\ndata:\n  token: " + QByteArray("tok-" + values[i]).toBase64() + "\n");
        repo.commitAll(QStringLiteral("secrets"), 1700000000);
        MainWindow window;
        window.show();
        window.openRepository(repo.path());
        QTRY_COMPARE(window.environmentSelector()->count(), 2);
        window.showCompare();
        ui::CompareView* view = window.compareView();
        QTRY_VERIFY(!view->isBusy() && view->model()->snapshot());
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->resourceAt(0)->state, diff::ResourceState::Modified);
        QCOMPARE(view->summaryTable()->currentIndex().row(), 0);
        QString everything = view->sideBySide()->leftEdit()->toPlainText() + view->sideBySide()->rightEdit()->toPlainText();
        for (int i = 0; i < view->fieldList()->topLevelItemCount(); ++i)
            for (int c = 0; c < 3; ++c)
                everything += view->fieldList()->topLevelItem(i)->text(c);
        QVERIFY(everything.contains(QStringLiteral("password")));
        QVERIFY(everything.contains(QStringLiteral("<secret:")));
        QStringList fields;
        for (int i = 0; i < view->fieldList()->topLevelItemCount(); ++i)
            fields << view->fieldList()->topLevelItem(i)->text(0);
        QVERIFY(fields.contains(QStringLiteral("/metadata/labels/tier")));
        QVERIFY(fields.contains(QStringLiteral("/data/password")));
        QVERIFY(!everything.contains(QStringLiteral("hunter2")));
        for (const QByteArray& value : values) {
            QVERIFY(!everything.contains(QString::fromLatin1(value)));
            QVERIFY(!everything.contains(QString::fromLatin1(QByteArray("tok-" + value).toBase64())));
        }
    }

private:
    diff::DiffResult compareInCore(const QString& leftName, const QString& rightName) {
        auto opened = git::Repository::open(m_demo);
        auto repository = std::make_shared<const git::Repository>(std::move(*opened));
        auto ws = workspace::WorkspaceLoader::open(repository);
        workspace::EnvironmentRenderer renderer(repository);
        const workspace::Environment* left = ws->config.find(leftName);
        const workspace::Environment* right = ws->config.find(rightName);
        return workspace::compareRendered(*renderer.render(*left), *left, *renderer.render(*right), *right, {});
    }

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_demoRoot;
    QString m_demo;
    QString m_readmeCommit;
};

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
