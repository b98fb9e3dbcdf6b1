#include "document/editcommands.h"

#include "layout/layoutwriter.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QUndoStack>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace pulse::ui {

namespace {

constexpr qsizetype kMaxTitleInText = 40;

/** The panel as named in undo texts: its title, shortened, or "untitled". */
QString labelOf(const layout::Panel& panel)
{
    QString title = panel.title.simplified();
    if (title.isEmpty())
        return QCoreApplication::translate("pulse::ui::EditCommands", "untitled");
    if (title.size() > kMaxTitleInText)
        title = title.left(kMaxTitleInText - 1) + u'…';
    return title;
}

bool isValidIndex(const DashboardDocument& document, int index)
{
    return index >= 0 && index < document.panelCount();
}

layout::Panel copyOf(const DashboardDocument& document, int sourceIndex, const QRect& cells)
{
    layout::Panel copy = document.panel(sourceIndex);
    copy.title = DuplicatePanelCommand::copyTitle(copy.title);
    copy.x = cells.x();
    copy.y = cells.y();
    copy.w = cells.width();
    copy.h = cells.height();
    return copy;
}

} // namespace

QRect freeCellsFor(const layout::Dashboard& dashboard, int w, int h)
{
    constexpr int kColumns = layout::kGridColumns;
    w = std::clamp(w, 1, kColumns);
    h = std::clamp(h, 1, layout::kGridMaxRows);
    int bottom = 0;
    for (const layout::Panel& panel : dashboard.panels)
        bottom = std::max(bottom, std::clamp(panel.y + panel.h, 0, layout::kGridMaxRows));

    // Prefix sums of occupied cells over rows [0, bottom) make each candidate rectangle an O(1) check.
    const auto stride = static_cast<std::size_t>(kColumns + 1);
    std::vector<int> occupied(static_cast<std::size_t>(bottom + 1) * stride, 0);
    const auto at = [&](int row, int column) -> int& {
        return occupied[static_cast<std::size_t>(row) * stride + static_cast<std::size_t>(column)];
    };
    for (const layout::Panel& panel : dashboard.panels) {
        const int x0 = std::clamp(panel.x, 0, kColumns);
        const int x1 = std::clamp(panel.x + panel.w, 0, kColumns);
        const int y0 = std::clamp(panel.y, 0, bottom);
        const int y1 = std::clamp(panel.y + panel.h, 0, bottom);
        for (int row = y0; row < y1; ++row)
            for (int column = x0; column < x1; ++column)
                at(row + 1, column + 1) = 1;
    }
    for (int row = 1; row <= bottom; ++row)
        for (int column = 1; column <= kColumns; ++column)
            at(row, column) += at(row - 1, column) + at(row, column - 1) - at(row - 1, column - 1);
    const auto usedIn = [&](int x, int y, int width, int height) {
        const int y1 = std::min(y + height, bottom);
        return at(y1, x + width) - at(y, x + width) - at(y1, x) + at(y, x);
    };

    for (int y = 0; y + h <= layout::kGridMaxRows; ++y) {
        if (y >= bottom)
            return QRect(0, y, w, h);
        for (int x = 0; x + w <= kColumns; ++x)
            if (usedIn(x, y, w, h) == 0)
                return QRect(x, y, w, h);
    }
    return {};
}

bool isSamePanel(const layout::Panel& a, const layout::Panel& b)
{
    // The writer's JSON is the canonical form of a definition (Panel has no operator==, selectors compare by text).
    layout::Dashboard da;
    da.panels = { a };
    layout::Dashboard db;
    db.panels = { b };
    return layout::toJson(da) == layout::toJson(db);
}

AddPanelCommand::AddPanelCommand(DashboardDocument& document, layout::Panel panel, int index, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_panel(std::move(panel))
    , m_index(index < 0 ? document.panelCount() : index)
{
    setText(QCoreApplication::translate("pulse::ui::EditCommands", "Add panel “%1”").arg(labelOf(m_panel)));
}

void AddPanelCommand::redo()
{
    m_document.insertPanel(m_index, m_panel);
}

void AddPanelCommand::undo()
{
    m_panel = m_document.takePanel(m_index);
}

DuplicatePanelCommand::DuplicatePanelCommand(
    DashboardDocument& document, int sourceIndex, const QRect& cells, QUndoCommand* parent)
    : AddPanelCommand(document, copyOf(document, sourceIndex, cells), -1, parent)
{
    setText(QCoreApplication::translate("pulse::ui::EditCommands", "Duplicate panel “%1”")
                .arg(labelOf(document.panel(sourceIndex))));
}

QString DuplicatePanelCommand::copyTitle(const QString& title)
{
    return QCoreApplication::translate("pulse::ui::EditCommands", "%1 (copy)").arg(title).trimmed();
}

RemovePanelCommand::RemovePanelCommand(DashboardDocument& document, int index, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_index(index)
    , m_panel(document.panel(index))
{
    setText(QCoreApplication::translate("pulse::ui::EditCommands", "Remove panel “%1”").arg(labelOf(m_panel)));
}

void RemovePanelCommand::redo()
{
    m_panel = m_document.takePanel(m_index);
}

void RemovePanelCommand::undo()
{
    m_document.insertPanel(m_index, m_panel);
}

MovePanelCommand::MovePanelCommand(DashboardDocument& document, int index, int x, int y, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_index(index)
    , m_from(document.panel(index).x, document.panel(index).y)
    , m_to(x, y)
{
    setText(
        QCoreApplication::translate("pulse::ui::EditCommands", "Move panel “%1”").arg(labelOf(document.panel(index))));
}

void MovePanelCommand::redo()
{
    moveTo(m_to);
}

void MovePanelCommand::undo()
{
    moveTo(m_from);
}

bool MovePanelCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = dynamic_cast<const MovePanelCommand*>(other);
    if (!next || &next->m_document != &m_document || next->m_index != m_index)
        return false;
    m_to = next->m_to;
    // Nudged back to where it started: the stack drops the step altogether.
    setObsolete(m_to == m_from);
    return true;
}

void MovePanelCommand::moveTo(QPoint cell)
{
    layout::Panel panel = m_document.panel(m_index);
    panel.x = cell.x();
    panel.y = cell.y();
    m_document.replacePanel(m_index, std::move(panel));
}

ResizePanelCommand::ResizePanelCommand(DashboardDocument& document, int index, int w, int h, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_index(index)
    , m_from(document.panel(index).w, document.panel(index).h)
    , m_to(w, h)
{
    setText(QCoreApplication::translate("pulse::ui::EditCommands", "Resize panel “%1”")
                .arg(labelOf(document.panel(index))));
}

void ResizePanelCommand::redo()
{
    resizeTo(m_to);
}

void ResizePanelCommand::undo()
{
    resizeTo(m_from);
}

bool ResizePanelCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = dynamic_cast<const ResizePanelCommand*>(other);
    if (!next || &next->m_document != &m_document || next->m_index != m_index)
        return false;
    m_to = next->m_to;
    setObsolete(m_to == m_from);
    return true;
}

void ResizePanelCommand::resizeTo(QSize size)
{
    layout::Panel panel = m_document.panel(m_index);
    panel.w = size.width();
    panel.h = size.height();
    m_document.replacePanel(m_index, std::move(panel));
}

EditPanelCommand::EditPanelCommand(DashboardDocument& document, int index, layout::Panel panel, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_index(index)
    , m_before(document.panel(index))
    , m_after(std::move(panel))
{
    setText(QCoreApplication::translate("pulse::ui::EditCommands", "Edit panel “%1”").arg(labelOf(m_after)));
}

void EditPanelCommand::redo()
{
    m_document.replacePanel(m_index, m_after);
}

void EditPanelCommand::undo()
{
    m_document.replacePanel(m_index, m_before);
}

EditSettingsCommand::EditSettingsCommand(DashboardDocument& document, DashboardSettings settings, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_before(DashboardSettings::of(document.dashboard()))
    , m_after(std::move(settings))
{
    setText(QCoreApplication::translate("pulse::ui::EditCommands", "Edit dashboard settings"));
}

void EditSettingsCommand::redo()
{
    m_document.setSettings(m_after);
}

void EditSettingsCommand::undo()
{
    m_document.setSettings(m_before);
}

bool pushAddPanel(DashboardDocument& document, layout::Panel panel)
{
    const QRect cells = freeCellsFor(document.dashboard(), panel.w, panel.h);
    if (cells.isNull())
        return false;
    panel.x = cells.x();
    panel.y = cells.y();
    panel.w = cells.width();
    panel.h = cells.height();
    document.undoStack()->push(new AddPanelCommand(document, std::move(panel)));
    return true;
}

bool pushRemovePanel(DashboardDocument& document, int index)
{
    if (!isValidIndex(document, index))
        return false;
    document.undoStack()->push(new RemovePanelCommand(document, index));
    return true;
}

bool pushDuplicatePanel(DashboardDocument& document, int index)
{
    if (!isValidIndex(document, index))
        return false;
    const layout::Panel& source = document.panel(index);
    const QRect cells = freeCellsFor(document.dashboard(), source.w, source.h);
    if (cells.isNull())
        return false;
    document.undoStack()->push(new DuplicatePanelCommand(document, index, cells));
    return true;
}

bool pushMovePanel(DashboardDocument& document, int index, int x, int y)
{
    if (!isValidIndex(document, index))
        return false;
    const layout::Panel& panel = document.panel(index);
    if ((panel.x == x && panel.y == y) || x < 0 || y < 0 || x + panel.w > layout::kGridColumns
        || y + panel.h > layout::kGridMaxRows)
        return false;
    document.undoStack()->push(new MovePanelCommand(document, index, x, y));
    return true;
}

bool pushResizePanel(DashboardDocument& document, int index, int w, int h)
{
    if (!isValidIndex(document, index))
        return false;
    const layout::Panel& panel = document.panel(index);
    if ((panel.w == w && panel.h == h) || w < 1 || h < 1 || panel.x + w > layout::kGridColumns
        || panel.y + h > layout::kGridMaxRows)
        return false;
    document.undoStack()->push(new ResizePanelCommand(document, index, w, h));
    return true;
}

bool pushEditPanel(DashboardDocument& document, int index, layout::Panel panel)
{
    if (!isValidIndex(document, index) || isSamePanel(document.panel(index), panel))
        return false;
    document.undoStack()->push(new EditPanelCommand(document, index, std::move(panel)));
    return true;
}

bool pushEditSettings(DashboardDocument& document, const DashboardSettings& settings)
{
    if (settings == DashboardSettings::of(document.dashboard()))
        return false;
    document.undoStack()->push(new EditSettingsCommand(document, settings));
    return true;
}

} // namespace pulse::ui
