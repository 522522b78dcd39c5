# Tests of this area (paths relative to tests/).
syncline_add_test(tst_reconcileengine SOURCES core/reconcile/tst_reconcileengine.cpp LIBS syncline_core nlohmann_json::nlohmann_json)
syncline_add_test(tst_engine_cli SOURCES app/tst_engine_cli.cpp LIBS syncline_launcher Qt6::Core)
target_compile_definitions(tst_engine_cli PRIVATE SYNCLINE_BINARY="$<TARGET_FILE:syncline>"
  SYNCLINE_DEVCLUSTER_BINARY="$<TARGET_FILE:syncline-devcluster>")
add_dependencies(tst_engine_cli syncline syncline-devcluster)
