#include "CompareView.h"

#include "ComparisonModel.h"
#include "ComparisonSnapshot.h"
#include "EnvironmentListModel.h"
#include "RepositoryController.h"
#include "SideBySideView.h"
#include "manifest/YamlWriter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace syncline::ui {

using models::ComparisonModel;
using models::EnvironmentListModel;

namespace {

QString yamlOf(const std::optional<nlohmann::ordered_json>& object) {
    return object ? QString::fromStdString(manifest::writeYaml(*object)) : QString();
}

QComboBox* makeEnvironmentCombo(models::RepositoryController* controller, QWidget* parent) {
    auto* combo = new QComboBox(parent);
    combo->setModel(controller->environmentModel());
    combo->setModelColumn(EnvironmentListModel::NameColumn);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    combo->setMinimumContentsLength(8);
    return combo;
}

QLineEdit* makeRevisionEdit(QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setPlaceholderText(QCoreApplication::translate("CompareView", "tip"));
    edit->setToolTip(QCoreApplication::translate("CompareView",
                                                 "A revision: a commit id, tag or HEAD~2. Empty: the environment's branch tip. "
                                                 "Enter compares."));
    edit->setClearButtonEnabled(true);
    edit->setMaximumWidth(160);
    return edit;
}

} // namespace

CompareView::CompareView(models::RepositoryController* controller, QWidget* parent)
    : QDialog(parent), m_controller(controller), m_model(new ComparisonModel(this)),
      m_leftEnv(makeEnvironmentCombo(controller, this)), m_leftRevision(makeRevisionEdit(this)),
      m_rightEnv(makeEnvironmentCombo(controller, this)), m_rightRevision(makeRevisionEdit(this)),
      m_ignoreNamespace(new QCheckBox(tr("Ignore namespace"), this)), m_compare(new QPushButton(tr("Compare"), this)),
      m_status(new QLabel(this)), m_hideSame(new QCheckBox(tr("Hide same"), this)), m_table(new QTableView(this)),
      m_sides(new SideBySideView(this)), m_fields(new QTreeWidget(this)), m_splitter(new QSplitter(Qt::Vertical, this)) {
    setObjectName(QStringLiteral("compareView"));
    setWindowTitle(tr("Compare Environments — Syncline"));
    m_leftEnv->setAccessibleName(tr("Left environment"));
    m_leftRevision->setAccessibleName(tr("Left revision"));
    m_rightEnv->setAccessibleName(tr("Right environment"));
    m_rightRevision->setAccessibleName(tr("Right revision"));
    setSizeGripEnabled(true);
    resize(1200, 820);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buildSidesBar());
    layout->addLayout(buildSummaryBar());
    setUpTable();
    setUpFields();
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_sides);
    m_splitter->addWidget(m_fields);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({240, 380, 140});
    layout->addWidget(m_splitter, 1);
    m_sides->setNotice(tr("Select a resource to see both sides."));
    connectSignals();
}

// Left environment and revision, swap, right environment and revision, the namespace
// option and Compare.
QHBoxLayout* CompareView::buildSidesBar() {
    auto* sides = new QHBoxLayout;
    sides->setSpacing(6);
    sides->addWidget(new QLabel(tr("Left"), this));
    sides->addWidget(m_leftEnv);
    sides->addWidget(m_leftRevision);
    auto* swap = new QToolButton(this);
    swap->setText(QStringLiteral("⇄"));
    swap->setToolTip(tr("Swap left and right"));
    swap->setAccessibleName(tr("Swap left and right"));
    sides->addSpacing(6);
    sides->addWidget(swap);
    sides->addSpacing(6);
    sides->addWidget(new QLabel(tr("Right"), this));
    sides->addWidget(m_rightEnv);
    sides->addWidget(m_rightRevision);
    sides->addSpacing(12);
    m_ignoreNamespace->setChecked(true);
    m_ignoreNamespace->setToolTip(tr("Pair objects whatever their namespace and leave metadata.namespace "
                                     "out: environments usually differ there on purpose"));
    sides->addWidget(m_ignoreNamespace);
    sides->addStretch(1);
    sides->addWidget(m_compare);
    connect(swap, &QToolButton::clicked, this, &CompareView::swapSides);
    return sides;
}

// The comparison's status line and "Hide same".
QHBoxLayout* CompareView::buildSummaryBar() {
    auto* summary = new QHBoxLayout;
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    summary->addWidget(m_status, 1);
    m_hideSame->setToolTip(tr("List only the resources that differ"));
    summary->addWidget(m_hideSame);
    return summary;
}

// One row per resource: its name stretches, the two sides and the state keep their width.
void CompareView::setUpTable() {
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Compared resources"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(ComparisonModel::ResourceColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ComparisonModel::LeftColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(ComparisonModel::RightColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(ComparisonModel::StateColumn, QHeaderView::Interactive);
    header->resizeSection(ComparisonModel::LeftColumn, 200);
    header->resizeSection(ComparisonModel::RightColumn, 200);
    header->resizeSection(ComparisonModel::StateColumn, 150);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

// The changed fields of the selected resource: path, left value, right value.
void CompareView::setUpFields() {
    m_fields->setColumnCount(3);
    m_fields->setHeaderLabels({tr("Field"), tr("Left"), tr("Right")});
    m_fields->setAccessibleName(tr("Changed fields"));
    m_fields->setRootIsDecorated(false);
    m_fields->setUniformRowHeights(true);
    m_fields->setAlternatingRowColors(true);
    // Paths are short next to values (image references): the values get the room.
    m_fields->header()->setStretchLastSection(false);
    m_fields->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_fields->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_fields->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_fields->header()->resizeSection(0, 380);
}

// Any change of the sides compares again; the selection shows its resource.
void CompareView::connectSignals() {
    connect(m_compare, &QPushButton::clicked, this, &CompareView::compareNow);
    connect(m_leftEnv, &QComboBox::activated, this, &CompareView::compareNow);
    connect(m_rightEnv, &QComboBox::activated, this, &CompareView::compareNow);
    connect(m_leftRevision, &QLineEdit::returnPressed, this, &CompareView::compareNow);
    connect(m_rightRevision, &QLineEdit::returnPressed, this, &CompareView::compareNow);
    connect(m_ignoreNamespace, &QCheckBox::toggled, this, &CompareView::compareNow);
    connect(m_hideSame, &QCheckBox::toggled, this, [this](bool hide) {
        const diff::ResourceDiff* current = m_model->resourceAt(m_table->currentIndex().row());
        const std::optional<manifest::ResourceKey> key = current ? std::optional(current->key) : std::nullopt;
        m_model->setHideSame(hide);
        const int row = key ? m_model->rowOf(*key) : -1;
        if (row >= 0)
            m_table->setCurrentIndex(m_model->index(row, 0));
        else
            selectFirstDifference();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CompareView::showSelected);
    connect(m_controller, &models::RepositoryController::comparisonReady, this, &CompareView::onReady);
    connect(m_controller, &models::RepositoryController::comparisonFailed, this, &CompareView::onFailed);
    connect(m_controller->environmentModel(), &QAbstractItemModel::modelReset, this, &CompareView::onEnvironmentsReset);
    // Escape closes the dialog without a running comparison left behind.
    connect(this, &QDialog::finished, m_controller, &models::RepositoryController::cancelComparison);
}

CompareView::~CompareView() = default;

QString CompareView::statusText() const { return m_status->text(); }

void CompareView::startFrom(const QString& environment) {
    EnvironmentListModel* envs = m_controller->environmentModel();
    const QStringList names = envs->names();
    if (names.isEmpty())
        return;
    const QString left = names.contains(environment) ? environment : names.first();
    QString right;
    const QStringList order = m_controller->workspace() ? m_controller->workspace()->config.promotionOrder : QStringList();
    const qsizetype stage = order.indexOf(left);
    if (stage >= 0 && stage + 1 < order.size())
        right = order[stage + 1];
    else if (stage > 0)
        right = order[stage - 1];
    for (const QString& name : names)
        if (right.isEmpty() && name != left)
            right = name;
    compareEnvironments(left, right.isEmpty() ? left : right);
}

void CompareView::compareEnvironments(const QString& left, const QString& right, const QString& leftRevision,
                                      const QString& rightRevision) {
    EnvironmentListModel* envs = m_controller->environmentModel();
    m_leftEnv->setCurrentIndex(envs->rowOf(left));
    m_rightEnv->setCurrentIndex(envs->rowOf(right));
    m_leftRevision->setText(leftRevision);
    m_rightRevision->setText(rightRevision);
    compareNow();
}

void CompareView::swapSides() {
    const int left = m_leftEnv->currentIndex();
    const QString leftRevision = m_leftRevision->text();
    m_leftEnv->setCurrentIndex(m_rightEnv->currentIndex());
    m_leftRevision->setText(m_rightRevision->text());
    m_rightEnv->setCurrentIndex(left);
    m_rightRevision->setText(leftRevision);
    compareNow();
}

void CompareView::onEnvironmentsReset() {
    // A refresh reloads the environments: keep the sides by name, or start over.
    const QString left = m_pending.leftEnvironment, right = m_pending.rightEnvironment;
    EnvironmentListModel* envs = m_controller->environmentModel();
    if (envs->rowCount() == 0) {
        m_model->clear();
        m_status->setText(tr("No environments: open a workspace with a syncline.yaml or overlays/<env> folders."));
        m_sides->setNotice(QString());
        m_fields->clear();
        return;
    }
    if (envs->rowOf(left) >= 0 && envs->rowOf(right) >= 0 && isVisible())
        compareEnvironments(left, right, m_leftRevision->text(), m_rightRevision->text());
    else {
        m_leftEnv->setCurrentIndex(envs->rowOf(left));
        m_rightEnv->setCurrentIndex(envs->rowOf(right));
    }
}

void CompareView::compareNow() {
    const auto* left = m_controller->environmentModel()->environmentAt(m_leftEnv->currentIndex());
    const auto* right = m_controller->environmentModel()->environmentAt(m_rightEnv->currentIndex());
    if (!left || !right)
        return;
    m_pending = {.leftEnvironment = left->name,
                 .leftRevision = m_leftRevision->text().trimmed(),
                 .rightEnvironment = right->name,
                 .rightRevision = m_rightRevision->text().trimmed(),
                 .ignoreNamespace = m_ignoreNamespace->isChecked()};
    m_busy = true;
    m_status->setText(tr("Rendering %1 and %2…").arg(left->name, right->name));
    m_controller->compare(m_pending);
}

void CompareView::onReady(std::shared_ptr<const models::ComparisonSnapshot> snapshot) {
    if (!(snapshot->request == m_pending))
        return; // someone else's comparison
    const diff::ResourceDiff* current = m_model->resourceAt(m_table->currentIndex().row());
    const std::optional<manifest::ResourceKey> key = current ? std::optional(current->key) : std::nullopt;
    m_model->setSnapshot(std::move(snapshot));
    const auto& s = *m_model->snapshot();
    QString text =
        tr("<b>%1</b> @ %2 vs <b>%3</b> @ %4 — %5")
            .arg(m_model->sideName(true).toHtmlEscaped(), s.leftCommit.shortHex(), m_model->sideName(false).toHtmlEscaped(),
                 s.rightCommit.shortHex(), m_model->countsText().toHtmlEscaped());
    const QString errors = errorsText();
    if (!errors.isEmpty())
        text += QStringLiteral("<br><span style=\"color:#cf222e\">%1</span>").arg(errors.toHtmlEscaped());
    m_status->setText(text);
    m_sides->setTitles(m_model->sideName(true), m_model->sideName(false));
    m_fields->setHeaderLabels({tr("Field"), m_model->sideName(true), m_model->sideName(false)});
    const int row = key ? m_model->rowOf(*key) : -1;
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, 0));
    else
        selectFirstDifference();
    m_busy = false;
    Q_EMIT comparisonShown();
}

QString CompareView::errorsText() const {
    const auto& s = *m_model->snapshot();
    QStringList lines;
    auto add = [&lines](const QString& side, const std::vector<util::Error>& errors) {
        if (errors.empty())
            return;
        lines << tr("%1: %2 render error(s), the rest still compares — %3")
                     .arg(side)
                     .arg(errors.size())
                     .arg(errors.front().toString());
    };
    add(m_model->sideName(true), s.leftErrors);
    add(m_model->sideName(false), s.rightErrors);
    for (const QString& warning : s.result.warnings)
        lines << warning;
    return lines.join(QLatin1Char('\n'));
}

void CompareView::onFailed(const models::ComparisonRequest& request, const util::Error& error) {
    if (!(request == m_pending))
        return;
    m_busy = false;
    m_model->clear();
    m_fields->clear();
    m_sides->setNotice(QString());
    m_status->setText(tr("<span style=\"color:#cf222e\">Cannot compare: %1</span>").arg(error.toString().toHtmlEscaped()));
    Q_EMIT comparisonShown();
}

void CompareView::selectFirstDifference() {
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->resourceAt(row)->state != diff::ResourceState::Same) {
            m_table->setCurrentIndex(m_model->index(row, 0));
            return;
        }
    }
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, 0));
    else
        showSelected();
}

void CompareView::showSelected() {
    m_fields->clear();
    const diff::ResourceDiff* resource = m_model->resourceAt(m_table->currentIndex().row());
    if (!resource) {
        m_sides->setNotice(m_model->rowCount() == 0 && m_model->snapshot() ? tr("Nothing to show.")
                                                                           : tr("Select a resource to see both sides."));
        return;
    }
    if (resource->state == diff::ResourceState::Same) {
        m_sides->setNotice(tr("%1 is the same on both sides.").arg(resource->key.toString()));
        return;
    }
    // The core treats values that differ only by the environments' names as expected
    // ("environment: dev" / "environment: prod"); so do the highlighted lines.
    const models::ComparisonRequest& request = m_model->snapshot()->request;
    models::SideBySideDiff::Equivalence expected;
    if (request.leftEnvironment != request.rightEnvironment) {
        const QRegularExpression word(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(request.leftEnvironment)));
        expected = [word, to = request.rightEnvironment](const QString& left, const QString& right) {
            return QString(left).replace(word, to) == right;
        };
    }
    m_sides->setTexts(yamlOf(resource->left), yamlOf(resource->right), expected);
    for (const diff::FieldChange& change : resource->changes) {
        auto* item = new QTreeWidgetItem(m_fields, {change.path, change.left, change.right});
        item->setToolTip(0, change.path);
        item->setToolTip(1, change.left);
        item->setToolTip(2, change.right);
        if (change.kind == diff::FieldChangeKind::Added)
            item->setForeground(2, QColor(0x6e, 0x77, 0x81));
        else if (change.kind == diff::FieldChangeKind::Removed)
            item->setForeground(1, QColor(0x6e, 0x77, 0x81));
    }
    if (resource->changesTruncated)
        new QTreeWidgetItem(m_fields, {tr("… more changes not listed"), QString(), QString()});
}

} // namespace syncline::ui
