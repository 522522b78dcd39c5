# Tests of the Sync state / Pending / History cluster panes (paths relative to tests/).
syncline_add_test(tst_syncstatemodel SOURCES models/tst_syncstatemodel.cpp support/SnapshotFixtures.h LIBS syncline_models)
syncline_add_test(tst_resourcediffmodel SOURCES models/tst_resourcediffmodel.cpp support/SnapshotFixtures.h LIBS syncline_models nlohmann_json::nlohmann_json)
syncline_add_test(tst_historymarks SOURCES models/tst_historymarks.cpp support/SnapshotFixtures.h LIBS syncline_models)
syncline_add_test(tst_syncpanes SOURCES ui/tst_syncpanes.cpp support/SnapshotFixtures.h LIBS syncline_ui nlohmann_json::nlohmann_json)
syncline_add_test(tst_clustersettings SOURCES ui/tst_clustersettings.cpp LIBS syncline_ui)
