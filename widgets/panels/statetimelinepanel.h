#pragma once

#include "panels/panelwidget.h"

#include <vector>

namespace pulse::ui {

/** A run of equal threshold state in one line, [startMs, endMs). */
struct StateBand {
    static constexpr int kNoData = -2; ///< no point covers this time: drawn hatched, never coloured
    static constexpr int kBase = -1; ///< below the first threshold
    TimestampMs startMs = 0;
    TimestampMs endMs = 0;
    int state = kNoData; ///< threshold index, kBase or kNoData
    friend bool operator==(const StateBand&, const StateBand&) = default;
};

/**
 * The bands of one line over [fromMs, toMs]: each point covers [time, time + step); adjacent points in the same
 * state merge; anything no point covers (before the first, between points more than 1.5 steps apart, after the
 * last) is a kNoData band. A NaN value is a gap too.
 */
std::vector<StateBand> stateBands(
    const PanelLine& line, const std::vector<layout::Threshold>& thresholds, TimestampMs fromMs, TimestampMs toMs);

/** Each line's threshold state over time as coloured bands, one row per line; gaps are hatched, not coloured. */
class StateTimelinePanel : public PanelWidget {
    Q_OBJECT
public:
    explicit StateTimelinePanel(QWidget* parent = nullptr);

    /** The pixel rectangle of a line's row inside the content widget (tests, tooltips). */
    QRect rowRect(int lineIndex) const;
    /** The content x of a time in the data's range. */
    int xForTime(TimestampMs timeMs) const;

protected:
    void dataChanged() override;
    void panelChanged() override;
    void themeChanged() override;

private:
    class Canvas;
    Canvas* m_canvas;
};

} // namespace pulse::ui
