#include "SettingsDialog.h"

#include "ChartRepositoriesPage.h"
#include "DiffOptionsPage.h"
#include "MainWindow.h"
#include "RepositoryController.h"
#include "SyncStateModel.h"
#include "activity/ActivityLog.h"
#include "charts/ChartRepositoryAccess.h"
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ReconcileActivity.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QSpinBox* intervalBox(int seconds, const QString& whenZero, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(0, models::EngineSettings::kMaxIntervalSeconds);
    box->setSuffix(QObject::tr(" s"));
    box->setSpecialValueText(whenZero); // shown for 0
    box->setValue(seconds);
    return box;
}

QTableWidget* table(const QStringList& headers, QWidget* parent) {
    auto* widget = new QTableWidget(0, int(headers.size()), parent);
    widget->setHorizontalHeaderLabels(headers);
    widget->setSelectionBehavior(QAbstractItemView::SelectRows);
    widget->setSelectionMode(QAbstractItemView::SingleSelection);
    widget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    widget->verticalHeader()->hide();
    widget->horizontalHeader()->setStretchLastSection(true);
    return widget;
}

QTableWidgetItem* cell(const QString& text, const QString& key = {}) {
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(text);
    if (!key.isEmpty())
        item->setData(Qt::UserRole, key);
    return item;
}

} // namespace

SettingsDialog::SettingsDialog(MainWindow* window, std::shared_ptr<kube::ExecApprovals> approvals)
    : QDialog(window), m_window(window), m_approvalStore(std::move(approvals)), m_tabs(new QTabWidget(this)) {
    setWindowTitle(tr("Settings"));
    const QString root = window->controller()->path();
    m_repositoryKey = root.isEmpty() ? QString() : reconcile::ClusterConsentStore::repositoryKeyOf(root);
    m_tabs->addTab(buildGeneral(), tr("&General"));
    m_tabs->addTab(buildClusters(), tr("&Clusters"));
    m_diffOptions = new DiffOptionsPage(this);
    m_tabs->addTab(m_diffOptions, tr("&Diff options"));
    m_chartAccess = std::make_unique<charts::ChartRepositoryAccess>();
    m_charts = new ChartRepositoriesPage(*m_chartAccess, this);
    connect(m_charts, &ChartRepositoriesPage::accessChanged, this, &SettingsDialog::consentsChanged);
    m_tabs->addTab(m_charts, tr("C&harts"));
    m_tabs->addTab(buildAppearance(), tr("&Appearance"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
    resize(720, 480);
}

QWidget* SettingsDialog::buildGeneral() {
    auto* page = new QWidget(this);
    const models::EngineSettings settings = models::EngineSettings::load();
    m_refresh = intervalBox(settings.refreshIntervalSeconds, tr("Only on Refresh"), page);
    m_refresh->setAccessibleName(tr("Read clusters every"));
    m_fetch = intervalBox(settings.fetchIntervalSeconds, tr("Only on Fetch"), page);
    m_fetch->setAccessibleName(tr("Fetch the remote every"));
    m_live = new QCheckBox(tr("Show changes made on clusters as they happen (watches)"), page);
    m_live->setChecked(settings.liveUpdates);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Read clusters every:"), m_refresh);
    form->addRow(tr("Fetch the remote every:"), m_fetch);
    form->addRow(QString(), m_live);
    auto* note = new QLabel(tr("With live updates, the periodic read is only a safety net; Refresh (F5 on a card) always "
                               "reads at once."),
                            page);
    note->setWordWrap(true);
    form->addRow(QString(), note);
    return page;
}

QWidget* SettingsDialog::buildClusters() {
    auto* page = new QWidget(this);
    m_consents = table({tr("Environment"), tr("Context"), tr("Server"), tr("Auto-sync"), tr("Prune")}, page);
    m_consents->setAccessibleName(tr("Cluster consents for this repository"));
    m_approvals = table({tr("Cluster"), tr("Program")}, page);
    m_approvals->setAccessibleName(tr("Approved exec plugins"));
    m_forgetConsent = new QPushButton(tr("&Forget consent"), page);
    m_editCluster = new QPushButton(tr("&Edit cluster and token…"), page);
    m_revoke = new QPushButton(tr("&Revoke approval"), page);
    connect(m_forgetConsent, &QPushButton::clicked, this, &SettingsDialog::forgetSelectedConsent);
    connect(m_editCluster, &QPushButton::clicked, this, &SettingsDialog::editSelectedCluster);
    connect(m_revoke, &QPushButton::clicked, this, &SettingsDialog::revokeSelectedApproval);
    auto* consentButtons = new QHBoxLayout;
    consentButtons->addWidget(m_forgetConsent);
    consentButtons->addWidget(m_editCluster);
    consentButtons->addStretch();
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("Clusters this repository's environments may use:"), page));
    layout->addWidget(m_consents);
    layout->addLayout(consentButtons);
    layout->addWidget(new QLabel(tr("Exec credential plugins you approved (any repository):"), page));
    layout->addWidget(m_approvals);
    layout->addWidget(m_revoke, 0, Qt::AlignLeft);
    fillConsents();
    fillApprovals();
    return page;
}

QWidget* SettingsDialog::buildAppearance() {
    auto* page = new QWidget(this);
    m_fontSize = new QSpinBox(page);
    m_fontSize->setRange(AppearanceSettings::kMinPointSize - 1, AppearanceSettings::kMaxPointSize);
    m_fontSize->setSpecialValueText(tr("System size"));
    m_fontSize->setSuffix(tr(" pt"));
    m_fontSize->setAccessibleName(tr("Font size"));
    const int size = AppearanceSettings::load().fontPointSize;
    m_fontSize->setValue(size == 0 ? m_fontSize->minimum() : size);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Font size:"), m_fontSize);
    form->addRow(tr("Colours:"), new QLabel(tr("Light or dark, as the system's theme is."), page));
    return page;
}

void SettingsDialog::fillConsents() {
    m_consents->setRowCount(0);
    const reconcile::ClusterConsentStore store;
    const models::SyncStateModel* model = m_window->syncStateModel();
    for (const QString& unit : model->environments()) {
        const auto recorded = m_repositoryKey.isEmpty() ? std::nullopt : store.recorded(m_repositoryKey, unit);
        const QString label = model->labelOf(unit);
        const int row = m_consents->rowCount();
        m_consents->insertRow(row);
        m_consents->setItem(row, 0, cell(label, unit));
        m_consents->setItem(row, 1, cell(recorded ? recorded->context : tr("not trusted")));
        m_consents->setItem(row, 2, cell(recorded ? recorded->server : QString()));
        m_consents->setItem(row, 3, cell(recorded && recorded->allowAutoSync ? tr("allowed") : tr("no")));
        m_consents->setItem(row, 4, cell(recorded && recorded->allowPrune ? tr("allowed") : tr("no")));
    }
    m_consents->resizeColumnsToContents();
}

void SettingsDialog::fillApprovals() {
    m_approvals->setRowCount(0);
    for (const auto& approval : m_approvalStore ? m_approvalStore->approvals() : std::vector<kube::ExecApprovals::Approval>{}) {
        const int row = m_approvals->rowCount();
        m_approvals->insertRow(row);
        m_approvals->setItem(row, 0, cell(approval.cluster.isEmpty() ? approval.digest : approval.cluster, approval.digest));
        m_approvals->setItem(row, 1, cell(approval.program));
    }
    m_approvals->resizeColumnsToContents();
}

QString SettingsDialog::selectedEnvironment() const {
    const QTableWidgetItem* item = m_consents->item(m_consents->currentRow(), 0);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void SettingsDialog::forgetSelectedConsent() {
    const QString environment = selectedEnvironment();
    if (environment.isEmpty() || m_repositoryKey.isEmpty())
        return;
    reconcile::ClusterConsentStore().forget(m_repositoryKey, environment);
    activity::ActivityLog::record(reconcile::ReconcileActivity::forgottenConsent(m_window->controller()->path(), environment));
    fillConsents();
    Q_EMIT consentsChanged();
}

void SettingsDialog::revokeSelectedApproval() {
    const QTableWidgetItem* item = m_approvals->item(m_approvals->currentRow(), 0);
    if (!item || !m_approvalStore)
        return;
    m_approvalStore->revokeDigest(item->data(Qt::UserRole).toString());
    fillApprovals();
}

void SettingsDialog::editSelectedCluster() {
    if (const QString environment = selectedEnvironment(); !environment.isEmpty())
        m_window->editCluster(environment);
}

void SettingsDialog::showCharts() {
    m_charts->fill();
    m_tabs->setCurrentWidget(m_charts);
}

void SettingsDialog::accept() {
    const std::optional<workspace::UserDiffSettings> diff = m_diffOptions->settings();
    if (!diff) { // the page says what is wrong; nothing is stored half-way
        m_tabs->setCurrentWidget(m_diffOptions);
        return;
    }
    const bool diffChanged = !(*diff == workspace::UserDiffSettings::load());
    diff->save();
    models::EngineSettings engine;
    engine.refreshIntervalSeconds = m_refresh->value();
    engine.fetchIntervalSeconds = m_fetch->value();
    engine.liveUpdates = m_live->isChecked();
    const bool engineChanged = !(engine == models::EngineSettings::load());
    engine.save();
    AppearanceSettings appearance;
    appearance.fontPointSize = m_fontSize->value() == m_fontSize->minimum() ? 0 : m_fontSize->value();
    if (!(appearance == AppearanceSettings::load())) {
        appearance.save();
        appearance.apply();
    }
    QDialog::accept();
    if (engineChanged)
        Q_EMIT engineSettingsChanged();
    if (diffChanged)
        Q_EMIT diffSettingsChanged();
}

} // namespace syncline::ui
