#pragma once

#include "reconcile/ClusterConsent.h"

#include <QMutex>
#include <QString>

#include <filesystem>
#include <map>
#include <optional>

namespace syncline::reconcile {

// Where the user's cluster consents are remembered: one record per environment of one
// repository, in a QSettings file of its own under the user's config folder (a file given
// to the constructor in tests). A repository is known by its origin's URL (user-info
// removed: a token written into the URL is no part of a key) and the local path of its
// work tree, so a clone of another repository in the same folder, or the same remote
// cloned elsewhere, is asked about again. Thread-safe; every call looks at the file, so
// consent given in the window counts on the command line at once and vice versa — it is
// read again only when it changed (the engine asks twice per environment and cycle: a
// fleet of 200 environments read the whole file 400 times a refresh).
class ClusterConsentStore {
public:
    ClusterConsentStore(); // defaultFile()
    explicit ClusterConsentStore(QString settingsFile);

    // $XDG_CONFIG_HOME/syncline/cluster-consent.conf (~/.config/… when unset).
    static QString defaultFile();
    static QString withoutUserInfo(const QString& url);
    // "<origin URL> <work tree path>", or "(no origin) <path>" for a repository without one.
    static QString repositoryKey(const QString& originUrl, const QString& workspaceRoot);
    // The key of the repository whose work tree is `workspaceRoot` (reads its origin).
    static QString repositoryKeyOf(const QString& workspaceRoot);

    std::optional<ClusterConsent> recorded(const QString& repository, const QString& environment) const;
    // True when what was recorded for the environment names exactly `current`'s cluster.
    bool trusts(const QString& repository, const QString& environment, const ClusterConsent& current) const;
    void record(const QString& repository, const QString& environment, const ClusterConsent& consent);
    void forget(const QString& repository, const QString& environment);
    // Resolves the environment's cluster as it is now (ClusterConsent::resolve) and records
    // it with the given automation flags: `syncline clusters trust`, --yes, the demo.
    util::Result<ClusterConsent> trust(const QString& repository, const workspace::Environment& environment,
                                       const QString& workspaceRoot, bool allowAutoSync = false, bool allowPrune = false);

private:
    struct Stamp {
        bool exists = false;
        std::filesystem::file_time_type modified;
        std::uintmax_t size = 0;
        bool operator==(const Stamp&) const = default;
    };
    struct Record {
        QString repository;
        QString environment;
        ClusterConsent consent;
    };
    struct Cache {
        Stamp stamp;
        std::map<QString, Record> records; // by group
    };
    static Stamp stampOf(const QString& file);
    static std::map<QString, Record> readRecords(const QString& file);
    const std::map<QString, Record>& recordsLocked() const;

    QString m_file;
    mutable QMutex m_mutex;
    mutable std::optional<Cache> m_cache; // the file as last read, under m_mutex
};

} // namespace syncline::reconcile
