#pragma once

#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>

namespace syncline::test {

// A git:// server (protocol v0, upload-pack) that advertises one branch and then never
// sends the pack: it answers the negotiation and streams "Counting objects" progress on
// the side band, as a busy server does, until the client hangs up or `giveUpAfter` passes.
// A fetch from it runs until it is cancelled (libgit2 checks the token on each progress
// message), which makes a held fetch without sleeps. Runs on its own thread.
class StallingGitServer {
public:
    explicit StallingGitServer(std::chrono::milliseconds giveUpAfter = std::chrono::seconds(20));
    ~StallingGitServer(); // closes every connection and joins the thread

    StallingGitServer(const StallingGitServer&) = delete;
    StallingGitServer& operator=(const StallingGitServer&) = delete;

    bool start(QString* error); // listening when this returns true
    // git://127.0.0.1:<port>/<relativePath>
    QString url(const QString& relativePath) const;
    // Clients that negotiated and now wait for the pack (while progress streams to them).
    int waitingClients() const { return m_waiting->load(); }

    class Worker;

private:
    std::chrono::milliseconds m_giveUpAfter;
    quint16 m_port = 0;
    std::shared_ptr<std::atomic<int>> m_waiting = std::make_shared<std::atomic<int>>(0);
    QThread m_thread;
    Worker* m_worker = nullptr; // lives on m_thread
};

} // namespace syncline::test
