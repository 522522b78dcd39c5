# Tests of this area (paths relative to tests/).
syncline_add_test(tst_reconcileengine
  SOURCES core/reconcile/tst_reconcileengine.cpp support/FaultyApiServer.h support/FaultyApiServer.cpp
  LIBS syncline_core Qt6::Network nlohmann_json::nlohmann_json)
# The text of a Sync's result, one for the window and the command line.
syncline_add_test(tst_syncresulttext SOURCES core/reconcile/tst_syncresulttext.cpp LIBS syncline_core)
syncline_add_test(tst_engine_cli SOURCES app/tst_engine_cli.cpp LIBS syncline_launcher Qt6::Core)
target_compile_definitions(tst_engine_cli PRIVATE SYNCLINE_BINARY="$<TARGET_FILE:syncline>"
  SYNCLINE_DEVCLUSTER_BINARY="$<TARGET_FILE:syncline-devcluster>")
add_dependencies(tst_engine_cli syncline syncline-devcluster)
# The window with the real engine (models::EngineController), cluster tokens in memory.
syncline_add_test(tst_enginewindow SOURCES ui/tst_enginewindow.cpp LIBS syncline_ui nlohmann_json::nlohmann_json)
# KubeconfigClientProvider with a stored (keychain) token against a devcluster.
syncline_add_test(tst_storedtoken
  SOURCES core/reconcile/tst_storedtoken.cpp support/FaultyApiServer.h support/FaultyApiServer.cpp
  LIBS syncline_core Qt6::Network nlohmann_json::nlohmann_json)
set_tests_properties(tst_storedtoken PROPERTIES LABELS devcluster)
# The worker pools the engine (and every controller) runs jobs on: exceptions become errors.
syncline_add_test(tst_poolrunner SOURCES core/util/tst_poolrunner.cpp LIBS syncline_core)
# Cluster consent: nothing reaches an untrusted cluster; consent is per repository and
# environment and asked again when the cluster changes.
syncline_add_test(tst_clusterconsent
  SOURCES core/reconcile/tst_clusterconsent.cpp support/FaultyApiServer.h support/FaultyApiServer.cpp
  LIBS syncline_core Qt6::Network nlohmann_json::nlohmann_json)
