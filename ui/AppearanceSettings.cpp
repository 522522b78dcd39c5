#include "AppearanceSettings.h"

#include <QApplication>
#include <QFontDatabase>
#include <QSettings>

#include <algorithm>

namespace syncline::ui {

namespace {

int bounded(int pointSize) {
    return pointSize <= 0 ? 0 : std::clamp(pointSize, AppearanceSettings::kMinPointSize, AppearanceSettings::kMaxPointSize);
}

} // namespace

AppearanceSettings AppearanceSettings::load() {
    AppearanceSettings loaded;
    loaded.fontPointSize = bounded(QSettings().value(QStringLiteral("appearance/fontPointSize"), 0).toInt());
    return loaded;
}

void AppearanceSettings::save() const {
    QSettings().setValue(QStringLiteral("appearance/fontPointSize"), bounded(fontPointSize));
}

void AppearanceSettings::apply() const {
    QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    if (const int size = bounded(fontPointSize))
        font.setPointSize(size);
    QApplication::setFont(font);
}

} // namespace syncline::ui
