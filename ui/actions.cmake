# Sources of syncline_ui owned by the write-back actions (paths relative to ui/).
target_sources(syncline_ui PRIVATE
  ActionPreviewDialog.h ActionPreviewDialog.cpp
  ActionLauncher.h ActionLauncher.cpp
)
