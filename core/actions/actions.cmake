# Sources of syncline_core owned by this area (paths relative to core/).
target_sources(syncline_core PRIVATE
  actions/ActionPlan.h
  actions/ActionPlanner.h
  actions/ActionPreview.h actions/ActionPreview.cpp
  actions/ActionRunner.h actions/ActionRunner.cpp
  actions/BranchResolver.h actions/BranchResolver.cpp
  actions/CommitMessage.h
  actions/KustomizeImageEditor.h actions/KustomizeImageEditor.cpp
  actions/PreviewBuilder.h actions/PreviewBuilder.cpp
  actions/PromotePlanner.h actions/PromotePlanner.cpp
  actions/RevertPlanner.h actions/RevertPlanner.cpp
  actions/RollbackPlanner.h actions/RollbackPlanner.cpp
  actions/UnpublishedCommits.h actions/UnpublishedCommits.cpp
)
