# Sources of syncline_ui owned by this area (paths relative to ui/).
target_sources(syncline_ui PRIVATE
  SyncStateDelegate.h SyncStateDelegate.cpp
)
target_sources(syncline_ui PRIVATE
  ClusterSettingsDialog.h ClusterSettingsDialog.cpp
)
target_sources(syncline_ui PRIVATE
  ClusterConsentDialog.h ClusterConsentDialog.cpp
)
