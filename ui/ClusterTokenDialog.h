#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace syncline::ui {

// "Enter a new token for <cluster>": the cluster refused the credentials Syncline sent
// (401, an expired or revoked token). The typed token is hidden, never shown again, and
// goes to the window's token store (the OS keychain), never to syncline.yaml or the
// kubeconfig; the environment is then read again with it. OK only with something typed.
class ClusterTokenDialog : public QDialog {
    Q_OBJECT
public:
    ClusterTokenDialog(const QString& environment, const QString& cluster, const QString& server, QWidget* parent = nullptr);

    QString environment() const { return m_environment; }
    // What was typed, trimmed. A secret: never log or show it.
    QString token() const;

    QLabel* explanation() const { return m_explanation; }
    QLineEdit* tokenEdit() const { return m_token; }
    QPushButton* okButton() const { return m_ok; }

private:
    QString m_environment;
    QLabel* m_explanation;
    QLineEdit* m_token;
    QPushButton* m_ok = nullptr;
};

} // namespace syncline::ui
