# Benchmarks of this area.
add_executable(bench_reconcile bench_reconcile.cpp)
target_link_libraries(bench_reconcile PRIVATE syncline_launcher syncline_core Qt6::Core)
target_compile_definitions(bench_reconcile PRIVATE SYNCLINE_DEVCLUSTER_BINARY="$<TARGET_FILE:syncline-devcluster>")
add_dependencies(bench_reconcile syncline-devcluster)
