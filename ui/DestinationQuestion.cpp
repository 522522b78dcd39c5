#include "DestinationQuestion.h"

#include <QInputDialog>
#include <QObject>

namespace syncline::ui {

std::optional<QString> DestinationQuestion::ask(QWidget* parent, const workspace::Place& place, const QString& destination,
                                                const workspace::DestinationContexts::Match& match) {
    const QString current = QObject::tr("(the kubeconfig's current context)");
    QStringList choices = match.candidates;
    choices << current;
    bool ok = false;
    const QString chosen = QInputDialog::getItem(parent, QObject::tr("Which cluster is %1?").arg(place.name),
                                                 question(place, destination, match), choices, 0, false, &ok);
    if (!ok || chosen == current)
        return std::nullopt;
    return chosen;
}

QString DestinationQuestion::question(const workspace::Place& place, const QString& destination,
                                      const workspace::DestinationContexts::Match& match) {
    // QInputDialog's label guesses the text format: an explicit paragraph makes it rich
    // text, and the escaping keeps the repository's words words.
    return QStringLiteral("<p>") +
           QObject::tr("Environment %1 deploys to the Argo CD destination %2: %3.")
               .arg(place.name.toHtmlEscaped(), destination.toHtmlEscaped(), match.why.toHtmlEscaped()) +
           QStringLiteral("</p><p>") + QObject::tr("Which kubeconfig context is it? syncline.yaml will say so.") +
           QStringLiteral("</p>");
}

} // namespace syncline::ui
