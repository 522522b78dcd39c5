#pragma once

#include "kube/ApiResource.h"
#include "kube/WatchEvent.h"
#include "manifest/ResourceKey.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace syncline::kube {

struct ListOptions {
    QString namespaceName; // empty: all namespaces (or a cluster-scoped kind)
    QString labelSelector; // kubectl's syntax: "app=api,tier!=cache"
    int pageSize = 500;    // `limit`; pages are followed with `continue` until done
    // Only the list's resourceVersion is wanted (where a watch starts): one page of one
    // object at most, however many there are.
    bool versionOnly = false;
};

struct ApplyOptions {
    QString fieldManager = QStringLiteral("syncline");
    bool force = false;  // take over fields other managers own: only when the user asks
    bool dryRun = false; // dryRun=All: the server validates and answers, nothing is stored
};

struct CreateOptions {
    QString fieldManager = QStringLiteral("syncline");
    bool dryRun = false;
};

// One list's objects and the resourceVersion of the state they show (where a watch of the
// same kind starts so that nothing in between is missed).
struct ObjectList {
    std::vector<nlohmann::json> items;
    QString resourceVersion; // empty when the server gave none
};

enum class DeletePropagation { Background, Foreground, Orphan };

struct DeleteOptions {
    DeletePropagation propagation = DeletePropagation::Background;
    bool dryRun = false;
};

// The side-effect boundary to one cluster (the reconcile engine depends only on this;
// tests and the real HTTPS client implement it). Calls block the calling thread and are
// safe to make from several worker threads at once; implementations bound the number of
// requests in flight per cluster. Errors keep the API Status reason and message, never a
// token or key. Codes: Auth 401, Forbidden 403, NotFound 404 (object or kind), Conflict
// 409, Invalid 422, Server 5xx, Network (refused, TLS, reset), Timeout, Cancelled.
class KubeClient {
public:
    virtual ~KubeClient() = default;

    // A name for messages: the kubeconfig context, or the server URL.
    virtual QString clusterName() const = 0;
    // The API server's address for display ("https://10.0.0.1:6443"). Pure: a client that
    // forgets it leaves every snapshot's server empty.
    virtual QString serverUrl() const = 0;

    // Every resource type the server offers (cached after the first call; `refresh`
    // forgets the cache, for CRDs created since).
    virtual util::Result<std::vector<ApiResource>> discover(const util::CancellationToken& cancel, bool refresh = false) = 0;
    // The resource type for a group+kind; NotFound names the kind when the server lacks it.
    virtual util::Result<ApiResource> resourceFor(const QString& group, const QString& kind,
                                                  const util::CancellationToken& cancel) = 0;

    virtual util::Result<nlohmann::json> get(const manifest::ResourceKey& key, const util::CancellationToken& cancel) = 0;
    virtual util::Result<std::vector<nlohmann::json>> list(const QString& group, const QString& kind, const ListOptions& options,
                                                           const util::CancellationToken& cancel) = 0;
    // The same list with its resourceVersion. Clients that cannot tell it leave it empty.
    virtual util::Result<ObjectList> listWithVersion(const QString& group, const QString& kind, const ListOptions& options,
                                                     const util::CancellationToken& cancel) {
        auto items = list(group, kind, options, cancel);
        if (!items)
            return util::fail(items.error());
        return ObjectList{std::move(*items), {}};
    }
    // The same objects as list(), parsed into the type manifests and diffs hold (members in
    // the server's order). Clients that parse answers themselves override it to build that
    // type directly instead of converting every object: a fleet refresh lists 100,000.
    virtual util::Result<std::vector<nlohmann::ordered_json>>
    listOrdered(const QString& group, const QString& kind, const ListOptions& options, const util::CancellationToken& cancel) {
        auto items = list(group, kind, options, cancel);
        if (!items)
            return util::fail(items.error());
        std::vector<nlohmann::ordered_json> ordered;
        ordered.reserve(items->size());
        for (const auto& item : *items)
            ordered.emplace_back(item);
        return ordered;
    }
    // One watch request: streams the kind's changes after options.resourceVersion to
    // `onEvent` (on the calling thread) until the server ends it (Ok), the connection fails
    // (Network), the version is too old (Expired: list again) or `cancel`. Clients without
    // watches answer Unsupported, and callers fall back to reading periodically.
    virtual util::Result<void> watch(const QString& group, const QString& kind, const WatchOptions& options,
                                     const WatchHandler& onEvent, const util::CancellationToken& cancel) {
        (void)group, (void)kind, (void)options, (void)onEvent, (void)cancel;
        return util::fail(util::ErrorCode::Unsupported, QStringLiteral("this client cannot watch"), clusterName());
    }
    // Server-side apply (application/apply-patch+yaml) of a whole object; returns the
    // object as the server stored it (or would have, on dry run).
    virtual util::Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options,
                                               const util::CancellationToken& cancel) = 0;
    // POST to the kind's collection: creates an object that may have only a generateName
    // (the server picks the name; server-side apply needs one). Returns the object as
    // stored, with its name. Conflict when an object of that name exists.
    virtual util::Result<nlohmann::json> create(const nlohmann::json& object, const CreateOptions& options,
                                                const util::CancellationToken& cancel) = 0;
    // A JSON merge patch (application/merge-patch+json), e.g. an annotation that asks an
    // agent to reconcile.
    virtual util::Result<nlohmann::json> mergePatch(const manifest::ResourceKey& key, const nlohmann::json& patch,
                                                    const util::CancellationToken& cancel) = 0;
    virtual util::Result<void> remove(const manifest::ResourceKey& key, const DeleteOptions& options,
                                      const util::CancellationToken& cancel) = 0;
};

} // namespace syncline::kube
