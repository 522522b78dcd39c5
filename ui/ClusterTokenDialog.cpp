#include "ClusterTokenDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace syncline::ui {

ClusterTokenDialog::ClusterTokenDialog(const QString& environment, const QString& cluster, const QString& server, QWidget* parent)
    : QDialog(parent), m_environment(environment), m_explanation(new QLabel(this)), m_token(new QLineEdit(this)) {
    setObjectName(QStringLiteral("clusterTokenDialog"));
    setWindowTitle(tr("New token for %1").arg(cluster));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setText(tr("Cluster %1 (%2) refused the credentials Syncline sent (401 Unauthorized): the token expired "
                              "or was revoked.\n\nPaste a new bearer token for %1. It is kept in the system keychain, "
                              "never in syncline.yaml or the kubeconfig, and %3 is read again with it.")
                               .arg(cluster, server, environment));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Bearer token"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Store and read again"));
    m_ok->setEnabled(false);
    connect(m_token, &QLineEdit::textChanged, this, [this] { m_ok->setEnabled(!token().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_explanation);
    layout->addWidget(m_token);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

QString ClusterTokenDialog::token() const { return m_token->text().trimmed(); }

} // namespace syncline::ui
