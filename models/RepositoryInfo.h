#pragma once

#include "git/Repository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QString>

namespace syncline::models {

// What the window shows about the open repository; a plain snapshot taken on the worker.
struct RepositoryInfo {
    QString path;    // as the user gave it
    QString workDir; // empty for a bare repository
    QString gitDir;
    bool bare = false;
    bool empty = false;
    bool shallow = false;
    git::HeadState head;

    QString displayName() const {
        const QString root = QDir::cleanPath(workDir.isEmpty() ? gitDir : workDir);
        return QFileInfo(root).fileName();
    }
    // "main", "detached at 1a2b3c4", "main (no commits yet)".
    QString headText() const {
        if (head.detached)
            return QCoreApplication::translate("RepositoryInfo", "detached at %1")
                .arg(head.commit ? head.commit->shortHex() : QStringLiteral("?"));
        return head.unborn ? QCoreApplication::translate("RepositoryInfo", "%1 (no commits yet)").arg(head.branch) : head.branch;
    }
};

} // namespace syncline::models
