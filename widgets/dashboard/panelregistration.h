#pragma once

namespace pulse::ui {

/** Registers the table, heatmap, state timeline, text and clock panels with the panel factory (idempotent). */
void registerMorePanelTypes();

} // namespace pulse::ui
