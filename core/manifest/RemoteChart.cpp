#include "manifest/RemoteChart.h"

#include <QRegularExpression>
#include <QUrl>

namespace syncline::manifest {

namespace {

constexpr qsizetype kMaxUrlLength = 2048;
constexpr qsizetype kMaxChartLength = 250;
constexpr qsizetype kMaxVersionLength = 128;

QString urlProblem(const QString& text) {
    if (text.isEmpty())
        return QStringLiteral("the chart repository has no URL");
    if (text.size() > kMaxUrlLength)
        return QStringLiteral("the chart repository URL is longer than %1 characters").arg(kMaxUrlLength);
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("chart repository URL '%1' is not a valid URL").arg(text.left(200));
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("oci"))
        return QStringLiteral("chart repository URL '%1': only http, https and oci are reached").arg(text.left(200));
    if (!url.userInfo().isEmpty())
        return QStringLiteral("chart repository URL of %1 holds a user name or password: refused").arg(url.host());
    if (url.hasQuery() || url.hasFragment())
        return QStringLiteral("chart repository URL '%1' has a query or fragment: refused").arg(text.left(200));
    return {};
}

} // namespace

QString remoteChartProblem(const RemoteChart& chart) {
    if (QString problem = urlProblem(chart.repositoryUrl); !problem.isEmpty())
        return problem;
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (chart.chart.isEmpty() || chart.chart.size() > kMaxChartLength || !name.match(chart.chart).hasMatch())
        return QStringLiteral("chart name '%1' is not a chart name").arg(chart.chart.left(100));
    // Semver versions and constraints: digits, letters, . + - and the operators.
    static const QRegularExpression version(QStringLiteral("^[A-Za-z0-9.+^~<>=*|, -]*$"));
    if (chart.version.size() > kMaxVersionLength || !version.match(chart.version).hasMatch() ||
        chart.version.startsWith(QLatin1Char('-')))
        return QStringLiteral("chart version '%1' is not a version or constraint").arg(chart.version.left(100));
    return {};
}

QString normalizedChartRepositoryUrl(const QString& text) {
    if (!urlProblem(text).isEmpty())
        return {};
    QUrl url(text, QUrl::StrictMode);
    url.setScheme(url.scheme().toLower());
    url.setHost(url.host().toLower());
    QString normal = url.toString(QUrl::FullyEncoded);
    while (normal.endsWith(QLatin1Char('/')))
        normal.chop(1);
    return normal;
}

} // namespace syncline::manifest
