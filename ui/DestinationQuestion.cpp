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
    const QString chosen = QInputDialog::getItem(
        parent, QObject::tr("Which cluster is %1?").arg(place.name),
        QObject::tr("Environment %1 deploys to the Argo CD destination %2: %3.\nWhich kubeconfig context is it? "
                    "syncline.yaml will say so.")
            .arg(place.name, destination, match.why),
        choices, 0, false, &ok);
    if (!ok || chosen == current)
        return std::nullopt;
    return chosen;
}

} // namespace syncline::ui
