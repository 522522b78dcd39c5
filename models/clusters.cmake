# Sources of syncline_models owned by this area (paths relative to models/).
target_sources(syncline_models PRIVATE
  StatusColors.h
  SyncStateModel.h SyncStateModel.cpp
  ResourceDiffModel.h ResourceDiffModel.cpp
  EnvironmentMarks.h EnvironmentMarks.cpp
  ../core/reconcile/SyncRequest.h
)
