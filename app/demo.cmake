# The demo's clusters (syncline-devcluster processes started and stopped by Syncline) and
# the engine-backed commands: status, diff, sync.
add_library(syncline_launcher STATIC DevClusterLauncher.h DevClusterLauncher.cpp)
target_include_directories(syncline_launcher PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(syncline_launcher PUBLIC syncline_core Qt6::Core)
target_sources(syncline PRIVATE
  DemoClusters.h DemoClusters.cpp
  DemoSeeder.h DemoSeeder.cpp
  EngineSession.h EngineSession.cpp
  TerminalClusterConsent.h TerminalClusterConsent.cpp
  SnapshotText.h SnapshotText.cpp
  StatusCommand.h StatusCommand.cpp
  SyncCommand.h SyncCommand.cpp
)
target_link_libraries(syncline PRIVATE syncline_launcher)
