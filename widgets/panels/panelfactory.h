#pragma once

#include "layout/dashboard.h"

#include <functional>
#include <memory>

class QWidget;

namespace pulse::ui {

class PanelWidget;

using PanelWidgetCreator = std::function<std::unique_ptr<PanelWidget>(QWidget* parent)>;

/**
 * Makes the creator the one used for `type` (replacing any earlier one). The time series, stat, gauge and
 * bar gauge panels are registered by the factory itself; other panel types register theirs at start-up.
 * GUI thread only.
 */
void registerPanelWidget(layout::PanelType type, PanelWidgetCreator creator);

/** Whether a creator is registered for the type. */
bool hasPanelWidget(layout::PanelType type);

/** A new panel widget for the type; a placeholder that says the type is unavailable when none is registered. */
std::unique_ptr<PanelWidget> createPanelWidget(layout::PanelType type, QWidget* parent = nullptr);

} // namespace pulse::ui
