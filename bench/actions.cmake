# Benchmarks of this area.
add_executable(bench_actions bench_actions.cpp)
target_link_libraries(bench_actions PRIVATE syncline_core Qt6::Core)
