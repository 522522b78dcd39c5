# Tests of this area (paths relative to tests/).
# --- core/kube: the Kubernetes client
syncline_add_test(tst_kubeconfig SOURCES core/kube/tst_kubeconfig.cpp LIBS syncline_core)
syncline_add_test(tst_execapproval SOURCES core/kube/tst_execapproval.cpp LIBS syncline_core)
syncline_add_test(tst_kubeclient_faults
  SOURCES core/kube/tst_kubeclient_faults.cpp support/FaultyApiServer.h support/FaultyApiServer.cpp
  LIBS syncline_core Qt6::Network nlohmann_json::nlohmann_json)
syncline_add_test(tst_kubeclient_devcluster
  SOURCES core/kube/tst_kubeclient_devcluster.cpp
  LIBS syncline_core nlohmann_json::nlohmann_json)
set_tests_properties(tst_kubeclient_devcluster PROPERTIES LABELS devcluster)
# --- app: `syncline clusters`, the real binary
syncline_add_test(tst_clusters_cli SOURCES app/tst_clusters_cli.cpp LIBS Qt6::Core Qt6::Network)
target_compile_definitions(tst_clusters_cli PRIVATE SYNCLINE_BINARY="$<TARGET_FILE:syncline>")
add_dependencies(tst_clusters_cli syncline)
set_tests_properties(tst_clusters_cli PROPERTIES LABELS devcluster)
