#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <map>

namespace syncline::manifest {

// Flux's postBuild variable substitution, applied to the rendered YAML of a Kustomization
// (the renderer calls apply() with DetectedApplication::substitutions):
//   ${var}            the value; an undefined variable becomes "" (Flux without strict mode)
//   ${var:=default}   the value, or `default` when undefined or empty (also ${var:-default})
//   $${var}           the literal text ${var}, not substituted
// Only the braced form is substituted; a lone "$" stays as written. Variable names are
// [A-Za-z_][A-Za-z0-9_]*, as Flux requires; anything else inside ${…} is an error that
// names the variable and where it was.
class FluxSubstitution {
public:
    using Variables = std::map<QString, QString>;

    static util::Result<QByteArray> apply(const QByteArray& yaml, const Variables& variables, const QString& where = {});
};

} // namespace syncline::manifest
