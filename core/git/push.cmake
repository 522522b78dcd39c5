# Sources of syncline_core owned by this area (paths relative to core/).
target_sources(syncline_core PRIVATE
  git/HostKeyPrompt.h
  git/RemoteSession.h git/RemoteSession.cpp
  git/Pusher.h git/Pusher.cpp
  git/CommitSigner.h git/CommitSigner.cpp
  git/SignedCommit.h
  git/GitCredentialHelperProvider.h git/GitCredentialHelperProvider.cpp
  git/RemoteUrl.h git/RemoteUrl.cpp
)
