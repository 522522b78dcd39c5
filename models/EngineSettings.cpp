#include "EngineSettings.h"

#include <QSettings>

#include <algorithm>

namespace syncline::models {

namespace {

int interval(const QSettings& settings, const QString& key, int fallback) {
    bool ok = false;
    const int value = settings.value(key, fallback).toInt(&ok);
    return ok ? std::clamp(value, 0, EngineSettings::kMaxIntervalSeconds) : fallback;
}

} // namespace

EngineSettings EngineSettings::load() {
    const QSettings settings;
    const EngineSettings defaults;
    EngineSettings loaded;
    loaded.refreshIntervalSeconds =
        interval(settings, QStringLiteral("engine/refreshIntervalSeconds"), defaults.refreshIntervalSeconds);
    loaded.fetchIntervalSeconds =
        interval(settings, QStringLiteral("engine/fetchIntervalSeconds"), defaults.fetchIntervalSeconds);
    loaded.liveUpdates = settings.value(QStringLiteral("engine/liveUpdates"), defaults.liveUpdates).toBool();
    return loaded;
}

void EngineSettings::save() const {
    QSettings settings;
    settings.setValue(QStringLiteral("engine/refreshIntervalSeconds"),
                      std::clamp(refreshIntervalSeconds, 0, kMaxIntervalSeconds));
    settings.setValue(QStringLiteral("engine/fetchIntervalSeconds"), std::clamp(fetchIntervalSeconds, 0, kMaxIntervalSeconds));
    settings.setValue(QStringLiteral("engine/liveUpdates"), liveUpdates);
}

} // namespace syncline::models
