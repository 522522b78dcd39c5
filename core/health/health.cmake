# Sources of syncline_core owned by this area (paths relative to core/).
target_sources(syncline_core PRIVATE
  health/SyncStatus.h
  health/HealthAssessor.h health/HealthAssessor.cpp
  health/KindHealth.h
  health/StatusFields.h health/StatusFields.cpp
  health/DeploymentHealth.cpp
  health/StatefulSetHealth.cpp
  health/DaemonSetHealth.cpp
  health/PodHealth.cpp
  health/JobHealth.cpp
  health/NetworkHealth.cpp
  health/VolumeClaimHealth.cpp
  health/AutoscalerHealth.cpp
  health/GenericHealth.cpp
  health/AgentHealth.cpp
)
target_sources(syncline_core PRIVATE
  kube/Inventory.h kube/Inventory.cpp
  kube/AgentStatus.h kube/AgentStatus.cpp
)
