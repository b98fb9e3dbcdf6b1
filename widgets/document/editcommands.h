#pragma once

#include "document/dashboarddocument.h"
#include "layout/dashboard.h"

#include <QRect>
#include <QUndoCommand>

namespace pulse::ui {

// Command texts are translated in the context "pulse::ui::EditCommands".

/** Ids of the commands that merge with their predecessor (QUndoCommand::id()). */
enum class EditCommandId : int { MovePanel = 0x5042'0001, ResizePanel = 0x5042'0002 };

/**
 * The grid cells a new w × h panel gets: the topmost row where it fits (beside or below the existing panels),
 * leftmost in that row. w and h are clamped to the grid; a null QRect when no row up to kGridMaxRows has room.
 */
QRect freeCellsFor(const layout::Dashboard& dashboard, int w, int h);

/** Whether two panel definitions would be saved identically. */
bool isSamePanel(const layout::Panel& a, const layout::Panel& b);

/** Inserts a panel at `index` (appends when index is -1). */
class AddPanelCommand : public QUndoCommand {
public:
    AddPanelCommand(DashboardDocument& document, layout::Panel panel, int index = -1, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

    /** Where the panel is (after redo()). */
    int index() const { return m_index; }
    const layout::Panel& panel() const { return m_panel; }

protected:
    DashboardDocument& m_document;
    layout::Panel m_panel;
    int m_index;
};

/** Appends a copy of a panel titled "… (copy)", placed on the next free cells. */
class DuplicatePanelCommand : public AddPanelCommand {
public:
    /** `cells` is where the copy goes (see freeCellsFor()). */
    DuplicatePanelCommand(
        DashboardDocument& document, int sourceIndex, const QRect& cells, QUndoCommand* parent = nullptr);

    /** The title a copy of a panel titled `title` gets. */
    static QString copyTitle(const QString& title);
};

class RemovePanelCommand : public QUndoCommand {
public:
    RemovePanelCommand(DashboardDocument& document, int index, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

private:
    DashboardDocument& m_document;
    int m_index;
    layout::Panel m_panel; // the removed definition, restored by undo()
};

/** Moves a panel's top-left cell; consecutive moves of the same panel merge into one step. */
class MovePanelCommand : public QUndoCommand {
public:
    MovePanelCommand(DashboardDocument& document, int index, int x, int y, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return static_cast<int>(EditCommandId::MovePanel); }
    bool mergeWith(const QUndoCommand* other) override;

    int index() const { return m_index; }
    QPoint from() const { return m_from; }
    QPoint to() const { return m_to; }

private:
    void moveTo(QPoint cell);

    DashboardDocument& m_document;
    int m_index;
    QPoint m_from;
    QPoint m_to;
};

/** Resizes a panel (columns × rows); consecutive resizes of the same panel merge into one step. */
class ResizePanelCommand : public QUndoCommand {
public:
    ResizePanelCommand(DashboardDocument& document, int index, int w, int h, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return static_cast<int>(EditCommandId::ResizePanel); }
    bool mergeWith(const QUndoCommand* other) override;

    int index() const { return m_index; }
    QSize from() const { return m_from; }
    QSize to() const { return m_to; }

private:
    void resizeTo(QSize size);

    DashboardDocument& m_document;
    int m_index;
    QSize m_from;
    QSize m_to;
};

/** Replaces a panel's whole definition (what the panel editor produced). */
class EditPanelCommand : public QUndoCommand {
public:
    EditPanelCommand(DashboardDocument& document, int index, layout::Panel panel, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

private:
    DashboardDocument& m_document;
    int m_index;
    layout::Panel m_before;
    layout::Panel m_after;
};

/** Replaces the dashboard-wide settings (title, time range, render rate, theme, display, sources). */
class EditSettingsCommand : public QUndoCommand {
public:
    EditSettingsCommand(DashboardDocument& document, DashboardSettings settings, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

private:
    DashboardDocument& m_document;
    DashboardSettings m_before;
    DashboardSettings m_after;
};

// Convenience: each pushes one command onto document.undoStack() (which applies it) and returns true, or
// returns false and pushes nothing when the edit would change nothing or cannot be made.

/** Appends the panel (index panelCount() - 1 afterwards) on freeCellsFor() its size; false when the grid is full. */
bool pushAddPanel(DashboardDocument& document, layout::Panel panel);
/** False for an invalid index. */
bool pushRemovePanel(DashboardDocument& document, int index);
/** Appends a copy of panel `index` on the next free cells; false for an invalid index or a full grid. */
bool pushDuplicatePanel(DashboardDocument& document, int index);
/** False for an invalid index, the panel's current cell, or a position that leaves the grid. */
bool pushMovePanel(DashboardDocument& document, int index, int x, int y);
/** False for an invalid index, the panel's current size, or a size below 1 × 1 or beyond the grid. */
bool pushResizePanel(DashboardDocument& document, int index, int w, int h);
/** False for an invalid index or a definition equal to the current one. */
bool pushEditPanel(DashboardDocument& document, int index, layout::Panel panel);
/** False when the settings equal the current ones. */
bool pushEditSettings(DashboardDocument& document, const DashboardSettings& settings);

} // namespace pulse::ui
