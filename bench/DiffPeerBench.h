#pragma once

#include "FigureRow.h"
#include "support/TestServers.h"

#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

#include <vector>

namespace syncline::bench {

// Render + diff of one deployed environment against its cluster, process to process:
// `syncline diff ENV --json` next to `kubectl diff --server-side` of the same files on the
// same server. 10% of the environment's objects are changed on the server first (drift),
// so both sides have differences to find and print. Each side's count of changed objects
// is kept, to show they saw the same drift.
class DiffPeerBench {
public:
    // repository: a workspace whose `environment` (folder envs/<environment>) is deployed.
    DiffPeerBench(const test::TestServer& server, QString syncline, QString kubectl, QString repository, QString environment,
                  int runs);

    bool prepare(int resources, QString* error); // the drift, and one warm-up of each side
    bool measure(QString* error);
    FigureRow row() const;
    int drifted() const { return m_drifted; }
    int oursSaw() const { return m_oursSaw; }
    int peerSaw() const { return m_peerSaw; }

private:
    bool drift(int resources, QString* error);
    bool runOurs(bool counted, QString* error);
    bool runPeer(bool counted, QString* error);

    struct Run {
        int exitCode = -1;
        QByteArray out, err;
        double ms = 0;
        bool finished = false;
    };
    Run run(const QString& program, const QStringList& arguments) const;

    const test::TestServer& m_server;
    QString m_syncline, m_kubectl, m_repository, m_environment;
    int m_runs;
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    int m_drifted = 0, m_oursSaw = -1, m_peerSaw = -1;
    std::vector<double> m_ours, m_peer;
};

} // namespace syncline::bench
