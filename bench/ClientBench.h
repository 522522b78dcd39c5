#pragma once

#include "FigureRow.h"
#include "kube/HttpKubeClient.h"
#include "support/TestServers.h"

#include <QString>

#include <memory>
#include <vector>

namespace syncline::bench {

struct ClientBenchSizes {
    int list = 5000;  // ConfigMaps listed
    int apply = 1000; // ConfigMaps applied per run, by each side
    int runs = 3;     // measured runs, after one warm-up run that is not counted
};

// The Kubernetes client on one server next to kubectl doing the same work on it: a list of
// the same ConfigMaps (kubectl get -o json), and server-side apply of 1,000 ConfigMaps one
// at a time and with the client's concurrency (kubectl apply --server-side of one
// multi-document file: it applies one object after another). Each run applies new objects
// of the same content on both sides (new names), so every apply creates.
class ClientBench {
public:
    ClientBench(const test::TestServer& server, const QString& kubectl, const QString& scratch, ClientBenchSizes sizes);
    ~ClientBench();

    bool prepare(QString* error); // the namespaces, and the ConfigMaps to list
    bool measure(QString* error); // the warm-up, then the runs
    std::vector<FigureRow> rows() const;
    double setupMs() const { return m_setupMs; }
    int concurrency() const;

private:
    bool runOnce(int run, bool counted, QString* error);
    bool timeList(bool counted, QString* error);
    bool timeApply(const QString& prefix, int count, int threads, FigureRow* row, QString* error);
    bool timeKubectlList(bool counted, QString* error);
    bool timeKubectlApply(int run, int count, bool counted, QString* error);
    bool applyAll(const QString& ns, const QString& prefix, int count, int threads, QString* error);
    bool kubectl(const QStringList& arguments, QString* error) const;

    const test::TestServer& m_server;
    QString m_kubectl; // empty: no peer
    QString m_scratch;
    ClientBenchSizes m_sizes;
    std::shared_ptr<kube::HttpKubeClient> m_client;
    double m_setupMs = 0;
    FigureRow m_list, m_applySequential, m_applyConcurrent;
};

} // namespace syncline::bench
