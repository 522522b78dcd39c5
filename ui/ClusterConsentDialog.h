#pragma once

#include "reconcile/ClusterConsent.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;

namespace syncline::ui {

// "Trust the cluster of prod?": before Syncline sends anything to an environment's cluster
// on a repository's behalf, the user sees exactly what would be used — kubeconfig file,
// context, server URL, CA fingerprint (or that TLS verification is off) — and what changed
// since they last trusted it. Auto-sync and prune that syncline.yaml switches on are two
// separate check boxes, off unless the user allowed them before for the same cluster.
// "Not now" is the default button: Enter never trusts by accident.
class ClusterConsentDialog : public QDialog {
    Q_OBJECT
public:
    struct Wanted {
        bool autoSync = false; // syncline.yaml turns auto-sync on for the environment
        bool prune = false;    // … with prune
    };

    ClusterConsentDialog(const QString& environment, const QString& repository, const reconcile::ClusterConsent& current,
                         const std::optional<reconcile::ClusterConsent>& recorded, Wanted wanted, QWidget* parent = nullptr);

    QString environment() const { return m_environment; }
    // The cluster as shown, with the check boxes' answers.
    reconcile::ClusterConsent consent() const;

    QCheckBox* autoSyncBox() const { return m_autoSync; }
    QCheckBox* pruneBox() const { return m_prune; }
    QPushButton* trustButton() const { return m_trust; }
    // The shown value of a field: "kubeconfig", "context", "server", "ca", "changes".
    QString fieldText(const QString& field) const;

private:
    QLabel* value(const QString& name, const QString& text);

    QString m_environment;
    reconcile::ClusterConsent m_current;
    QCheckBox* m_autoSync;
    QCheckBox* m_prune;
    QPushButton* m_trust = nullptr;
};

} // namespace syncline::ui
