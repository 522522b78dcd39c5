#pragma once

#include <QFile>
#include <QString>

namespace syncline::test {

// A protected branch: the bare repository's pre-receive hook refuses every update of
// refs/heads/<branch> with `message` on stderr (a real server runs hooks; libgit2's
// file:// transport does not, so serve the repository with git daemon or http-backend).
inline bool protectBranch(const QString& bareRepository, const QString& branch = QStringLiteral("main"),
                          const QString& message = QStringLiteral("main is protected")) {
    const QString path = bareRepository + QStringLiteral("/hooks/pre-receive");
    QFile hook(path);
    if (!hook.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    hook.write(QStringLiteral("#!/bin/sh\nwhile read old new ref; do\n"
                              "  if [ \"$ref\" = refs/heads/%1 ]; then echo \"%2\" >&2; exit 1; fi\ndone\nexit 0\n")
                   .arg(branch, message)
                   .toUtf8());
    hook.close();
    return hook.setPermissions(hook.permissions() | QFileDevice::ExeOwner);
}

} // namespace syncline::test
