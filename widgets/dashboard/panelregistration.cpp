#include "dashboard/panelregistration.h"

#include "panels/clockpanel.h"
#include "panels/heatmappanel.h"
#include "panels/panelfactory.h"
#include "panels/statetimelinepanel.h"
#include "panels/tablepanel.h"
#include "panels/textpanel.h"

namespace pulse::ui {

namespace {
template <typename T> void registerIfMissing(layout::PanelType type)
{
    if (!hasPanelWidget(type))
        registerPanelWidget(
            type, [](QWidget* parent) -> std::unique_ptr<PanelWidget> { return std::make_unique<T>(parent); });
}
} // namespace

void registerMorePanelTypes()
{
    registerIfMissing<TablePanel>(layout::PanelType::Table);
    registerIfMissing<HeatmapPanel>(layout::PanelType::Heatmap);
    registerIfMissing<StateTimelinePanel>(layout::PanelType::StateTimeline);
    registerIfMissing<TextPanel>(layout::PanelType::Text);
    registerIfMissing<ClockPanel>(layout::PanelType::Clock);
}

} // namespace pulse::ui
