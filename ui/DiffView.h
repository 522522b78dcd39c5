#pragma once

#include <QPlainTextEdit>

namespace syncline::ui {

// A unified diff in a monospace, read-only editor: added lines on green, removed on red,
// hunk headers on blue (full-width block backgrounds). Shows at most kMaxBytes of a patch.
class DiffView : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr qsizetype kMaxBytes = 2 * 1024 * 1024;
    static constexpr int kMaxLines = 40000;

    explicit DiffView(QWidget* parent = nullptr);

    void setPatch(const QString& patch);
    void setNotice(const QString& notice); // instead of a diff: "binary file", ...
};

} // namespace syncline::ui
