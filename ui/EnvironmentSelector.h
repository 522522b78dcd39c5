#pragma once

#include <QComboBox>

namespace syncline::models {
class RepositoryController;
}

namespace syncline::ui {

// The main toolbar's environment combo. Lists the open workspace's units — applications
// under their environment, each read "web · staging" (a version-1 environment: its name);
// currentEnvironment() is the unit's name ("web-staging"). The choice is remembered per repository (QSettings) and restored when
// it is opened again.
class EnvironmentSelector : public QComboBox {
    Q_OBJECT
public:
    explicit EnvironmentSelector(models::RepositoryController* controller, QWidget* parent = nullptr);

    QString currentEnvironment() const; // empty when there are none
    void selectEnvironment(const QString& name);

    // The QSettings key the choice for `repositoryPath` is stored under.
    static QString settingsKey(const QString& repositoryPath);

Q_SIGNALS:
    // The selection changed (also to "" when the workspace has no environments).
    void environmentSelected(const QString& name);

private:
    void onModelReset();
    void onActivated();
    QString repositoryKey() const;

    models::RepositoryController* m_controller;
    QString m_current;
};

} // namespace syncline::ui
