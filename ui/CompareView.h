#pragma once

#include "ComparisonRequest.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTreeWidget;

namespace syncline::models {
class ComparisonModel;
class RepositoryController;
struct ComparisonSnapshot;
} // namespace syncline::models
namespace syncline::util {
struct Error;
}

namespace syncline::ui {

class SideBySideView;

// Compare two environments (or one at two revisions): a summary table with counts per
// state, the selected resource's YAML side by side with the differing lines highlighted,
// and its list of field changes. Secret values arrive masked from the core. Changing a
// side compares again; a newer request supersedes a running one.
class CompareView : public QDialog {
    Q_OBJECT
public:
    explicit CompareView(models::RepositoryController* controller, QWidget* parent = nullptr);
    ~CompareView() override;

    // Picks both sides (revision "" = the environment's tip) and compares.
    void compareEnvironments(const QString& left, const QString& right, const QString& leftRevision = {},
                             const QString& rightRevision = {});
    // Left = `environment`, right = the next one in promotion order (or another one).
    void startFrom(const QString& environment);

    models::ComparisonModel* model() const { return m_model; }
    QComboBox* leftCombo() const { return m_leftEnv; }
    QComboBox* rightCombo() const { return m_rightEnv; }
    QLineEdit* leftRevisionEdit() const { return m_leftRevision; }
    QLineEdit* rightRevisionEdit() const { return m_rightRevision; }
    QCheckBox* ignoreNamespaceBox() const { return m_ignoreNamespace; }
    QCheckBox* hideSameBox() const { return m_hideSame; }
    QTableView* summaryTable() const { return m_table; }
    SideBySideView* sideBySide() const { return m_sides; }
    QTreeWidget* fieldList() const { return m_fields; }
    QString statusText() const;
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    // A comparison was shown (or failed): the view is idle again.
    void comparisonShown();

private:
    QHBoxLayout* buildSidesBar();
    QHBoxLayout* buildSummaryBar();
    void setUpTable();
    void setUpFields();
    void connectSignals();
    void compareNow();
    void onReady(std::shared_ptr<const models::ComparisonSnapshot> snapshot);
    void onFailed(const models::ComparisonRequest& request, const util::Error& error);
    void onEnvironmentsReset();
    void showSelected();
    void swapSides();
    void selectFirstDifference();
    QString errorsText() const;

    models::RepositoryController* m_controller;
    models::ComparisonModel* m_model;
    QComboBox* m_leftEnv;
    QLineEdit* m_leftRevision;
    QComboBox* m_rightEnv;
    QLineEdit* m_rightRevision;
    QCheckBox* m_ignoreNamespace;
    QPushButton* m_compare;
    QLabel* m_status;
    QCheckBox* m_hideSame;
    QTableView* m_table;
    SideBySideView* m_sides;
    QTreeWidget* m_fields;
    QSplitter* m_splitter;
    models::ComparisonRequest m_pending;
    bool m_busy = false;
};

} // namespace syncline::ui
