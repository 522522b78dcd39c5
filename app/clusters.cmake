# Sources of the syncline executable owned by this area (paths relative to app/).
target_sources(syncline PRIVATE ClustersCommand.h ClustersCommand.cpp ApproveExecCommand.h ApproveExecCommand.cpp)
