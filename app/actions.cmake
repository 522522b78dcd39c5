# Sources of the syncline executable owned by this area (paths relative to app/).
target_sources(syncline PRIVATE
  ActionCommand.h ActionCommand.cpp
  ActionSync.h ActionSync.cpp
)
