#pragma once

// Outputs of the real kubectl committed under tests/data/golden/ (README there), so a
// machine without kubectl still checks Syncline's output byte for byte. Where kubectl is on
// PATH the golden file is checked against it too: a stale file fails and says how to
// regenerate it (scripts/regenerate-golden.sh).
#include <QByteArray>
#include <QString>

#include <optional>

namespace syncline::test {

// The kubectl used as the live oracle: the first on PATH, empty when there is none.
QString liveKubectl();

class GoldenFile {
public:
    // `relative` is below tests/data/golden/, e.g. "kustomize/components.yaml".
    explicit GoldenFile(const QString& relative);

    // A data row's name as a file name: anything but letters, digits, '.', '_' and '-' becomes '-'.
    static QString fileNameOf(const QString& rowName);

    QString path() const { return m_path; }

    struct Expected {
        QByteArray bytes; // what Syncline must print
        QString problem;  // non-empty: the file is missing or stale; fail with this
    };

    // The committed bytes. `live` is what kubectl prints now (nullopt without kubectl); it
    // must equal them. With SYNCLINE_REGENERATE_GOLDEN=1 `live` is written to the file first.
    Expected expected(const std::optional<QByteArray>& live) const;

private:
    QString m_relative;
    QString m_path;
};

} // namespace syncline::test
