# Tests of this area (paths relative to tests/).
syncline_add_test(tst_push
  SOURCES core/git/tst_push.cpp
    support/ServerProcess.h support/ServerProcess.cpp
    support/GitDaemon.h support/GitDaemon.cpp
    support/SshServer.h support/SshServer.cpp
    support/HttpGitServer.h support/HttpGitServer.cpp
  LIBS syncline_core Qt6::Network)
# Commits and pushes in a loop so tst_push can kill it at random points.
add_executable(tst_push_child core/git/tst_push_child.cpp)
target_link_libraries(tst_push_child PRIVATE syncline_core)
add_dependencies(tst_push tst_push_child)
syncline_add_test(tst_signing SOURCES core/git/tst_signing.cpp LIBS syncline_core)
syncline_add_test(tst_credentialhelper
  SOURCES core/git/tst_credentialhelper.cpp
    support/ServerProcess.h support/ServerProcess.cpp
    support/HttpGitServer.h support/HttpGitServer.cpp
  LIBS syncline_core Qt6::Network)
# Needs a Secret Service: ctest runs every test through tests/support/run-isolated.sh.
syncline_add_test(tst_keychain SOURCES app/tst_keychain.cpp LIBS syncline_credentials)
