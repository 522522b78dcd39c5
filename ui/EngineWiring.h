#pragma once

namespace syncline::models {
class EngineController;
}

namespace syncline::ui {

class MainWindow;

// Wires the window to the engine controller: the window's Refresh/Sync/Trust/cluster
// requests into the controller; snapshots, sync progress and results, consent questions
// and notices back into the panes, dialogs and message bar; the cluster dialog's exec
// approvals from the controller. The connections end with either object; destroy the
// controller before the window, so its engine stops before the panes go.
void connectEngine(MainWindow* window, models::EngineController* engine);

} // namespace syncline::ui
