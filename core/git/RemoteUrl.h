#pragma once

#include "util/Result.h"

#include <QString>

namespace syncline::git {

// A remote's URL as text to show, as a key, or as the description `git credential` reads.
// Every place that shows a remote URL, or builds a key or a host check from one, goes
// through here: the user-info of a URL (a user name, a password, or an access token used
// as the user name, https://TOKEN@host) never reaches a message, a dialog or a stored key.
class RemoteUrl {
public:
    // A URL split as git splits it for its credential helpers (credential.c,
    // credential_from_url): every part percent-decoded.
    struct CredentialFields {
        QString protocol;
        QString host;     // "host" or "host:port", as written in the URL
        QString path;     // without leading and trailing slashes; may be empty
        QString username; // the one written in the URL; may be a token, never shown
    };

    // One URL for a message: "https://***@host/repo.git" (any user-info replaced), control
    // characters shown percent-encoded so the message stays on one line.
    static QString redacted(const QString& url);
    // Free text (a library's error, a server's message): the user-info of every
    // "scheme://user-info@" in it replaced by "***". Line breaks are kept.
    static QString redactText(QString text);

    // The parts `git credential` is told about. Refuses (InvalidArgument, naming the part)
    // a URL without "scheme://" and one whose decoded parts hold CR, LF or NUL: written
    // into git's line protocol those would add fields of their own (a second "host=").
    static util::Result<CredentialFields> credentialFields(const QString& url);
    // "host" or "host:port" as git names it; empty when the URL has no "scheme://".
    static QString hostAndPort(const QString& url);
    // The user name written in the URL, decoded; empty when there is none.
    static QString userName(const QString& url);
    // True when `url` is on `expected` ("host" or "host:port", IPv6 in brackets). A host
    // without a port means the scheme's default port. Host names compare case-insensitively.
    static bool isOnHost(const QString& url, const QString& expected);
    // Where a password or token may go at all: https, or plain http to a loopback address
    // (local test and development servers).
    static bool maySendSecrets(const QString& url);
};

} // namespace syncline::git
