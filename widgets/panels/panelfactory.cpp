#include "panels/panelfactory.h"

#include "panels/bargaugepanel.h"
#include "panels/gaugepanel.h"
#include "panels/panelwidget.h"
#include "panels/statpanel.h"
#include "panels/timeseriespanel.h"

#include <QLabel>

#include <map>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

/** Stands in for a panel type this build has no widget for, so the rest of the dashboard still opens. */
class UnavailablePanel final : public PanelWidget {
public:
    UnavailablePanel(layout::PanelType type, QWidget* parent)
        : PanelWidget(parent)
        , m_label(new QLabel)
        , m_type(type)
    {
        m_label->setTextFormat(Qt::PlainText);
        m_label->setAlignment(Qt::AlignCenter);
        m_label->setWordWrap(true);
        m_label->setText(tr("Panel type “%1” is not available in this build.").arg(layout::name(m_type)));
        setContentWidget(m_label);
    }

private:
    QLabel* m_label;
    layout::PanelType m_type;
};

std::map<layout::PanelType, PanelWidgetCreator>& registry()
{
    static std::map<layout::PanelType, PanelWidgetCreator> creators = [] {
        std::map<layout::PanelType, PanelWidgetCreator> builtins;
        builtins[layout::PanelType::Timeseries] = [](QWidget* p) { return std::make_unique<TimeseriesPanel>(p); };
        builtins[layout::PanelType::Stat] = [](QWidget* p) { return std::make_unique<StatPanel>(p); };
        builtins[layout::PanelType::Gauge] = [](QWidget* p) { return std::make_unique<GaugePanel>(p); };
        builtins[layout::PanelType::Bargauge] = [](QWidget* p) { return std::make_unique<BarGaugePanel>(p); };
        return builtins;
    }();
    return creators;
}

} // namespace

void registerPanelWidget(layout::PanelType type, PanelWidgetCreator creator)
{
    registry()[type] = std::move(creator);
}

bool hasPanelWidget(layout::PanelType type)
{
    const auto& creators = registry();
    const auto it = creators.find(type);
    return it != creators.end() && it->second;
}

std::unique_ptr<PanelWidget> createPanelWidget(layout::PanelType type, QWidget* parent)
{
    const auto& creators = registry();
    if (const auto it = creators.find(type); it != creators.end() && it->second) {
        if (auto widget = it->second(parent))
            return widget;
    }
    return std::make_unique<UnavailablePanel>(type, parent);
}

} // namespace pulse::ui
