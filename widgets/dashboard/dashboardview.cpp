#include "dashboard/dashboardview.h"

#include "dashboard/panelregistration.h"
#include "panels/panelfactory.h"
#include "panels/panelwidget.h"

#include <QApplication>
#include <QResizeEvent>
#include <QRubberBand>
#include <QScrollBar>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

int columnEdgePx(int column, int contentWidthPx)
{
    return static_cast<int>(std::lround(static_cast<double>(column) * contentWidthPx / layout::kGridColumns));
}

QRect cellsOf(const layout::Panel& panel)
{
    return { panel.x, panel.y, panel.w, panel.h };
}

} // namespace

DashboardView::DashboardView(QWidget* parent)
    : QScrollArea(parent)
    , m_canvas(new QWidget)
    , m_preview(nullptr)
{
    registerMorePanelTypes();
    setObjectName(u"dashboardView"_s);
    setWidgetResizable(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFrameShape(QFrame::NoFrame);
    setWidget(m_canvas);
    m_preview = new QRubberBand(QRubberBand::Rectangle, m_canvas);
    m_preview->hide();
    m_theme = Theme::builtinDark();
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &DashboardView::updateOnScreen);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        for (std::size_t i = 0; i < m_frames.size(); ++i) {
            PanelFrame* frame = m_frames[i];
            if (!frame)
                continue;
            if (now && (frame == now || frame->isAncestorOf(now)))
                setSelectedIndex(static_cast<int>(i));
            frame->update();
        }
    });
}

DashboardView::~DashboardView()
{
    // Destroying the frames moves focus, and focusChanged must not reach a half-destroyed view.
    disconnect(qApp, nullptr, this, nullptr);
}

void DashboardView::setDashboard(const layout::Dashboard& dashboard)
{
    // Out of m_frames before deleting: deleting moves focus, and the focus handler walks m_frames.
    const std::vector<PanelFrame*> old = std::exchange(m_frames, {});
    for (PanelFrame* frame : old)
        delete frame;
    m_panels = dashboard.panels;
    for (std::size_t i = 0; i < m_panels.size(); ++i)
        m_frames.push_back(makeFrame(static_cast<int>(i), m_panels[i]));
    const int previous = m_selected;
    m_selected = -1;
    if (previous != -1)
        Q_EMIT selectedIndexChanged(-1);
    if (std::exchange(m_zoomed, -1) != -1)
        Q_EMIT zoomedIndexChanged(-1);
    relayout();
}

void DashboardView::updatePanel(int index, const layout::Panel& panel)
{
    if (index < 0 || index >= panelCount())
        return;
    const auto i = static_cast<std::size_t>(index);
    const bool isNewType = m_panels[i].type != panel.type;
    m_panels[i] = panel;
    if (isNewType) {
        delete std::exchange(m_frames[i], nullptr);
        m_frames[i] = makeFrame(index, panel);
        m_frames[i]->setSelected(index == m_selected);
        m_frames[i]->setVisible(m_zoomed == -1 || m_zoomed == index);
    } else {
        m_frames[i]->panelWidget()->setPanel(panel);
        m_frames[i]->setToolTip(panel.description);
        m_frames[i]->watchPanelKeys();
    }
    relayout();
}

void DashboardView::setTheme(const Theme& theme)
{
    m_theme = theme;
    QPalette pal = m_canvas->palette();
    pal.setColor(QPalette::Window, theme.window);
    m_canvas->setPalette(pal);
    m_canvas->setAutoFillBackground(true);
    for (PanelFrame* frame : m_frames) {
        frame->setTheme(theme);
        frame->panelWidget()->setTheme(theme);
    }
}

PanelWidget* DashboardView::panelWidget(int index) const
{
    const PanelFrame* frame = panelFrame(index);
    return frame ? frame->panelWidget() : nullptr;
}

PanelFrame* DashboardView::panelFrame(int index) const
{
    return index >= 0 && index < panelCount() ? m_frames[static_cast<std::size_t>(index)] : nullptr;
}

void DashboardView::setSelectedIndex(int index)
{
    if (index < -1 || index >= panelCount())
        index = -1;
    if (index == m_selected)
        return;
    m_selected = index;
    for (std::size_t i = 0; i < m_frames.size(); ++i)
        m_frames[i]->setSelected(static_cast<int>(i) == index);
    if (PanelFrame* frame = panelFrame(index))
        ensureWidgetVisible(frame, 0, 0);
    Q_EMIT selectedIndexChanged(index);
}

void DashboardView::setZoomedIndex(int index)
{
    if (index < -1 || index >= panelCount())
        index = -1;
    if (index == m_zoomed)
        return;
    const int previous = std::exchange(m_zoomed, index);
    for (std::size_t i = 0; i < m_frames.size(); ++i)
        m_frames[i]->setVisible(index == -1 || static_cast<int>(i) == index);
    relayout();
    if (PanelFrame* frame = panelFrame(index)) {
        setSelectedIndex(index);
        frame->setFocus(Qt::OtherFocusReason);
    } else if (PanelFrame* back = panelFrame(previous)) {
        // Back in the grid: the panel stays focused and in view.
        back->setFocus(Qt::OtherFocusReason);
        ensureWidgetVisible(back, 0, 0);
    }
    Q_EMIT zoomedIndexChanged(index);
}

int DashboardView::rowHeightPx(int contentWidthPx)
{
    const double columnWidth = static_cast<double>(contentWidthPx) / layout::kGridColumns;
    return std::max(kMinRowHeightPx, static_cast<int>(std::lround(columnWidth * kRowAspect)));
}

QRect DashboardView::pixelRect(const QRect& cells, int contentWidthPx)
{
    const int rowHeight = rowHeightPx(contentWidthPx);
    const int left = columnEdgePx(cells.x(), contentWidthPx);
    const int right = columnEdgePx(cells.x() + cells.width(), contentWidthPx);
    const int half = kSpacingPx / 2;
    return { left + half, cells.y() * rowHeight + half, std::max(1, right - left - kSpacingPx),
        std::max(1, cells.height() * rowHeight - kSpacingPx) };
}

std::optional<QRect> DashboardView::movedCells(const layout::Panel& panel, int dx, int dy)
{
    QRect cells = cellsOf(panel);
    const int x = std::clamp(panel.x + dx, 0, std::max(0, layout::kGridColumns - panel.w));
    const int y = std::clamp(panel.y + dy, 0, std::max(0, layout::kGridMaxRows - panel.h));
    cells.moveTo(x, y);
    if (cells == cellsOf(panel))
        return std::nullopt;
    return cells;
}

std::optional<QRect> DashboardView::resizedCells(const layout::Panel& panel, int dw, int dh)
{
    QRect cells = cellsOf(panel);
    cells.setWidth(std::clamp(panel.w + dw, 1, std::max(1, layout::kGridColumns - panel.x)));
    cells.setHeight(std::clamp(panel.h + dh, 1, std::max(1, layout::kGridMaxRows - panel.y)));
    if (cells == cellsOf(panel))
        return std::nullopt;
    return cells;
}

void DashboardView::resizeEvent(QResizeEvent* event)
{
    QScrollArea::resizeEvent(event);
    relayout();
}

void DashboardView::relayout()
{
    const int width = viewport()->width();
    if (PanelFrame* zoomed = panelFrame(m_zoomed)) {
        // The zoomed panel is the whole view: no scrolling, the others hidden.
        m_canvas->resize(viewport()->size());
        zoomed->setGeometry(QRect(QPoint(0, 0), viewport()->size()));
        zoomed->raise();
        updateOnScreen();
        return;
    }
    int rows = 0;
    for (const layout::Panel& panel : m_panels)
        rows = std::max(rows, panel.y + panel.h);
    m_canvas->resize(width, std::max(viewport()->height(), rows * rowHeightPx(width)));
    for (std::size_t i = 0; i < m_frames.size(); ++i)
        m_frames[i]->setGeometry(pixelRect(cellsOf(m_panels[i]), width));
    updateOnScreen();
}

void DashboardView::updateOnScreen()
{
    const QRect shown(-m_canvas->pos(), viewport()->size());
    for (PanelFrame* frame : m_frames)
        frame->panelWidget()->setOnScreen(!frame->isHidden() && frame->geometry().intersects(shown));
}

PanelFrame* DashboardView::makeFrame(int index, const layout::Panel& panel)
{
    std::unique_ptr<PanelWidget> widget = createPanelWidget(panel.type);
    widget->setOnScreen(false); // until relayout() finds it on screen
    widget->setTheme(m_theme);
    widget->setPanel(panel);
    auto* frame = new PanelFrame(widget.release(), m_canvas);
    frame->setObjectName(u"panelFrame%1"_s.arg(index));
    frame->setToolTip(panel.description); // QToolTip shows plain text unless it looks like rich text
    frame->setAccessibleName(panel.title);
    frame->setTheme(m_theme);
    connect(frame, &PanelFrame::pressed, this, [this, frame] { setSelectedIndex(indexOf(frame)); });
    connect(frame, &PanelFrame::zoomToggleRequested, this, [this, frame] {
        const int i = indexOf(frame);
        setZoomedIndex(i == m_zoomed ? -1 : i);
    });
    connect(frame, &PanelFrame::contextMenuRequested, this, [this, frame](QPoint globalPos) {
        const int i = indexOf(frame);
        if (i < 0)
            return;
        setSelectedIndex(i);
        Q_EMIT panelContextMenuRequested(i, globalPos);
    });
    connect(frame, &PanelFrame::keyMoveRequested, this, [this, frame](int dx, int dy) {
        const int i = indexOf(frame);
        if (i < 0)
            return;
        setSelectedIndex(i);
        if (const auto cells = movedCells(m_panels[static_cast<std::size_t>(i)], dx, dy))
            Q_EMIT panelMoveRequested(i, cells->x(), cells->y());
    });
    connect(frame, &PanelFrame::keyResizeRequested, this, [this, frame](int dw, int dh) {
        const int i = indexOf(frame);
        if (i < 0)
            return;
        setSelectedIndex(i);
        if (const auto cells = resizedCells(m_panels[static_cast<std::size_t>(i)], dw, dh))
            Q_EMIT panelResizeRequested(i, cells->width(), cells->height());
    });
    connect(frame, &PanelFrame::dragUpdated, this, [this, frame](PanelFrame::Drag drag, QPoint deltaPx) {
        const int i = indexOf(frame);
        const auto cells = i >= 0 ? dragTarget(i, drag, deltaPx) : std::nullopt;
        if (!cells) {
            m_preview->hide();
            return;
        }
        m_preview->setGeometry(pixelRect(*cells, viewport()->width()));
        m_preview->show();
        m_preview->raise();
    });
    connect(frame, &PanelFrame::dragFinished, this, [this, frame](PanelFrame::Drag drag, QPoint deltaPx) {
        m_preview->hide();
        const int i = indexOf(frame);
        if (i < 0)
            return;
        if (const auto cells = dragTarget(i, drag, deltaPx))
            requestCells(i, *cells);
    });
    frame->show();
    return frame;
}

int DashboardView::indexOf(const QObject* frame) const
{
    const auto it = std::find(m_frames.begin(), m_frames.end(), frame);
    return it == m_frames.end() ? -1 : static_cast<int>(it - m_frames.begin());
}

std::optional<QRect> DashboardView::dragTarget(int index, PanelFrame::Drag drag, QPoint deltaPx) const
{
    const int width = viewport()->width();
    const double columnWidth = std::max(1.0, static_cast<double>(width) / layout::kGridColumns);
    const int dx = static_cast<int>(std::lround(deltaPx.x() / columnWidth));
    const int dy = static_cast<int>(std::lround(static_cast<double>(deltaPx.y()) / rowHeightPx(width)));
    const layout::Panel& panel = m_panels[static_cast<std::size_t>(index)];
    switch (drag) {
    case PanelFrame::Drag::Move:
        return movedCells(panel, dx, dy);
    case PanelFrame::Drag::ResizeRight:
        return resizedCells(panel, dx, 0);
    case PanelFrame::Drag::ResizeBottom:
        return resizedCells(panel, 0, dy);
    case PanelFrame::Drag::ResizeCorner:
        return resizedCells(panel, dx, dy);
    case PanelFrame::Drag::None:
        break;
    }
    return std::nullopt;
}

void DashboardView::requestCells(int index, const QRect& cells)
{
    const layout::Panel& panel = m_panels[static_cast<std::size_t>(index)];
    if (cells.topLeft() != QPoint(panel.x, panel.y))
        Q_EMIT panelMoveRequested(index, cells.x(), cells.y());
    if (cells.size() != QSize(panel.w, panel.h))
        Q_EMIT panelResizeRequested(index, cells.width(), cells.height());
}

} // namespace pulse::ui
