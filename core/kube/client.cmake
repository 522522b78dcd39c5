# Sources of syncline_core owned by this area (paths relative to core/).
target_sources(syncline_core PRIVATE
  kube/KubeConfig.h kube/KubeConfig.cpp
  kube/ClusterConnection.h kube/ClusterConnection.cpp
  kube/ExecFingerprint.h kube/ExecFingerprint.cpp
  kube/ExecApprovals.h kube/ExecApprovals.cpp
  kube/ExecCredentialPlugin.h kube/ExecCredentialPlugin.cpp
  kube/ApiStatus.h kube/ApiStatus.cpp
  kube/ApiDiscovery.h kube/ApiDiscovery.cpp
  kube/HttpKubeClient.h kube/HttpKubeClient.cpp
)
