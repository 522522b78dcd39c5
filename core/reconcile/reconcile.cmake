# Sources of syncline_core owned by this area (paths relative to core/).
target_sources(syncline_core PRIVATE
  git/RevisionInfo.h git/RevisionInfo.cpp
  reconcile/EnvironmentSnapshot.h reconcile/SyncResult.h reconcile/SyncRequest.h
  reconcile/ClientProvider.h reconcile/ClusterObservation.h
  reconcile/ApplyOrder.h reconcile/ApplyOrder.cpp
  reconcile/DesiredObjects.h reconcile/DesiredObjects.cpp
  reconcile/GitSide.h reconcile/GitSide.cpp
  reconcile/ResourcePairing.h reconcile/ResourcePairing.cpp
  reconcile/ClusterReader.h reconcile/ClusterReader.cpp
  reconcile/SyncRunner.h reconcile/SyncRunner.cpp
  reconcile/ClusterConsent.h reconcile/ClusterConsent.cpp
  reconcile/ClusterConsentStore.h reconcile/ClusterConsentStore.cpp
  reconcile/KubeconfigClientProvider.h reconcile/KubeconfigClientProvider.cpp
  reconcile/ReconcileEngine.h reconcile/ReconcileEngine.cpp
  # Written by the health/inventory work; listed here too so the engine links (CMake
  # keeps each source once).
  kube/Inventory.h kube/Inventory.cpp kube/AgentStatus.h kube/AgentStatus.cpp
)
# The engine is a QObject (signals to the GUI thread).
set_target_properties(syncline_core PROPERTIES AUTOMOC ON)
