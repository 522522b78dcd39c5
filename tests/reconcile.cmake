# Tests of this area (paths relative to tests/).
syncline_add_test(tst_reconcileengine SOURCES core/reconcile/tst_reconcileengine.cpp LIBS syncline_core nlohmann_json::nlohmann_json)
