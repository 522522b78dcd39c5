#include "FieldSelector.h"

#include "JsonUtil.h"

#include <QStringList>

namespace syncline::devcluster {

ApiResult<FieldSelector> FieldSelector::parse(const QString& text) {
    FieldSelector selector;
    if (text.trimmed().isEmpty())
        return selector;
    for (const QString& raw : text.split(QLatin1Char(','))) {
        const QString term = raw.trimmed();
        Term t;
        qsizetype at = term.indexOf(QLatin1String("!="));
        qsizetype skip = 2;
        if (at > 0) {
            t.equals = false;
        } else if ((at = term.indexOf(QLatin1String("=="))) > 0) {
        } else {
            at = term.indexOf(QLatin1Char('='));
            skip = 1;
        }
        if (at <= 0)
            return apiFail(ApiError::badRequest(QStringLiteral("invalid field selector: \"%1\"").arg(term)));
        const QString field = term.left(at).trimmed();
        if (field == QLatin1String("metadata.name"))
            t.name = true;
        else if (field == QLatin1String("metadata.namespace"))
            t.name = false;
        else
            return apiFail(ApiError::badRequest(QStringLiteral("field label not supported: %1").arg(field)));
        t.value = term.mid(at + skip).trimmed().toStdString();
        selector.m_terms.push_back(std::move(t));
    }
    return selector;
}

bool FieldSelector::matches(const Json& object) const {
    if (m_terms.empty())
        return true;
    for (const auto& t : m_terms) {
        const std::string value = json::metaText(object, t.name ? "name" : "namespace");
        if ((value == t.value) != t.equals)
            return false;
    }
    return true;
}

QString FieldSelector::exactName() const {
    for (const auto& t : m_terms)
        if (t.name && t.equals)
            return QString::fromStdString(t.value);
    return {};
}

} // namespace syncline::devcluster
