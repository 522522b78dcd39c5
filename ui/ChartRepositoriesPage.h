#pragma once

#include <QWidget>

class QPushButton;
class QTableWidget;

namespace syncline::charts {
class ChartRepositoryAccess;
}

namespace syncline::ui {

// Settings ▸ Charts: the Helm and OCI repositories Syncline may pull Flux HelmRelease
// charts from, and those a HelmRelease asked for that are not allowed yet (its card says
// "… not allowed yet"). Allow lets Syncline reach the selected one; Forget takes it back.
// Both change at once (they are the user's decisions about trust) and say so with
// accessChanged, so the cards render again.
class ChartRepositoriesPage : public QWidget {
    Q_OBJECT
public:
    // `access` outlives the page; the user's allow-list in the window.
    ChartRepositoriesPage(charts::ChartRepositoryAccess& access, QWidget* parent = nullptr);

    QTableWidget* repositories() const { return m_table; }
    QPushButton* allowButton() const { return m_allow; }
    QPushButton* forgetButton() const { return m_forget; }

    void fill();

Q_SIGNALS:
    void accessChanged();

private:
    QString selectedUrl() const;
    void allowSelected();
    void forgetSelected();

    charts::ChartRepositoryAccess& m_access;
    QTableWidget* m_table;
    QPushButton* m_allow;
    QPushButton* m_forget;
};

} // namespace syncline::ui
