#include "DialogCredentialPrompt.h"

#include <QApplication>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QThread>

namespace syncline::ui {

namespace {

// A small form: an explanation, the fields, "Remember in the keychain", OK/Cancel.
struct SecretForm {
    QDialog dialog;
    QFormLayout* form;
    QCheckBox* remember;

    SecretForm(QWidget* parent, const QString& title, const QString& text) : dialog(parent) {
        dialog.setWindowTitle(title);
        form = new QFormLayout(&dialog);
        auto* label = new QLabel(text);
        label->setWordWrap(true);
        form->addRow(label);
        remember = new QCheckBox(QCoreApplication::translate("DialogCredentialPrompt", "Remember in the system keychain"));
    }
    bool exec() {
        form->addRow(remember);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        form->addRow(buttons);
        return dialog.exec() == QDialog::Accepted;
    }
};

QLineEdit* secretField() {
    auto* field = new QLineEdit;
    field->setEchoMode(QLineEdit::Password);
    field->setMinimumWidth(320);
    return field;
}

} // namespace

DialogCredentialPrompt::DialogCredentialPrompt(QWidget* parent) : m_parent(parent) {}

template <typename T> T DialogCredentialPrompt::onGuiThread(const std::function<T(QWidget*)>& ask) {
    QWidget* parent = m_parent.data();
    if (!parent)
        return T{};
    if (QThread::currentThread() == parent->thread())
        return ask(parent);
    T answer{};
    QMetaObject::invokeMethod(
        parent, [&] { answer = ask(parent); }, Qt::BlockingQueuedConnection);
    return answer;
}

std::optional<git::CredentialPrompt::TokenAnswer>
DialogCredentialPrompt::askToken(const QString& host, const QString& usernameHint, const QString& reason) {
    return onGuiThread<std::optional<TokenAnswer>>([&](QWidget* parent) -> std::optional<TokenAnswer> {
        SecretForm form(
            parent, QCoreApplication::translate("DialogCredentialPrompt", "Sign in to %1").arg(host),
            (reason.isEmpty() ? QString() : reason + QStringLiteral("\n")) +
                QCoreApplication::translate("DialogCredentialPrompt", "%1 asks for a username and an access token (or password).")
                    .arg(host));
        auto* user = new QLineEdit(usernameHint);
        auto* token = secretField();
        form.form->addRow(QCoreApplication::translate("DialogCredentialPrompt", "Username"), user);
        form.form->addRow(QCoreApplication::translate("DialogCredentialPrompt", "Token"), token);
        if (!form.exec() || token->text().isEmpty())
            return std::nullopt;
        return TokenAnswer{user->text().trimmed(), token->text(), form.remember->isChecked()};
    });
}

std::optional<git::CredentialPrompt::PassphraseAnswer> DialogCredentialPrompt::askPassphrase(const QString& privateKeyPath,
                                                                                             const QString& reason) {
    return onGuiThread<std::optional<PassphraseAnswer>>([&](QWidget* parent) -> std::optional<PassphraseAnswer> {
        SecretForm form(parent, QCoreApplication::translate("DialogCredentialPrompt", "SSH key passphrase"),
                        (reason.isEmpty() ? QString() : reason + QStringLiteral("\n")) +
                            QCoreApplication::translate("DialogCredentialPrompt", "The key %1 is protected by a passphrase.")
                                .arg(privateKeyPath));
        auto* passphrase = secretField();
        form.form->addRow(QCoreApplication::translate("DialogCredentialPrompt", "Passphrase"), passphrase);
        if (!form.exec())
            return std::nullopt;
        return PassphraseAnswer{passphrase->text(), form.remember->isChecked()};
    });
}

bool DialogCredentialPrompt::trustUnknownHost(const git::UnknownHostKey& key) {
    return onGuiThread<bool>([&](QWidget* parent) {
        QMessageBox box(
            QMessageBox::Warning, QCoreApplication::translate("DialogCredentialPrompt", "Unknown SSH host"),
            QCoreApplication::translate("DialogCredentialPrompt",
                                        "The authenticity of %1 cannot be established.\n\n%2 key fingerprint:\n%3\n\n"
                                        "Trust this host and add its key to known_hosts? Compare the fingerprint with "
                                        "the one your Git host publishes.")
                .arg(key.lookupName, key.keyType, key.fingerprint),
            QMessageBox::NoButton, parent);
        QAbstractButton* trust =
            box.addButton(QCoreApplication::translate("DialogCredentialPrompt", "Trust and continue"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        return box.clickedButton() == trust;
    });
}

} // namespace syncline::ui
