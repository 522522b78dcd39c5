# Benchmarks of this area.
add_executable(bench_kube bench_kube.cpp)
target_link_libraries(bench_kube PRIVATE syncline_core Qt6::Core Qt6::Network nlohmann_json::nlohmann_json)
target_compile_definitions(bench_kube PRIVATE SYNCLINE_DEVCLUSTER_BINARY="$<TARGET_FILE:syncline-devcluster>")
add_dependencies(bench_kube syncline-devcluster)
