#include "DiffOptionsPage.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace syncline::ui {

DiffOptionsPage::DiffOptionsPage(QWidget* parent)
    : QWidget(parent), m_rules(new QPlainTextEdit(this)),
      m_hideUnchanged(new QCheckBox(tr("&Hide unchanged: Pending and Compare list only the objects that differ"), this)),
      m_problem(new QLabel(this)) {
    const workspace::UserDiffSettings current = workspace::UserDiffSettings::load();
    auto* intro = new QLabel(tr("Ignore rules for every environment of every repository, in addition to each environment's "
                                "<code>ignore</code> in syncline.yaml, written the same way. The command line uses them too "
                                "(<code>syncline settings</code> lists them)."),
                             this);
    intro->setWordWrap(true);
    auto* rulesLabel = new QLabel(tr("&Ignore rules (YAML):"), this);
    rulesLabel->setBuddy(m_rules);
    m_rules->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rules->setPlaceholderText(tr("- group: apps\n  kind: Deployment\n  jsonPointers: [/spec/replicas]"));
    m_rules->setAccessibleName(tr("Ignore rules"));
    m_rules->setTabChangesFocus(true);
    m_rules->setPlainText(current.ignoreRulesYaml);
    m_problem->setObjectName(QStringLiteral("diffRulesProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hideUnchanged->setChecked(current.hideUnchanged);
    m_hideUnchanged->setToolTip(tr("The diff itself always shows the changed lines with a little context, as Argo CD's "
                                   "compact diff does"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(rulesLabel);
    layout->addWidget(m_rules, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_hideUnchanged);
    connect(m_rules, &QPlainTextEdit::textChanged, this, &DiffOptionsPage::check);
    check();
}

void DiffOptionsPage::check() {
    const auto rules = workspace::UserDiffSettings::parseIgnoreRules(m_rules->toPlainText());
    m_problem->setVisible(!rules);
    m_problem->setText(rules ? QString() : tr("⚠ Not saved until fixed:\n%1").arg(rules.error().message));
}

std::optional<workspace::UserDiffSettings> DiffOptionsPage::settings() const {
    auto rules = workspace::UserDiffSettings::parseIgnoreRules(m_rules->toPlainText());
    if (!rules)
        return std::nullopt;
    workspace::UserDiffSettings settings;
    settings.ignoreRulesYaml = m_rules->toPlainText();
    settings.ignoreRules = std::move(*rules);
    settings.hideUnchanged = m_hideUnchanged->isChecked();
    return settings;
}

} // namespace syncline::ui
