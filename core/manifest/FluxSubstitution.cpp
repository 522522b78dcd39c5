#include "manifest/FluxSubstitution.h"

#include <QRegularExpression>

namespace syncline::manifest {

namespace {

// One ${...} expression: its value, or an error naming it.
util::Result<QString> evaluate(const QString& body, const FluxSubstitution::Variables& variables, const QString& where) {
    static const QRegularExpression form(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[=-])(.*))?$"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const auto m = form.match(body);
    if (!m.hasMatch())
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("${%1} is not a variable Flux substitutes (names are letters, digits and _)").arg(body),
                          where);
    const auto found = variables.find(m.captured(1));
    const QString op = m.captured(2);
    if (op.isEmpty())
        return found == variables.end() ? QString() : found->second;
    const bool emptyCounts = op.startsWith(QLatin1Char(':'));
    if (found == variables.end() || (emptyCounts && found->second.isEmpty()))
        return m.captured(3);
    return found->second;
}

} // namespace

util::Result<QByteArray> FluxSubstitution::apply(const QByteArray& yaml, const Variables& variables, const QString& where) {
    const QString in = QString::fromUtf8(yaml);
    QString out;
    out.reserve(in.size());
    qsizetype i = 0;
    while (i < in.size()) {
        const bool escaped = in.mid(i, 3) == QLatin1String("$${");
        if (!escaped && in.mid(i, 2) != QLatin1String("${")) {
            out += in[i++];
            continue;
        }
        const qsizetype open = i + (escaped ? 3 : 2);
        const qsizetype close = in.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("unterminated ${ at offset %1").arg(i), where);
        const QString body = in.mid(open, close - open);
        if (escaped) {
            out += QStringLiteral("${") + body + QLatin1Char('}');
        } else {
            auto value = evaluate(body, variables, where);
            if (!value)
                return util::fail(value.error());
            out += *value;
        }
        i = close + 1;
    }
    return out.toUtf8();
}

} // namespace syncline::manifest
