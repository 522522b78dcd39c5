#include "EnvironmentSelector.h"

#include "EnvironmentListModel.h"
#include "EnvironmentSectionDelegate.h"
#include "RepositoryController.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>

namespace syncline::ui {

using models::EnvironmentListModel;

EnvironmentSelector::EnvironmentSelector(models::RepositoryController* controller, QWidget* parent)
    : QComboBox(parent), m_controller(controller) {
    setObjectName(QStringLiteral("environmentSelector"));
    setAccessibleName(tr("Environment"));
    setModel(controller->environmentModel());
    setModelColumn(EnvironmentListModel::NameColumn);
    // The popup lists applications under their environment; the closed combo reads "web · staging".
    setItemDelegate(new EnvironmentSectionDelegate(this));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(10);
    setToolTip(tr("Application and environment: the History pane's \"Changed\" filter, Pending and Compare "
                  "start from it"));
    setPlaceholderText(tr("No environments"));
    setEnabled(false);
    connect(controller->environmentModel(), &QAbstractItemModel::modelReset, this, &EnvironmentSelector::onModelReset);
    connect(this, &QComboBox::activated, this, &EnvironmentSelector::onActivated);
}

QString EnvironmentSelector::settingsKey(const QString& repositoryPath) {
    // Paths hold '/', which QSettings reads as groups: key by a digest instead.
    const QByteArray digest = QCryptographicHash::hash(QDir::cleanPath(repositoryPath).toUtf8(), QCryptographicHash::Sha1);
    return QStringLiteral("environmentSelector/") + QString::fromLatin1(digest.toHex().left(16));
}

QString EnvironmentSelector::repositoryKey() const {
    const models::RepositoryInfo& info = m_controller->info();
    const QString path = info.workDir.isEmpty() ? info.gitDir : info.workDir;
    return path.isEmpty() ? QString() : settingsKey(path);
}

QString EnvironmentSelector::currentEnvironment() const { return m_current; }

void EnvironmentSelector::selectEnvironment(const QString& name) {
    const int row = m_controller->environmentModel()->rowOf(name);
    if (row < 0)
        return;
    setCurrentIndex(row);
    onActivated();
}

void EnvironmentSelector::onModelReset() {
    EnvironmentListModel* model = m_controller->environmentModel();
    setEnabled(model->rowCount() > 0);
    QString wanted;
    if (const QString key = repositoryKey(); !key.isEmpty())
        wanted = QSettings().value(key).toString();
    int row = model->rowOf(wanted.isEmpty() ? m_current : wanted);
    if (row < 0 && model->rowCount() > 0)
        row = 0;
    setCurrentIndex(row);
    const QString name = row < 0 ? QString() : model->environmentAt(row)->name;
    if (name != m_current) {
        m_current = name;
        Q_EMIT environmentSelected(m_current);
    }
}

void EnvironmentSelector::onActivated() {
    const auto* env = m_controller->environmentModel()->environmentAt(currentIndex());
    const QString name = env ? env->name : QString();
    if (const QString key = repositoryKey(); !key.isEmpty() && !name.isEmpty())
        QSettings().setValue(key, name);
    if (name != m_current) {
        m_current = name;
        Q_EMIT environmentSelected(m_current);
    }
}

} // namespace syncline::ui
