#include "workspace/detect/HelmTemplateFallback.h"

#include <QRegularExpression>
#include <QStringList>

namespace syncline::workspace::detect {

namespace {

using Json = nlohmann::ordered_json;

// "{{ .Values.a.b }}" -> the value at a.b in values.yaml, as text; the expression itself otherwise.
QString lookUpValue(const QString& expression, const Json& values) {
    static const QRegularExpression valuesRef(QStringLiteral("^\\{\\{-?\\s*\\.Values\\.([A-Za-z0-9_.]+)\\s*-?\\}\\}$"));
    const auto ref = valuesRef.match(expression);
    if (!ref.hasMatch())
        return expression;
    const Json* at = &values;
    for (const QString& key : ref.captured(1).split(QLatin1Char('.'))) {
        const std::string k = key.toStdString();
        at = at && at->is_object() && at->contains(k) ? &(*at)[k] : nullptr;
    }
    if (at && at->is_string())
        return QString::fromStdString(at->get<std::string>());
    if (at && (at->is_number() || at->is_boolean()))
        return QString::fromStdString(at->dump());
    return expression;
}

} // namespace

std::string HelmTemplateFallback::neutralize(const QByteArray& templateBytes, const Json& values) {
    static const QRegularExpression actionLine(QStringLiteral("^\\s*\\{\\{.*\\}\\}\\s*$"));
    static const QRegularExpression valueLine(
        QStringLiteral("^(\\s*(?:-\\s+)?[^\\s#'\"{][^:#]*:\\s+|\\s*-\\s+)(\\{\\{.*\\}\\})\\s*$"));
    QStringList lines = QString::fromUtf8(templateBytes).split(QLatin1Char('\n'));
    for (QString& line : lines) {
        if (!line.contains(QLatin1String("{{")))
            continue;
        if (auto m = valueLine.match(line); m.hasMatch()) {
            QString replacement = lookUpValue(m.captured(2), values);
            line = m.captured(1) + QLatin1Char('\'') + replacement.replace(QLatin1Char('\''), QLatin1String("''")) +
                   QLatin1Char('\'');
        } else if (actionLine.match(line).hasMatch()) {
            line.clear();
        }
    }
    return lines.join(QLatin1Char('\n')).toStdString();
}

} // namespace syncline::workspace::detect
