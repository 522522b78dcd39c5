#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace syncline::test {

// Writes an executable script (a stand-in for helm, a credential helper, an exec plugin) at
// `path`, readable and runnable by the owner only. Returns `path`, or "" when it could not
// be written.
inline QString writeScript(const QString& path, const QByteArray& text) {
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly) || script.write(text) != text.size())
        return {};
    script.close();
    return script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner) ? path : QString();
}

} // namespace syncline::test
