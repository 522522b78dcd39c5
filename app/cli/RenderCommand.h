#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline render --env E [--rev R]`: the environment's desired state as YAML, rendered
// from the Git objects exactly like the window does (kubectl kustomize's format).
class RenderCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
