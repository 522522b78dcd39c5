#pragma once

#include "git/CredentialPrompt.h"
#include "git/HostKeyPrompt.h"

#include <QPointer>
#include <QWidget>

#include <functional>

namespace syncline::ui {

// The window's answers to credential and host-key questions: modal dialogs on the GUI
// thread, asked from the worker doing the push (blocking that worker, never the window).
// Secrets are typed into password fields; "Remember in the keychain" is the user's choice.
class DialogCredentialPrompt final : public git::CredentialPrompt, public git::HostKeyPrompt {
public:
    explicit DialogCredentialPrompt(QWidget* parent);

    std::optional<TokenAnswer> askToken(const QString& host, const QString& usernameHint, const QString& reason) override;
    std::optional<PassphraseAnswer> askPassphrase(const QString& privateKeyPath, const QString& reason) override;
    bool trustUnknownHost(const git::UnknownHostKey& key) override;

private:
    // Runs `ask` on the GUI thread and waits for it (directly when already there).
    template <typename T> T onGuiThread(const std::function<T(QWidget*)>& ask);

    QPointer<QWidget> m_parent;
};

} // namespace syncline::ui
