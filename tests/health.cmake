# Tests of this area (paths relative to tests/).
syncline_add_test(tst_health SOURCES core/health/tst_health.cpp LIBS syncline_core nlohmann_json::nlohmann_json)
syncline_add_test(tst_inventory SOURCES core/kube/tst_inventory.cpp LIBS syncline_core nlohmann_json::nlohmann_json)
syncline_add_test(tst_agentstatus SOURCES core/kube/tst_agentstatus.cpp LIBS syncline_core nlohmann_json::nlohmann_json)
