#include "GuiMain.h"

#include <QApplication>
#include <QMainWindow>

namespace syncline::app {

int runGui(int& argc, char** argv, const QString&) {
    QApplication app(argc, argv);
    QMainWindow window;
    window.show();
    return app.exec();
}

} // namespace syncline::app
