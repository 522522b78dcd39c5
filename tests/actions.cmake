# Tests of this area (paths relative to tests/).
syncline_add_test(tst_kustomizeimageeditor SOURCES core/actions/tst_kustomizeimageeditor.cpp LIBS syncline_core)
syncline_add_test(tst_promoteplanner SOURCES core/actions/tst_promoteplanner.cpp core/actions/ActionsFixture.h LIBS syncline_core)
syncline_add_test(tst_revertplanner SOURCES core/actions/tst_revertplanner.cpp core/actions/ActionsFixture.h LIBS syncline_core)
syncline_add_test(tst_rollbackplanner SOURCES core/actions/tst_rollbackplanner.cpp core/actions/ActionsFixture.h LIBS syncline_core)
syncline_add_test(tst_actionrunner SOURCES core/actions/tst_actionrunner.cpp core/actions/ActionsFixture.h LIBS syncline_core)
syncline_add_test(tst_actions_cli
  SOURCES app/tst_actions_cli.cpp core/actions/ActionsFixture.h support/HttpGitServer.h support/HttpGitServer.cpp
    support/GitDaemon.h support/GitDaemon.cpp support/ServerProcess.h support/ServerProcess.cpp
  LIBS syncline_core Qt6::Network)
target_compile_definitions(tst_actions_cli PRIVATE SYNCLINE_BINARY="$<TARGET_FILE:syncline>")
add_dependencies(tst_actions_cli syncline)
syncline_add_test(tst_actionsui
  SOURCES ui/tst_actionsui.cpp support/SnapshotFixtures.h
    support/ServerProcess.h support/ServerProcess.cpp support/GitDaemon.h support/GitDaemon.cpp
  LIBS syncline_ui nlohmann_json::nlohmann_json)
# The demo's one-click actions end to end: window, real engine, the demo's devclusters.
syncline_add_test(tst_demoactions
  SOURCES ui/tst_demoactions.cpp
  LIBS syncline_ui syncline_launcher nlohmann_json::nlohmann_json)
target_compile_definitions(tst_demoactions PRIVATE SYNCLINE_BINARY="$<TARGET_FILE:syncline>"
  SYNCLINE_DEVCLUSTER_BINARY="$<TARGET_FILE:syncline-devcluster>")
add_dependencies(tst_demoactions syncline syncline-devcluster)
# The window's credential and host-key dialogs against http-backend and sshd (app wiring
# compiled in, the keychain library linked: gnome-keyring in run-isolated.sh's session).
syncline_add_test(tst_windowgitaccess
  SOURCES ui/tst_windowgitaccess.cpp
    ${PROJECT_SOURCE_DIR}/app/WindowGitAccess.h ${PROJECT_SOURCE_DIR}/app/WindowGitAccess.cpp
    support/ServerProcess.h support/ServerProcess.cpp support/SshServer.h support/SshServer.cpp
    support/HttpGitServer.h support/HttpGitServer.cpp
  LIBS syncline_ui syncline_credentials Qt6::Network)
target_include_directories(tst_windowgitaccess PRIVATE ${PROJECT_SOURCE_DIR}/app)
