#include "ClusterConsentDialog.h"

#include "StatusColors.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace syncline::ui {

namespace {

QLabel* paragraph(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

void makeRed(QLabel* label) {
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, models::errorColor());
    label->setPalette(palette);
}

} // namespace

ClusterConsentDialog::ClusterConsentDialog(const QString& environment, const QString& repository,
                                           const reconcile::ClusterConsent& current,
                                           const std::optional<reconcile::ClusterConsent>& recorded, Wanted wanted,
                                           QWidget* parent)
    : QDialog(parent), m_environment(environment), m_current(current),
      m_autoSync(new QCheckBox(tr("Allow auto-sync: deploy new commits to %1 by itself").arg(environment), this)),
      m_prune(new QCheckBox(tr("Allow prune: delete applied objects no longer in Git"), this)) {
    setWindowTitle(tr("Trust cluster for %1").arg(environment));
    setObjectName(QStringLiteral("clusterConsentDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* heading = paragraph(tr("Trust the cluster of %1?").arg(environment), this);
    QFont bold = heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    heading->setFont(bold);
    layout->addWidget(heading);
    layout->addWidget(paragraph(tr("The repository's syncline.yaml names this cluster for %1. Syncline sends it nothing — no "
                                   "request, no token, no credential plugin — until you trust it for this repository, and asks "
                                   "again if any of these change.\n\nRepository: %2")
                                    .arg(environment, repository),
                                this));
    const bool sameCluster = recorded && recorded->sameCluster(current);
    if (recorded && !sameCluster) {
        auto* changes =
            value(QStringLiteral("changes"),
                  tr("Changed since you trusted it: %1").arg(current.changesFrom(*recorded).join(QStringLiteral("; "))));
        makeRed(changes);
        layout->addWidget(changes);
    }

    auto* form = new QFormLayout;
    form->addRow(tr("Kubeconfig file:"), value(QStringLiteral("kubeconfig"), current.kubeconfigFile));
    form->addRow(tr("Context:"), value(QStringLiteral("context"), current.context));
    form->addRow(tr("Server:"), value(QStringLiteral("server"), current.server));
    QLabel* ca = value(QStringLiteral("ca"), current.caFingerprint);
    form->addRow(tr("CA:"), ca);
    layout->addLayout(form);
    if (current.caFingerprint == reconcile::ClusterConsent::kTlsOff) {
        makeRed(ca);
        auto* warning = paragraph(tr("⚠ TLS verification is off: anyone between you and the server can read "
                                     "and change what Syncline sends and sees."),
                                  this);
        makeRed(warning);
        layout->addWidget(warning);
    }

    // Separate from reading: the repository asks to deploy (and delete) by itself.
    m_autoSync->setObjectName(QStringLiteral("allowAutoSync"));
    m_prune->setObjectName(QStringLiteral("allowPrune"));
    m_autoSync->setEnabled(wanted.autoSync);
    m_prune->setEnabled(wanted.autoSync && wanted.prune);
    m_autoSync->setChecked(wanted.autoSync && sameCluster && recorded->allowAutoSync);
    m_prune->setChecked(wanted.autoSync && wanted.prune && sameCluster && recorded->allowPrune);
    if (!wanted.autoSync)
        m_autoSync->setText(tr("%1 (not asked for)").arg(m_autoSync->text()));
    if (!(wanted.autoSync && wanted.prune))
        m_prune->setText(tr("%1 (not asked for)").arg(m_prune->text()));
    m_autoSync->setToolTip(tr("syncline.yaml turns auto-sync on; the repository may not deploy by itself "
                              "unless you allow it here"));
    m_prune->setToolTip(tr("syncline.yaml turns prune on for auto-sync; it deletes objects only when you "
                           "allow it here"));
    layout->addWidget(m_autoSync);
    layout->addWidget(m_prune);

    auto* buttons = new QDialogButtonBox(this);
    m_trust = buttons->addButton(tr("Trust cluster"), QDialogButtonBox::AcceptRole);
    m_trust->setObjectName(QStringLiteral("trustButton"));
    QPushButton* notNow = buttons->addButton(tr("Not now"), QDialogButtonBox::RejectRole);
    m_trust->setAutoDefault(false);
    notNow->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(560);
}

QLabel* ClusterConsentDialog::value(const QString& name, const QString& text) {
    auto* label = paragraph(text, this);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (name != QLatin1String("changes"))
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return label;
}

reconcile::ClusterConsent ClusterConsentDialog::consent() const {
    reconcile::ClusterConsent consent = m_current;
    consent.allowAutoSync = m_autoSync->isEnabled() && m_autoSync->isChecked();
    consent.allowPrune = m_prune->isEnabled() && m_prune->isChecked();
    return consent;
}

QString ClusterConsentDialog::fieldText(const QString& field) const {
    auto* label = findChild<QLabel*>(field);
    return label ? label->text() : QString();
}

} // namespace syncline::ui
