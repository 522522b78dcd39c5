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
};

} // namespace syncline::ui
