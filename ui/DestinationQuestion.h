#pragma once

#include "workspace/detect/DestinationContexts.h"

class QWidget;

namespace syncline::ui {

// The window's form of `syncline environments --write`'s question: which kubeconfig context
// an Argo CD destination is, when the kubeconfig does not single one out. The answer goes
// into syncline.yaml (cluster.context), so it is asked once.
class DestinationQuestion {
public:
    // The chosen context; nullopt keeps the current context (the last choice, or Cancel).
    static std::optional<QString> ask(QWidget* parent, const workspace::Place& place, const QString& destination,
                                      const workspace::DestinationContexts::Match& match);
    // The question's text as the dialog's label shows it: rich text in which everything that
    // came from the repository (the environment, the destination) is escaped, so a
    // destination such as <img src=…> is shown as written, never rendered.
    static QString question(const workspace::Place& place, const QString& destination,
                            const workspace::DestinationContexts::Match& match);
};

} // namespace syncline::ui
