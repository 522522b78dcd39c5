# Tests of this area (paths relative to tests/).
# syncline-devcluster: a small local Kubernetes API server for the demo and the tests.

# Test support: a devcluster process per test (tests/support/DevCluster.h).
target_sources(syncline_testsupport PRIVATE support/DevCluster.h support/DevCluster.cpp)
target_compile_definitions(syncline_testsupport PUBLIC SYNCLINE_DEVCLUSTER_BINARY="$<TARGET_FILE:syncline-devcluster>")
target_link_libraries(syncline_testsupport PUBLIC Qt6::Network syncline_launcher)
add_dependencies(syncline_testsupport syncline-devcluster)

syncline_add_test(tst_devcluster_api
  SOURCES devcluster/tst_devcluster_api.cpp devcluster/ApiClient.h devcluster/ApiClient.cpp
  LIBS Qt6::Network nlohmann_json::nlohmann_json)
syncline_add_test(tst_devcluster_kubectl
  SOURCES devcluster/tst_devcluster_kubectl.cpp
  LIBS nlohmann_json::nlohmann_json)
# Hostile clients and damaged data (issue 11 §6): raw sockets, hand-written logs.
syncline_add_test(tst_devcluster_hostileclients
  SOURCES devcluster/tst_devcluster_hostileclients.cpp devcluster/RawHttp.h devcluster/RawHttp.cpp
    devcluster/DevClusterProcess.h devcluster/DevClusterProcess.cpp
  LIBS Qt6::Network)
syncline_add_test(tst_devcluster_datafiles
  SOURCES devcluster/tst_devcluster_datafiles.cpp devcluster/RawHttp.h devcluster/RawHttp.cpp
    devcluster/DevClusterProcess.h devcluster/DevClusterProcess.cpp
  LIBS Qt6::Network)
set_tests_properties(tst_devcluster_api tst_devcluster_kubectl tst_devcluster_hostileclients tst_devcluster_datafiles
  PROPERTIES LABELS devcluster)
