#include "ClusterSettingsDialog.h"

#include "kube/ClusterConnection.h"
#include "kube/KubeConfig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace syncline::ui {

namespace {

// The context entry that means "whatever current-context says".
const QString CurrentContext;

QLabel* wrapped(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

QString ClusterSettingsDialog::defaultKubeconfigText() {
    const QString env = qEnvironmentVariable("KUBECONFIG");
    if (!env.isEmpty())
        return tr("$KUBECONFIG (%1)").arg(env);
    return QDir::toNativeSeparators(QDir::homePath() + QStringLiteral("/.kube/config"));
}

ClusterSettingsDialog::ClusterSettingsDialog(const QString& environment, const workspace::ClusterRef& cluster,
                                             ApprovalLookup isApproved, QWidget* parent)
    : QDialog(parent), m_isApproved(std::move(isApproved)), m_kubeconfig(new QLineEdit(this)), m_browse(new QToolButton(this)),
      m_context(new QComboBox(this)), m_server(new QLabel(this)),
      m_insecure(new QCheckBox(tr("Skip TLS verification (insecure)"), this)),
      m_insecureWarning(wrapped(tr("⚠ TLS verification is off: anyone between you and the server can read and "
                                   "change what Syncline sends and sees, including credentials. This "
                                   "cluster is marked insecure everywhere Syncline shows it."),
                                this)),
      m_execSection(new QWidget(this)), m_execDetails(new QPlainTextEdit(this)), m_execProblem(wrapped(QString(), this)),
      m_allowExec(new QCheckBox(tr("Allow exactly this to run for this cluster"), this)), m_token(new QLineEdit(this)),
      m_forgetToken(new QPushButton(tr("Forget stored token"), this)),
      m_tokenNote(wrapped(tr("Stored in the system keychain, never in syncline.yaml or the kubeconfig. "
                             "Leave empty to keep the stored token (if any); a stored token is used "
                             "instead of the kubeconfig user's credentials."),
                          this)),
      m_problem(wrapped(QString(), this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_wantedContext(cluster.context) {
    setWindowTitle(tr("Cluster of %1").arg(environment));
    setObjectName(QStringLiteral("clusterSettingsDialog"));
    resize(720, 0);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buildForm(cluster));

    m_problem->setObjectName(QStringLiteral("kubeconfigProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    m_problem->hide();
    layout->addWidget(m_problem);

    m_insecure->setChecked(cluster.insecure);
    layout->addWidget(m_insecure);
    m_insecureWarning->setObjectName(QStringLiteral("insecureWarning"));
    m_insecureWarning->setStyleSheet(QStringLiteral("QLabel#insecureWarning { color: #b00020; font-weight: bold; }"));
    layout->addWidget(m_insecureWarning);

    buildExecSection();
    layout->addWidget(m_execSection);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connectSignals();
    m_insecureWarning->setVisible(cluster.insecure);
    reload();
}

// Kubeconfig file, context, the context's server, and the stored bearer token.
QFormLayout* ClusterSettingsDialog::buildForm(const workspace::ClusterRef& cluster) {
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto* fileRow = new QHBoxLayout;
    m_kubeconfig->setText(cluster.kubeconfig);
    m_kubeconfig->setPlaceholderText(defaultKubeconfigText());
    m_kubeconfig->setClearButtonEnabled(true);
    m_kubeconfig->setAccessibleName(tr("Kubeconfig file"));
    m_kubeconfig->setToolTip(tr("Empty: $KUBECONFIG (its files merged like kubectl does), else ~/.kube/config. "
                                "A relative path is read from the workspace's root."));
    m_browse->setText(tr("Choose…"));
    fileRow->addWidget(m_kubeconfig, 1);
    fileRow->addWidget(m_browse);
    form->addRow(tr("Kubeconfig:"), fileRow);
    m_context->setMinimumContentsLength(24);
    form->addRow(tr("Context:"), m_context);
    m_server->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_server->setTextFormat(Qt::PlainText);
    form->addRow(tr("Server:"), m_server);
    // Password mode: never echoed, and QLineEdit refuses to copy or drag it out.
    m_token->setObjectName(QStringLiteral("clusterToken"));
    m_token->setAccessibleName(tr("Bearer token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Unchanged"));
    m_token->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_forgetToken->setObjectName(QStringLiteral("forgetClusterToken"));
    auto* tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_forgetToken);
    form->addRow(tr("Bearer token:"), tokenRow);
    m_tokenNote->setObjectName(QStringLiteral("clusterTokenNote"));
    form->addRow(QString(), m_tokenNote);
    return form;
}

// Shown for a context whose credentials come from an exec plugin: exactly what would run,
// and the box that allows it.
void ClusterSettingsDialog::buildExecSection() {
    auto* execLayout = new QVBoxLayout(m_execSection);
    execLayout->setContentsMargins(0, 6, 0, 0);
    execLayout->addWidget(wrapped(tr("This context gets its credentials by running a program on this computer "
                                     "(a kubeconfig exec plugin). Syncline runs exactly this, and only after "
                                     "you allow it for this cluster; if anything here changes (the program's "
                                     "content, its arguments or environment, the kubeconfig file or folder), "
                                     "Syncline asks again:"),
                                  m_execSection));
    m_execDetails->setReadOnly(true);
    m_execDetails->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_execDetails->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_execDetails->setObjectName(QStringLiteral("execDetails"));
    execLayout->addWidget(m_execDetails);
    m_execProblem->setObjectName(QStringLiteral("execProblem"));
    m_execProblem->setStyleSheet(QStringLiteral("color: #b00020;"));
    execLayout->addWidget(m_execProblem);
    execLayout->addWidget(m_allowExec);
}

void ClusterSettingsDialog::connectSignals() {
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_browse, &QToolButton::clicked, this, &ClusterSettingsDialog::chooseFile);
    connect(m_kubeconfig, &QLineEdit::editingFinished, this, &ClusterSettingsDialog::reload);
    connect(m_context, &QComboBox::currentIndexChanged, this, &ClusterSettingsDialog::updateContext);
    connect(m_insecure, &QCheckBox::toggled, m_insecureWarning, &QWidget::setVisible);
    connect(m_forgetToken, &QPushButton::clicked, this, [this] {
        m_forgetRequested = true;
        m_token->clear();
        m_token->setPlaceholderText(tr("The stored token is forgotten when you press OK"));
    });
}

void ClusterSettingsDialog::chooseFile() {
    const QString start = m_kubeconfig->text().isEmpty() ? QDir::homePath() + QStringLiteral("/.kube") : m_kubeconfig->text();
    const QString file = QFileDialog::getOpenFileName(this, tr("Kubeconfig file"), start);
    if (file.isEmpty())
        return;
    m_kubeconfig->setText(file);
    reload();
}

void ClusterSettingsDialog::reload() {
    // Kubeconfig files are small local files: read here, like a file dialog would.
    const QString wanted = m_context->count() > 0 ? m_context->currentData().toString() : m_wantedContext;
    const QSignalBlocker blocker(m_context);
    m_context->clear();
    auto config = kube::KubeConfig::load(resolvedKubeconfig());
    if (!config) {
        m_problem->setText(tr("Cannot read the kubeconfig: %1").arg(config.error().toString()));
        m_problem->show();
        m_context->addItem(tr("(current context)"), CurrentContext);
        if (!wanted.isEmpty())
            m_context->addItem(wanted, wanted);
        m_context->setCurrentIndex(m_context->count() - 1);
    } else {
        m_problem->hide();
        m_context->addItem(config->currentContext.isEmpty() ? tr("(current context: none set)")
                                                            : tr("(current context: %1)").arg(config->currentContext),
                           CurrentContext);
        for (const auto& [name, context] : config->contexts)
            m_context->addItem(name, name);
        int index = m_context->findData(wanted);
        if (index < 0 && !wanted.isEmpty()) {
            m_context->addItem(tr("%1 (not in this kubeconfig)").arg(wanted), wanted);
            index = m_context->count() - 1;
        }
        m_context->setCurrentIndex(std::max(index, 0));
    }
    updateContext();
}

void ClusterSettingsDialog::updateContext() {
    m_exec.reset();
    m_execSection->hide();
    m_server->setText(QStringLiteral("—"));
    auto config = kube::KubeConfig::load(resolvedKubeconfig());
    if (!config)
        return;
    auto context = config->context(m_context->currentData().toString());
    if (!context)
        return;
    if (auto cluster = config->clusters.find(context->cluster); cluster != config->clusters.end()) {
        m_server->setText(cluster->second.server);
        if (cluster->second.insecureSkipTlsVerify)
            m_server->setText(tr("%1   (the kubeconfig itself skips TLS verification)").arg(cluster->second.server));
    }
    showExec(*config, *context);
}

// The exec plugin's fingerprint is computed here, as it would run now: that exact value
// is what the box approves.
void ClusterSettingsDialog::showExec(const kube::KubeConfig& config, const kube::KubeContext& context) {
    auto user = config.users.find(context.user);
    if (user == config.users.end() || !user->second.exec)
        return;
    QString clusterKey;
    if (auto connection = kube::ClusterConnection::fromConfig(config, context.name))
        clusterKey = connection->clusterKey();
    else if (auto cluster = config.clusters.find(context.cluster); cluster != config.clusters.end())
        clusterKey = context.name + QLatin1Char('@') + QUrl(cluster->second.server).toString();
    m_execSection->show();
    auto fingerprint = kube::ExecFingerprint::of(*user->second.exec, clusterKey);
    if (!fingerprint) {
        m_execDetails->setPlainText(tr("Command: %1").arg(user->second.exec->commandLine()));
        m_execProblem->setText(tr("This plugin cannot run: %1").arg(fingerprint.error().message));
        m_execProblem->show();
        m_allowExec->setChecked(false);
        m_allowExec->setEnabled(false);
    } else {
        m_exec = *fingerprint;
        m_execDetails->setPlainText(m_exec->toText());
        m_execProblem->hide();
        m_allowExec->setEnabled(true);
        m_allowExec->setChecked(m_isApproved && m_isApproved(*m_exec));
    }
    // Every line visible (up to 14), room kept for the horizontal scroll bar of long paths.
    const int lines = std::min(m_execDetails->document()->blockCount(), 14);
    const int margins = 2 * (m_execDetails->frameWidth() + int(m_execDetails->document()->documentMargin())) + 6;
    m_execDetails->setFixedHeight(QFontMetrics(m_execDetails->font()).lineSpacing() * lines + margins +
                                  m_execDetails->horizontalScrollBar()->sizeHint().height());
    // Grow to show all of it: nothing of what is approved may be cut off.
    layout()->activate();
    resize(width(), std::max(height(), sizeHint().height()));
}

void ClusterSettingsDialog::setBaseDirectory(const QString& directory) {
    m_baseDirectory = directory;
    reload();
}

QString ClusterSettingsDialog::resolvedKubeconfig() const {
    const QString path = m_kubeconfig->text().trimmed();
    if (path.isEmpty() || QDir::isAbsolutePath(path) || m_baseDirectory.isEmpty())
        return path;
    return QDir::cleanPath(QDir(m_baseDirectory).filePath(path));
}

QString ClusterSettingsDialog::serverText() const { return m_server->text(); }

ClusterSettings ClusterSettingsDialog::settings() const {
    ClusterSettings result;
    result.cluster.kubeconfig = m_kubeconfig->text().trimmed();
    result.cluster.context = m_context->currentData().toString();
    result.cluster.insecure = m_insecure->isChecked();
    result.exec = m_exec;
    result.execApproved = m_exec.has_value() && m_allowExec->isChecked();
    // Typed text as is (a pasted trailing newline trimmed); nothing typed: forget or unchanged.
    const QString typed = m_token->text().trimmed();
    if (!typed.isEmpty())
        result.token = typed;
    else if (m_forgetRequested)
        result.token = QString();
    return result;
}

} // namespace syncline::ui
