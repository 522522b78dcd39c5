# Sources of syncline_models owned by the write-back actions (paths relative to models/).
target_sources(syncline_models PRIVATE
  ActionRequest.h
  ActionController.h ActionController.cpp
)
