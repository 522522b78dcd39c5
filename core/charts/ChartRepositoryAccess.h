#pragma once

#include <QMutex>
#include <QString>
#include <QStringList>

namespace syncline::charts {

// The user's allow-list of chart repositories (Helm HTTP repositories and OCI registries)
// Syncline may reach to pull a Flux HelmRelease's chart: Syncline never contacts a chart
// host the user did not allow. Per user, not per repository (a chart host is trusted as
// such), in a QSettings file of its own beside the cluster consents; URLs are compared
// normalised (manifest::normalizedChartRepositoryUrl). Repositories a render needed but
// that were not allowed are remembered as "asked", so the window can offer to allow them.
// Thread-safe; every call reads the file, so the window and the command line agree at once.
class ChartRepositoryAccess {
public:
    ChartRepositoryAccess(); // defaultFile()
    explicit ChartRepositoryAccess(QString settingsFile);

    // $XDG_CONFIG_HOME/syncline/chart-repositories.conf (~/.config/… when unset).
    static QString defaultFile();

    bool isAllowed(const QString& url) const;
    // False when `url` is not a chart repository URL Syncline would reach.
    bool allow(const QString& url);
    void forget(const QString& url);
    void noteAsked(const QString& url);

    QStringList allowed() const;
    QStringList asked() const; // not allowed (yet)

private:
    QStringList urlsOf(const char* group) const;

    QString m_file;
    mutable QMutex m_mutex;
};

} // namespace syncline::charts
