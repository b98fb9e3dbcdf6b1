#include "charts/chartlegend.h"
#include "charts/timechart.h"
#include "panels/bargaugepanel.h"
#include "panels/gaugepanel.h"
#include "panels/panelfactory.h"
#include "panels/statpanel.h"
#include "panels/tablepanel.h"
#include "panels/timeseriespanel.h"

#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace pulse;
using namespace pulse::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs kT0 = 1'700'000'000'000;

/** One line of 1 s points valued by f(second), skipping the seconds in [gapFrom, gapTo). */
PanelLine lineOf(QString label, int seconds, std::function<double(int)> f, int gapFrom = -1, int gapTo = -1)
{
    PanelLine line;
    line.label = std::move(label);
    line.stepMs = 1000;
    for (int s = 0; s < seconds; ++s) {
        if (s >= gapFrom && s < gapTo)
            continue;
        line.points.push_back({ kT0 + s * 1000, f(s) });
    }
    line.lastValue = line.points.back().value;
    line.lastUpdateMs = line.points.back().timeMs + 1000;
    return line;
}

std::shared_ptr<PanelData> dataOf(std::vector<PanelLine> lines, int seconds)
{
    auto data = std::make_shared<PanelData>();
    data->fromMs = kT0;
    data->toMs = kT0 + (seconds - 1) * 1000;
    data->evaluatedAtMs = data->toMs + 1000;
    data->freshness = PanelFreshness::Live;
    data->lines = std::move(lines);
    data->lastUpdateMs = data->toMs + 1000;
    data->stamp = 42;
    return data;
}

layout::Panel panelWithThresholds(layout::PanelType type)
{
    layout::Panel panel;
    panel.type = type;
    panel.title = u"<b>not bold</b>"_s;
    panel.thresholds = { { 0, u"#00c000"_s, layout::ThresholdSeverity::Ok },
        { 50, u"#e0c000"_s, layout::ThresholdSeverity::Warning },
        { 90, u"#e00000"_s, layout::ThresholdSeverity::Critical } };
    return panel;
}

bool isNear(QColor a, QColor b, int tolerance = 48)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

int countNear(const QImage& image, QRect area, QColor color, int tolerance = 48)
{
    area = area.intersected(image.rect());
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            n += isNear(image.pixelColor(x, y), color, tolerance) ? 1 : 0;
    }
    return n;
}

int distinctColors(const QImage& image)
{
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    }
    return int(colors.size());
}

template <typename T> std::unique_ptr<T> shown(layout::Panel panel, std::shared_ptr<PanelData> data, QSize size)
{
    auto widget = std::make_unique<T>();
    widget->setTheme(Theme::builtinDark());
    widget->setPanel(panel);
    widget->resize(size);
    widget->show();
    [[maybe_unused]] bool exposed = QTest::qWaitForWindowExposed(widget.get());
    widget->setData(std::move(data));
    return widget;
}

/** The axis label texts Qt Charts shows (visible text items of the chart's scene). */
QStringList visibleChartTexts(TimeChart* chart)
{
    QStringList texts;
    for (QGraphicsItem* item : chart->scene()->items()) {
        auto* text = dynamic_cast<QGraphicsTextItem*>(item);
        if (text && text->isVisible() && !text->toPlainText().isEmpty())
            texts.append(text->toPlainText());
    }
    return texts;
}

/** Eight lines like the default Network panel's, in bytes per second. */
std::vector<PanelLine> networkLines(int seconds)
{
    std::vector<PanelLine> lines;
    for (const QString& iface : { u"eth0"_s, u"lo"_s, u"ifb0"_s, u"ifb1"_s }) {
        for (const QString& direction : { u"rx"_s, u"tx"_s }) {
            const double scale = 1000.0 * double(lines.size() + 1);
            lines.push_back(lineOf(iface + u' ' + direction, seconds, [scale](int s) { return scale * (1 + s % 7); }));
        }
    }
    return lines;
}

QColor blend(QColor under, QColor over, double alpha)
{
    const auto mix = [alpha](int a, int b) { return int(std::lround(a * (1 - alpha) + b * alpha)); };
    return QColor(mix(under.red(), over.red()), mix(under.green(), over.green()), mix(under.blue(), over.blue()));
}

/** Pixels of the hatch colour in `area`, and how many of them continue the "/" diagonal (next column, row above). */
std::pair<int, int> hatchPixels(const QImage& image, QRect area)
{
    const QColor hatch = Theme::builtinDark().noData;
    area = area.intersected(image.rect().adjusted(0, 1, -1, 0));
    int n = 0;
    int diagonal = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (!isNear(image.pixelColor(x, y), hatch, 24))
                continue;
            ++n;
            diagonal += isNear(image.pixelColor(x + 1, y - 1), hatch, 24) ? 1 : 0;
        }
    }
    return { n, diagonal };
}

/** Counts dataChanged() calls. */
class CountingPanel : public PanelWidget {
public:
    int changes = 0;
    using PanelWidget::freshnessText;

protected:
    void dataChanged() override { ++changes; }
};

} // namespace

class TestPanels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void factoryCreatesEachType_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("className");
        QTest::addRow("time series") << int(layout::PanelType::Timeseries) << u"pulse::ui::TimeseriesPanel"_s;
        QTest::addRow("stat") << int(layout::PanelType::Stat) << u"pulse::ui::StatPanel"_s;
        QTest::addRow("gauge") << int(layout::PanelType::Gauge) << u"pulse::ui::GaugePanel"_s;
        QTest::addRow("bar gauge") << int(layout::PanelType::Bargauge) << u"pulse::ui::BarGaugePanel"_s;
    }
    void factoryCreatesEachType()
    {
        QFETCH(int, type);
        QFETCH(QString, className);
        QWidget parent;
        auto widget = createPanelWidget(layout::PanelType(type), &parent);
        QVERIFY(widget);
        QCOMPARE(QString::fromLatin1(widget->metaObject()->className()), className);
        QCOMPARE(widget->parentWidget(), &parent);
    }

    void registeredCreatorsReplaceTheDefault()
    {
        registerPanelWidget(layout::PanelType::Clock, [](QWidget* p) {
            auto w = std::make_unique<StatPanel>(p);
            w->setObjectName(u"registered"_s);
            return w;
        });
        QVERIFY(hasPanelWidget(layout::PanelType::Clock));
        QCOMPARE(createPanelWidget(layout::PanelType::Clock)->objectName(), u"registered"_s);
        registerPanelWidget(layout::PanelType::Clock, nullptr);
        QVERIFY(!hasPanelWidget(layout::PanelType::Clock));
        QVERIFY(createPanelWidget(layout::PanelType::Clock)); // a placeholder, never null
    }

    void equalStampsDoNotRedraw()
    {
        CountingPanel panel;
        auto data = dataOf({ lineOf(u"a"_s, 10, [](int) { return 1.0; }) }, 10);
        panel.setData(data);
        panel.setData(std::make_shared<PanelData>(*data));
        QCOMPARE(panel.changes, 1);
        auto next = std::make_shared<PanelData>(*data);
        next->stamp = 43;
        panel.setData(next);
        QCOMPARE(panel.changes, 2);
    }

    void holdFreezesTheViewUntilReleased()
    {
        CountingPanel panel;
        panel.setData(dataOf({ lineOf(u"a"_s, 10, [](int) { return 1.0; }) }, 10));
        panel.setHold(true);
        QCOMPARE(panel.freshness(), PanelFreshness::Hold);
        QVERIFY(panel.freshnessText().contains(u"HOLD"_s));
        auto next = dataOf({ lineOf(u"a"_s, 10, [](int) { return 2.0; }) }, 10);
        next->stamp = 99;
        panel.setData(next);
        QCOMPARE(panel.changes, 1);
        QCOMPARE(panel.data()->stamp, std::uint64_t(42));
        panel.setHold(false);
        QCOMPARE(panel.changes, 2);
        QCOMPARE(panel.data()->stamp, std::uint64_t(99));
        QCOMPARE(panel.freshness(), PanelFreshness::Live);
    }

    void freshnessIsShownAsText_data()
    {
        QTest::addColumn<PanelFreshness>("freshness");
        QTest::addColumn<QString>("word");
        QTest::addColumn<TimestampMs>("retryInMs");
        QTest::addRow("live") << PanelFreshness::Live << u"LIVE"_s << TimestampMs(0);
        QTest::addRow("stale with age") << PanelFreshness::Stale << u"STALE 7 s"_s << TimestampMs(0);
        QTest::addRow("no data") << PanelFreshness::NoData << u"NO DATA"_s << TimestampMs(0);
        QTest::addRow("error") << PanelFreshness::Error << u"ERROR"_s << TimestampMs(0);
        QTest::addRow("reconnecting") << PanelFreshness::Reconnecting << u"RECONNECTING"_s << TimestampMs(0);
        QTest::addRow("reconnecting, retry ahead")
            << PanelFreshness::Reconnecting << u"RECONNECTING · retry in 3 s"_s << TimestampMs(2'100);
    }
    void freshnessIsShownAsText()
    {
        QFETCH(PanelFreshness, freshness);
        QFETCH(QString, word);
        QFETCH(TimestampMs, retryInMs);
        CountingPanel panel;
        auto data = dataOf({ lineOf(u"a"_s, 10, [](int) { return 1.0; }) }, 10);
        data->freshness = freshness;
        data->evaluatedAtMs = *data->lastUpdateMs + 7000;
        if (retryInMs > 0)
            data->nextRetryMs = data->evaluatedAtMs + retryInMs;
        panel.setData(data);
        QVERIFY2(panel.freshnessText().contains(word), qPrintable(panel.freshnessText()));
    }

    void timeseriesDrawsLinesGapsAndThresholds()
    {
        const int seconds = 60;
        auto data = dataOf({ lineOf(
                               u"<i>cpu</i>"_s, seconds, [](int) { return 20.0; }, 20, 35) },
            seconds);
        layout::Panel panel = panelWithThresholds(layout::PanelType::Timeseries);
        panel.min = 0;
        panel.max = 100;
        auto widget = shown<TimeseriesPanel>(panel, data, QSize(640, 360));
        const QImage image = widget->grab().toImage();
        QVERIFY(distinctColors(image) > 4);

        TimeChart* chart = widget->chart();
        const auto toPanel = [&](double t, double v) {
            return chart->viewport()->mapTo(widget.get(), chart->positionOf(t, v).toPoint());
        };
        const QColor lineColor = Theme::builtinDark().seriesColor(0);
        // Data before and after the gap: the line is there.
        for (int s : { 10, 45 }) {
            const QPoint p = toPanel(double(kT0 + s * 1000), 20);
            QVERIFY2(countNear(image, QRect(p.x() - 1, p.y() - 3, 3, 7), lineColor) > 0,
                qPrintable(QStringLiteral("no line at second %1").arg(s)));
        }
        // Inside the gap nothing is drawn at the value, and nothing at zero either.
        for (int s : { 24, 27, 30 }) {
            for (double v : { 20.0, 0.0 }) {
                const QPoint p = toPanel(double(kT0 + s * 1000), v);
                QCOMPARE(countNear(image, QRect(p.x() - 1, p.y() - 4, 3, 9), lineColor), 0);
            }
        }
        // The critical threshold line at 90 is drawn in its colour across the plot.
        const QPoint left = toPanel(double(kT0 + 5000), 90);
        const QPoint right = toPanel(double(kT0 + 55'000), 90);
        QVERIFY(countNear(image, QRect(left.x(), left.y() - 1, right.x() - left.x(), 3), QColor(0xe0, 0, 0), 90) > 20);
        QVERIFY(chart->visibleSegmentCount() == 2);
    }

    void timeseriesHandsItsLinesOverOncePerRedraw()
    {
        auto data = dataOf({ lineOf(u"a"_s, 60, [](int s) { return double(s % 7); }),
                               lineOf(
                                   u"b"_s, 60, [](int s) { return double(s % 5); }, 20, 30) },
            60);
        auto widget = shown<TimeseriesPanel>(layout::Panel {}, data, QSize(500, 300));
        TimeChart* chart = widget->chart();
        QCoreApplication::processEvents();
        const std::uint64_t before = chart->lineUpdateCount();
        auto next = std::make_shared<PanelData>(*data);
        next->stamp = 43;
        next->toMs += 1000;
        widget->setData(next);
        QCOMPARE(chart->lineUpdateCount(), before + 1);
        QCOMPARE(chart->visibleSegmentCount(), 3);
        // The same drawing again: nothing is handed over.
        widget->setData(std::make_shared<PanelData>(*next));
        QCOMPARE(chart->lineUpdateCount(), before + 1);
    }

    void timeseriesLegendAndTooltip()
    {
        auto data = dataOf({ lineOf(
                               u"rising"_s, 10, [](int s) { return double(s); }, 4, 6) },
            10);
        auto widget = shown<TimeseriesPanel>(panelWithThresholds(layout::PanelType::Timeseries), data, QSize(500, 300));
        QCOMPARE(widget->legendRows(), QStringList { u"rising  last 9  min 0  max 9  mean 4.5"_s });
        QVERIFY(widget->tooltipAt(double(kT0 + 3000)).contains(u"rising: 3 (3)"_s));
        QVERIFY(widget->tooltipAt(double(kT0 + 4400)).contains(u"rising: 3 (3)"_s) == false);
        QVERIFY(widget->tooltipAt(double(kT0 + 5000)).contains(u"no data"_s) == false); // 4 and 6 are 1 step away
        QVERIFY(widget->tooltipAt(double(kT0 + 60'000)).contains(u"no data"_s));
    }

    void timeseriesZoomPanAndBackToLive()
    {
        auto data = dataOf({ lineOf(u"a"_s, 60, [](int) { return 1.0; }) }, 60);
        auto widget = shown<TimeseriesPanel>(layout::Panel {}, data, QSize(500, 300));
        QSignalSpy spy(widget.get(), &PanelWidget::viewRangeChanged);
        QVERIFY(!widget->viewRangeMs());
        widget->zoom(0.5, double(kT0 + 30'000));
        QCOMPARE(spy.count(), 1);
        QVERIFY(widget->viewRangeMs());
        const auto [fromMs, toMs] = *widget->viewRangeMs();
        QCOMPARE(toMs - fromMs, 29'500);
        widget->pan(10'000);
        QCOMPARE(widget->viewRangeMs()->first, fromMs + 10'000);
        QTest::keyClick(widget.get(), Qt::Key_Home);
        QVERIFY(!widget->viewRangeMs());
        QCOMPARE(spy.count(), 3);
    }

    void timeseriesAxisSpeaksThePanelsUnit()
    {
        auto data = dataOf({ lineOf(u"memory"_s, 60, [](int s) { return 2.8e9 + 1e7 * s; }) }, 60);
        layout::Panel panel;
        panel.type = layout::PanelType::Timeseries;
        panel.unit.kind = layout::UnitKind::Bytes;
        auto widget = shown<TimeseriesPanel>(panel, data, QSize(640, 360));
        TimeChart* chart = widget->chart();
        QTRY_VERIFY(chart->valueAxisLabels().size() >= 3);
        const QStringList labels = chart->valueAxisLabels();
        for (const QString& label : labels) {
            QVERIFY2(label.endsWith(u" GiB"_s), qPrintable(label));
            QVERIFY2(label.size() <= 8, qPrintable(label)); // "2.85 GiB" at most: no raw byte counts
        }
        // Round ticks covering the data, in one scale.
        QCOMPARE(labels.front(), u"2.6 GiB"_s);
        QVERIFY(chart->valueRange().first <= 2.8e9 && chart->valueRange().second >= 2.8e9 + 59e7);
        // Every tick and time label is on screen in full.
        QTRY_VERIFY(visibleChartTexts(chart).size() >= labels.size() + 3);
        const QStringList shownTexts = visibleChartTexts(chart);
        for (const QString& label : labels + chart->timeAxisLabels())
            QVERIFY2(shownTexts.contains(label), qPrintable(label + u" not in "_s + shownTexts.join(u", "_s)));
    }

    void smallPanelsKeepTheirPlotAndWholeLabels_data()
    {
        QTest::addColumn<QSize>("size");
        // The default dashboard's Network panel on a 1400 px window: 8 columns, 7 rows (then 6, then smaller).
        QTest::addRow("8 x 7 grid cells") << QSize(454, 197);
        QTest::addRow("8 x 6 grid cells") << QSize(454, 168);
        QTest::addRow("4 x 5 grid cells") << QSize(224, 139);
    }
    void smallPanelsKeepTheirPlotAndWholeLabels()
    {
        QFETCH(QSize, size);
        auto data = dataOf(networkLines(60), 60);
        layout::Panel panel;
        panel.type = layout::PanelType::Timeseries;
        panel.unit.kind = layout::UnitKind::Bytes;
        panel.min = 0;
        auto widget = shown<TimeseriesPanel>(panel, data, size);
        TimeChart* chart = widget->chart();
        // The legend gave way: the plot keeps at least half of the content.
        QVERIFY(widget->legend()->mode() != LegendMode::Full);
        const int contentHeight = chart->parentWidget()->height();
        QVERIFY2(
            chart->height() * 2 >= contentHeight, qPrintable(u"%1 of %2"_s.arg(chart->height()).arg(contentHeight)));
        if (widget->legend()->mode() == LegendMode::Hidden)
            QCOMPARE(widget->legend()->hintText(), u"8 series"_s);
        else
            QCOMPARE(widget->legendRows().size(), 8);
        // Fewer ticks instead of "…": every label Qt Charts shows is whole, and every tick has its label.
        QTRY_VERIFY(!chart->valueAxisLabels().isEmpty());
        QCoreApplication::processEvents();
        const QStringList labels = chart->valueAxisLabels() + chart->timeAxisLabels();
        const QStringList shownTexts = visibleChartTexts(chart);
        for (const QString& text : shownTexts) {
            QVERIFY2(!text.contains(u"..."_s) && !text.contains(u"…"_s), qPrintable(text));
            QVERIFY2(labels.contains(text), qPrintable(text));
        }
        for (const QString& label : labels)
            QVERIFY2(shownTexts.contains(label), qPrintable(label + u" not in "_s + shownTexts.join(u", "_s)));
        QVERIFY(chart->valueAxisLabels().size() >= 2);
    }

    void timeseriesDrawsThresholdLinesAndBands()
    {
        auto data = dataOf({ lineOf(u"cpu"_s, 60, [](int) { return 20.0; }) }, 60);
        layout::Panel panel;
        panel.type = layout::PanelType::Timeseries;
        panel.min = 0;
        panel.max = 100;
        // Without a colour a threshold takes its severity's colour from the theme.
        panel.thresholds = { { 0, {}, layout::ThresholdSeverity::Ok }, { 50, {}, layout::ThresholdSeverity::Warning },
            { 80, u"#e00000"_s, layout::ThresholdSeverity::Critical } };
        auto widget = shown<TimeseriesPanel>(panel, data, QSize(640, 400));
        TimeChart* chart = widget->chart();
        QCoreApplication::processEvents();
        const QImage image = widget->grab().toImage();
        const Theme theme = Theme::builtinDark();
        const auto toPanel = [&](double t, double v) {
            return chart->viewport()->mapTo(widget.get(), chart->positionOf(t, v).toPoint());
        };
        const QPoint left = toPanel(double(kT0 + 2000), 0);
        const QPoint right = toPanel(double(kT0 + 57'000), 0);
        const int span = right.x() - left.x();
        const auto rowAt = [&](double value, int halfHeight) {
            const int y = toPanel(double(kT0), value).y();
            return QRect(left.x(), y - halfHeight, span, 2 * halfHeight + 1);
        };
        // Dashed lines at 50 (the theme's warning colour) and at 80 (its own colour): about half of each row.
        QVERIFY2(countNear(image, rowAt(50, 1), theme.warning, 60) > span / 4,
            qPrintable(QString::number(countNear(image, rowAt(50, 1), theme.warning, 60))));
        QVERIFY(countNear(image, rowAt(80, 1), QColor(0xe0, 0, 0), 60) > span / 4);
        // No line at the base threshold's value, the bottom of the plot: nothing to mark there.
        QCOMPARE(countNear(image, rowAt(2, 0), theme.ok, 40), 0);
        // Faint bands: warning from 50 to 80, critical above 80; nothing below 50 but the panel's background.
        const double alpha = std::round(0.12 * 255) / 255;
        QVERIFY(countNear(image, rowAt(65, 0), blend(theme.panelBackground, theme.warning, alpha), 6) > span / 2);
        QVERIFY(countNear(image, rowAt(90, 0), blend(theme.panelBackground, QColor(0xe0, 0, 0), alpha), 6) > span / 2);
        QVERIFY(countNear(image, rowAt(35, 0), theme.panelBackground, 4) > span / 2);
        // The data line is drawn over the band.
        QVERIFY(countNear(image, rowAt(20, 2), theme.seriesColor(0), 40) > span / 2);
    }

    void statValueFitsItsTile_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("last");
        QTest::addColumn<int>("unit");
        QTest::addRow("default tile, bytes") << QSize(224, 110) << 123'456'789.0 << int(layout::UnitKind::Bytes);
        QTest::addRow("large tile, bytes") << QSize(600, 320) << 123'456'789.0 << int(layout::UnitKind::Bytes);
        QTest::addRow("narrow tile, custom unit") << QSize(120, 110) << 98'765.0 << int(layout::UnitKind::Custom);
        QTest::addRow("wide flat tile, custom unit") << QSize(500, 70) << 98'765.0 << int(layout::UnitKind::Custom);
    }
    void statValueFitsItsTile()
    {
        QFETCH(QSize, size);
        QFETCH(double, last);
        QFETCH(int, unit);
        auto data = dataOf({ lineOf(u"x"_s, 30, [last](int s) { return s == 29 ? last : 10.0; }) }, 30);
        layout::Panel panel = panelWithThresholds(layout::PanelType::Stat);
        panel.unit = { layout::UnitKind(unit), u"lines/s"_s };
        auto widget = shown<StatPanel>(panel, data, size);
        const QRectF content = widget->contentRect();
        const QRectF text = widget->valueTextRect();
        QVERIFY2(content.contains(text),
            qPrintable(u"%1,%2 %3x%4 outside %5,%6 %7x%8"_s.arg(text.x())
                           .arg(text.y())
                           .arg(text.width())
                           .arg(text.height())
                           .arg(content.x())
                           .arg(content.y())
                           .arg(content.width())
                           .arg(content.height())));
        // It fits by filling: the value takes most of the width or of its share of the height.
        QVERIFY2(text.width() > content.width() * 0.6 || text.height() > content.height() * 0.45,
            qPrintable(
                u"%1x%2 in %3x%4"_s.arg(text.width()).arg(text.height()).arg(content.width()).arg(content.height())));
        // And nothing of it is painted outside the content area.
        const QImage image = widget->grab().toImage();
        const QColor colour = widget->valueColor();
        int outside = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (!content.contains(QPointF(x + 0.5, y + 0.5)) && isNear(image.pixelColor(x, y), colour, 30))
                    ++outside;
            }
        }
        QCOMPARE(outside, 0);
        QVERIFY(countNear(image, content.toRect(), colour, 30) > 50);
    }

    void statShowsTheValueInItsThresholdColour_data()
    {
        QTest::addColumn<double>("last");
        QTest::addColumn<QString>("color");
        QTest::addColumn<QString>("trend");
        QTest::addRow("ok and rising") << 40.0 << u"#00c000"_s << u"▲"_s;
        QTest::addRow("warning") << 60.0 << u"#e0c000"_s << u"▲"_s;
        QTest::addRow("critical") << 95.0 << u"#e00000"_s << u"▲"_s;
    }
    void statShowsTheValueInItsThresholdColour()
    {
        QFETCH(double, last);
        QFETCH(QString, color);
        QFETCH(QString, trend);
        auto data = dataOf({ lineOf(u"x"_s, 30, [last](int s) { return s == 29 ? last : 10.0; }) }, 30);
        auto widget = shown<StatPanel>(panelWithThresholds(layout::PanelType::Stat), data, QSize(300, 200));
        QCOMPARE(widget->valueText(), QString::number(last));
        QCOMPARE(widget->valueColor().name(), color);
        QCOMPARE(widget->trendText(), trend);
        const QImage image = widget->grab().toImage();
        // The big value covers a good part of the tile in its colour.
        QVERIFY2(countNear(image, image.rect(), QColor::fromString(color), 30) > 300,
            qPrintable(QString::number(countNear(image, image.rect(), QColor::fromString(color), 30))));
    }

    void staleDataStaysVisibleDimmedAndItsAgeMovesOn()
    {
        auto data = dataOf({ lineOf(u"x"_s, 30, [](int) { return 95.0; }) }, 30);
        data->freshness = PanelFreshness::Stale;
        data->evaluatedAtMs = *data->lastUpdateMs + 12'000;
        auto widget = shown<StatPanel>(panelWithThresholds(layout::PanelType::Stat), data, QSize(300, 200));
        QCOMPARE(widget->valueText(), u"95"_s);
        QVERIFY(widget->valueColor().alphaF() < 0.8f);
        QVERIFY(widget->findChild<QLabel*>(u"panelState"_s)->text().contains(u"STALE 12 s"_s));
        auto later = std::make_shared<PanelData>(*data);
        later->evaluatedAtMs += 5000;
        widget->setData(later);
        QVERIFY(widget->findChild<QLabel*>(u"panelState"_s)->text().contains(u"STALE 17 s"_s));
    }

    void lastGoodValuesAreHatched_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("freshness");
        QTest::addColumn<bool>("isHeld");
        QTest::addColumn<bool>("isHatched");
        for (auto type : { layout::PanelType::Timeseries, layout::PanelType::Stat, layout::PanelType::Table }) {
            const QString name = type == layout::PanelType::Stat ? u"stat"_s
                : type == layout::PanelType::Table               ? u"table"_s
                                                                 : u"timeseries"_s;
            const auto row = [&](const char* state, PanelFreshness freshness, bool isHeld, bool isHatched) {
                QTest::newRow(qPrintable(name + u' ' + QLatin1StringView(state)))
                    << int(type) << int(freshness) << isHeld << isHatched;
            };
            row("live", PanelFreshness::Live, false, false);
            row("stale", PanelFreshness::Stale, false, true);
            row("error", PanelFreshness::Error, false, true);
            row("reconnecting", PanelFreshness::Reconnecting, false, true);
            row("stale held", PanelFreshness::Stale, true, false);
        }
    }

    void lastGoodValuesAreHatched()
    {
        QFETCH(int, type);
        QFETCH(int, freshness);
        QFETCH(bool, isHeld);
        QFETCH(bool, isHatched);
        layout::Panel panel = panelWithThresholds(layout::PanelType(type));
        panel.min = 0;
        panel.max = 100;
        auto data = dataOf({ lineOf(u"x"_s, 60, [](int s) { return 40.0 + s % 5; }) }, 60);
        std::unique_ptr<PanelWidget> widget;
        QRect area;
        if (layout::PanelType(type) == layout::PanelType::Stat) {
            auto stat = shown<StatPanel>(panel, data, QSize(360, 240));
            area = stat->contentRect();
            widget = std::move(stat);
        } else if (layout::PanelType(type) == layout::PanelType::Table) {
            auto table = shown<TablePanel>(panel, data, QSize(420, 260));
            QWidget* cells = table->view()->viewport();
            area = QRect(cells->mapTo(table.get(), QPoint(0, 0)), cells->size());
            widget = std::move(table);
        } else {
            auto series = shown<TimeseriesPanel>(panel, data, QSize(480, 300));
            TimeChart* chart = series->chart();
            const QPoint topLeft
                = chart->viewport()->mapTo(series.get(), chart->positionOf(double(data->fromMs), 100).toPoint());
            const QPoint bottomRight
                = chart->viewport()->mapTo(series.get(), chart->positionOf(double(data->toMs), 0).toPoint());
            area = QRect(topLeft, bottomRight).adjusted(2, 2, -2, -2);
            widget = std::move(series);
        }
        QVERIFY(area.width() > 100 && area.height() > 60);
        const auto [liveCount, liveDiagonal] = hatchPixels(widget->grab().toImage(), area);

        auto changed = std::make_shared<PanelData>(*data);
        changed->freshness = PanelFreshness(freshness);
        changed->error = u"boom"_s;
        widget->setData(changed);
        widget->setHold(isHeld);
        QCOMPARE(widget->isHatched(), isHatched);
        const auto [count, diagonal] = hatchPixels(widget->grab().toImage(), area);
        const int areaPx = area.width() * area.height();
        if (!isHatched) {
            QVERIFY2(count <= liveCount + areaPx / 200, qPrintable(u"%1 vs live %2"_s.arg(count).arg(liveCount)));
            return;
        }
        // A diagonal line every 8 px covers about an eighth of the area; almost all of it continues a "/" line.
        QVERIFY2(count - liveCount > areaPx / 16,
            qPrintable(u"%1 vs live %2 of %3"_s.arg(count).arg(liveCount).arg(areaPx)));
        QVERIFY2(diagonal - liveDiagonal > (count - liveCount) * 3 / 4,
            qPrintable(u"%1 of %2 on a diagonal"_s.arg(diagonal).arg(count)));
        // Back to live: the hatch goes.
        widget->setHold(false);
        widget->setData(data);
        QVERIFY(!widget->isHatched());
        QVERIFY(hatchPixels(widget->grab().toImage(), area).first <= liveCount + areaPx / 200);
    }

    void titlesAreShownAsPlainText()
    {
        auto widget = shown<StatPanel>(panelWithThresholds(layout::PanelType::Stat), nullptr, QSize(300, 200));
        auto* title = widget->findChild<QLabel*>(u"panelTitle"_s);
        QCOMPARE(title->textFormat(), Qt::PlainText);
        QCOMPARE(title->text(), u"<b>not bold</b>"_s);
    }

    void statWithoutDataSaysSo()
    {
        auto widget = shown<StatPanel>(layout::Panel {}, nullptr, QSize(200, 120));
        QCOMPARE(widget->valueText(), u"–"_s);
        QCOMPARE(widget->trendText(), QString());
    }

    void gaugeFillsToTheValue()
    {
        auto data = dataOf({ lineOf(u"x"_s, 5, [](int) { return 75.0; }) }, 5);
        layout::Panel panel = panelWithThresholds(layout::PanelType::Gauge);
        panel.unit.kind = layout::UnitKind::Percent;
        auto widget = shown<GaugePanel>(panel, data, QSize(300, 300));
        QCOMPARE(widget->range(), (std::pair<double, double>(0, 100)));
        QCOMPARE(widget->valueText(), u"75 %"_s);
        const QImage image = widget->grab().toImage();
        QVERIFY(countNear(image, image.rect(), QColor(0xe0, 0xc0, 0x00), 30) > 300);
        QVERIFY(distinctColors(image) > 4);
    }

    void gaugeRangeRoundsUpWithoutBounds_data()
    {
        QTest::addColumn<double>("largest");
        QTest::addColumn<double>("expectedMax");
        QTest::addRow("below the top threshold") << 40.0 << 100.0;
        QTest::addRow("above it rounds to 2 × 10^n") << 130.0 << 200.0;
        QTest::addRow("rounds to 5 × 10^n") << 4200.0 << 5000.0;
    }
    void gaugeRangeRoundsUpWithoutBounds()
    {
        QFETCH(double, largest);
        QFETCH(double, expectedMax);
        QCOMPARE(gaugeRange(panelWithThresholds(layout::PanelType::Gauge), largest).second, expectedMax);
    }

    void barGaugeDrawsOneBarPerLine_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addRow("horizontal") << int(layout::Orientation::Horizontal);
        QTest::addRow("vertical") << int(layout::Orientation::Vertical);
    }
    void barGaugeDrawsOneBarPerLine()
    {
        QFETCH(int, orientation);
        auto data = dataOf({ lineOf(u"a"_s, 3, [](int) { return 25.0; }), lineOf(u"b"_s, 3, [](int) { return 60.0; }),
                               lineOf(u"c"_s, 3, [](int) { return 100.0; }) },
            3);
        layout::Panel panel = panelWithThresholds(layout::PanelType::Bargauge);
        panel.max = 100;
        panel.options.orientation = layout::Orientation(orientation);
        auto widget = shown<BarGaugePanel>(panel, data, QSize(400, 300));
        const auto bars = widget->barRects();
        QCOMPARE(bars.size(), std::size_t(3));
        const bool isVertical = orientation == int(layout::Orientation::Vertical);
        const auto length = [isVertical](const QRectF& r) { return isVertical ? r.height() : r.width(); };
        QVERIFY(qAbs(length(bars[0]) * 4 - length(bars[2])) < 2);
        const QImage image = widget->grab().toImage();
        const QList<QColor> expected { QColor(0x00, 0xc0, 0x00), QColor(0xe0, 0xc0, 0x00), QColor(0xe0, 0x00, 0x00) };
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const QPoint center = widget->canvas()->mapTo(widget.get(), bars[i].center().toPoint());
            QVERIFY2(isNear(image.pixelColor(center), expected[qsizetype(i)], 10),
                qPrintable(image.pixelColor(center).name()));
        }
    }
};

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
