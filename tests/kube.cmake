# Tests of this area (paths relative to tests/).
# --- core/kube: the Kubernetes client
syncline_add_test(tst_kubeconfig SOURCES core/kube/tst_kubeconfig.cpp LIBS syncline_core)
syncline_add_test(tst_kubeclient_faults
  SOURCES core/kube/tst_kubeclient_faults.cpp support/FaultyApiServer.h support/FaultyApiServer.cpp
  LIBS syncline_core Qt6::Network nlohmann_json::nlohmann_json)
