#pragma once

namespace syncline::ui {

// How the window looks, as the user set it (QSettings group "appearance"). Colours follow
// the system's theme (the platform's palette); the font size can be set apart from it.
struct AppearanceSettings {
    int fontPointSize = 0; // 0: the system's font size

    static constexpr int kMinPointSize = 6;
    static constexpr int kMaxPointSize = 32;

    static AppearanceSettings load();
    void save() const;
    // Sets the application's font (the system's font at this size); call once at start and
    // after each change.
    void apply() const;
    bool operator==(const AppearanceSettings&) const = default;
};

} // namespace syncline::ui
