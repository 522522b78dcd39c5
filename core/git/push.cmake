# Sources of syncline_core owned by this area (paths relative to core/).
target_sources(syncline_core PRIVATE
  git/HostKeyPrompt.h
  git/Pusher.h
)
