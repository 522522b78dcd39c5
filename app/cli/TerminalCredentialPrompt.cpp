#include "TerminalCredentialPrompt.h"

#include "Terminal.h"

namespace syncline::app {

std::optional<git::CredentialPrompt::TokenAnswer>
TerminalCredentialPrompt::askToken(const QString& host, const QString& usernameHint, const QString& reason) {
    auto terminal = Terminal::open();
    if (!terminal)
        return std::nullopt;
    terminal->write(QStringLiteral("\n%1\n").arg(reason));
    terminal->write(usernameHint.isEmpty() ? QStringLiteral("Username for %1: ").arg(host)
                                           : QStringLiteral("Username for %1 [%2]: ").arg(host, usernameHint));
    const auto username = terminal->readLine();
    if (!username)
        return std::nullopt;
    TokenAnswer answer;
    answer.username = username->trimmed().isEmpty() ? usernameHint : username->trimmed();
    terminal->write(QStringLiteral("Token or password for %1: ").arg(host));
    const auto token = terminal->readLine(false);
    if (!token || token->isEmpty())
        return std::nullopt;
    answer.token = *token;
    m_asked = true;
    answer.remember = terminal->confirm(QStringLiteral("Remember it in the keychain?"));
    return answer;
}

std::optional<git::CredentialPrompt::PassphraseAnswer> TerminalCredentialPrompt::askPassphrase(const QString& privateKeyPath,
                                                                                               const QString& reason) {
    auto terminal = Terminal::open();
    if (!terminal)
        return std::nullopt;
    terminal->write(QStringLiteral("\nPassphrase for %1 (%2): ").arg(privateKeyPath, reason));
    const auto passphrase = terminal->readLine(false);
    if (!passphrase || passphrase->isEmpty())
        return std::nullopt;
    PassphraseAnswer answer;
    answer.passphrase = *passphrase;
    m_asked = true;
    answer.remember = terminal->confirm(QStringLiteral("Remember it in the keychain?"));
    return answer;
}

} // namespace syncline::app
