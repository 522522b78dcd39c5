# Sources of the syncline executable owned by this area (paths relative to app/).
# The keychain-backed credentials are a small library so their tests can link them without
# the whole application; only this library (and the app) link QtKeychain.
add_library(syncline_credentials STATIC
  KeychainStore.h KeychainStore.cpp
  KeychainCredentialProvider.h KeychainCredentialProvider.cpp
  GitCredentialChain.h GitCredentialChain.cpp
)
target_include_directories(syncline_credentials PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(syncline_credentials PUBLIC syncline_core PRIVATE Qt6Keychain::Qt6Keychain)
target_link_libraries(syncline PRIVATE syncline_credentials)
# The command line's side: questions on the terminal.
target_sources(syncline PRIVATE
  Terminal.h Terminal.cpp
  TerminalCredentialPrompt.h TerminalCredentialPrompt.cpp
  TerminalHostKeyPrompt.h TerminalHostKeyPrompt.cpp
  TerminalGitAccess.h TerminalGitAccess.cpp
)
# The window's side: questions in dialogs.
target_sources(syncline PRIVATE
  WindowGitAccess.h WindowGitAccess.cpp
)
