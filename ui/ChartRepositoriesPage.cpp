#include "ChartRepositoriesPage.h"

#include "charts/ChartCache.h"
#include "charts/ChartRepositoryAccess.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace syncline::ui {

ChartRepositoriesPage::ChartRepositoriesPage(charts::ChartRepositoryAccess& access, QWidget* parent)
    : QWidget(parent), m_access(access), m_table(new QTableWidget(0, 2, this)), m_allow(new QPushButton(tr("A&llow"), this)),
      m_forget(new QPushButton(tr("F&orget"), this)) {
    m_table->setHorizontalHeaderLabels({tr("Repository"), tr("Syncline may reach it")});
    m_table->setAccessibleName(tr("Chart repositories"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_allow, &QPushButton::clicked, this, &ChartRepositoriesPage::allowSelected);
    connect(m_forget, &QPushButton::clicked, this, &ChartRepositoriesPage::forgetSelected);
    auto* note = new QLabel(tr("Flux HelmReleases whose chart comes from a Helm or OCI repository are rendered once you "
                               "allow Syncline to reach it: charts are pulled anonymously (no stored logins are used), "
                               "once per version, and cached. Syncline contacts no other chart host."),
                            this);
    note->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_allow);
    buttons->addWidget(m_forget);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    fill();
}

void ChartRepositoriesPage::fill() {
    m_table->setRowCount(0);
    auto add = [this](const QString& url, bool allowed) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* item = new QTableWidgetItem(url);
        item->setToolTip(url);
        item->setData(Qt::UserRole, url);
        m_table->setItem(row, 0, item);
        m_table->setItem(row, 1, new QTableWidgetItem(allowed ? tr("allowed") : tr("not allowed yet (asked for)")));
    };
    for (const QString& url : m_access.asked())
        add(url, false);
    for (const QString& url : m_access.allowed())
        add(url, true);
    m_table->resizeColumnsToContents();
    if (m_table->rowCount() > 0)
        m_table->selectRow(0); // the first asked-for repository: Allow is one click
}

QString ChartRepositoriesPage::selectedUrl() const {
    const QTableWidgetItem* item = m_table->item(m_table->currentRow(), 0);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void ChartRepositoriesPage::allowSelected() {
    const QString url = selectedUrl();
    if (url.isEmpty() || m_access.isAllowed(url) || !m_access.allow(url))
        return;
    fill();
    Q_EMIT accessChanged();
}

void ChartRepositoriesPage::forgetSelected() {
    const QString url = selectedUrl();
    if (url.isEmpty())
        return;
    m_access.forget(url);
    charts::ChartCache().forgetResolutions(url);
    fill();
    Q_EMIT accessChanged();
}

} // namespace syncline::ui
