#include "support/TestTools.h"

#include <QFileInfo>

namespace syncline::test {

TestTool testTool(const QString& name) {
    const QString folder = qEnvironmentVariable("SYNCLINE_TOOLS_DIR");
    if (folder.isEmpty())
        return {{}, QStringLiteral("SYNCLINE_TOOLS_DIR is not set: run the tests through ctest")};
    const QFileInfo tool(folder + QLatin1Char('/') + name);
    if (!tool.isFile() || !tool.isExecutable())
        return {{},
                QStringLiteral("%1 is not built in %2: scripts/setup-deps.sh --with-tests builds it from its pinned Go "
                               "module (needs Go 1.26 or newer)")
                    .arg(name, folder)};
    return {tool.absoluteFilePath(), {}};
}

} // namespace syncline::test
