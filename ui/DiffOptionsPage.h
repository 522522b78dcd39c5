#pragma once

#include "workspace/UserDiffSettings.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace syncline::ui {

// Settings ▸ Diff options: ignore rules for every environment, written as syncline.yaml's
// `ignore:` list and checked as they are typed, and Hide unchanged (lists show only the
// objects that differ). Nothing is stored until the dialog's OK.
class DiffOptionsPage : public QWidget {
    Q_OBJECT
public:
    explicit DiffOptionsPage(QWidget* parent = nullptr);

    QPlainTextEdit* rulesEdit() const { return m_rules; }
    QCheckBox* hideUnchangedBox() const { return m_hideUnchanged; }
    QLabel* problemLabel() const { return m_problem; }

    // The options as shown; nullopt while the rules do not parse (the label says why).
    std::optional<workspace::UserDiffSettings> settings() const;

private:
    void check();

    QPlainTextEdit* m_rules;
    QCheckBox* m_hideUnchanged;
    QLabel* m_problem;
};

} // namespace syncline::ui
