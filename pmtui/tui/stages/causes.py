"""Stage 2, Causes: what in the system made the outcome likely, asked "why?" again.

For templates with a cause tree (postmortem, quick, personal) the pane shows
the causes as a tree: each answer to "why?" (or "how?") sits below the cause
it explains, so a cause with nothing below it stands out as a place where
the analysis stopped early. Below the tree come the template's reflection
sections (what went well, where we got lucky). Templates without a tree
(lessons learned, check-ins, retrospective formats) show only their sections.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static, Tree
from textual.widgets.tree import TreeNode

from pmtui.domain.model import CAUSE_CATEGORIES, Cause, Entry, Review
from pmtui.domain.stages import cause_sections, has_cause_tree
from pmtui.domain.templates import Section
from pmtui.domain.text import first_line, plural, shown
from pmtui.domain.timeline import timeline
from pmtui.editing import changes
from pmtui.tui.focus import focus_now
from pmtui.tui.forms.cause import CauseForm
from pmtui.tui.forms.coach import Coach
from pmtui.tui.forms.entry import EntryForm
from pmtui.tui.stages._entries import EntryList, SectionBox
from pmtui.tui.stages.base import HINT_MARK, StagePane


def cause_label(cause: Cause, *, nested: bool, room: int = 0, mark: str = "") -> Text:
    """The cause's line in the tree; with ``room`` (columns), as much of it as fits.

    The statement ends in ``…`` rather than running past the edge, and the
    category and fact count go when the statement would keep too little; the
    line under the tree shows the cause under the cursor in full.
    """
    head = Text(f"{mark} " if mark else "", style="bold")
    if nested:
        head.append(f"{shown(cause.question)}? ", style="italic")
    statement = first_line(cause.statement) or "(no statement)"
    tail = Text(f"  · {shown(cause.category)}", style="dim")
    if cause.fact_ids:
        tail.append(f"  · {plural(len(cause.fact_ids), 'fact')}", style="dim")
    if room > 0:
        left = room - head.cell_len - tail.cell_len
        if left < min(STATEMENT_AT_LEAST, cell_len(statement)):
            tail, left = Text(), room - head.cell_len
        if cell_len(statement) > left:
            statement = set_cell_size(statement, max(left - 1, 0)) + "…"
    return Text.assemble(head, statement, tail)


STATEMENT_AT_LEAST = 16
"""Columns of the statement kept before its category and fact count give way."""


class CauseTree(Tree[str]):
    """The causes; each node's data is the cause id.

    Each line fits the tree's width (see :func:`cause_label`), fitted again
    when the width changes, and starts with :data:`HINT_MARK` when the coach
    has an open hint about its cause.
    """

    def __init__(self) -> None:
        super().__init__("Causes", id="causes-tree")
        self.show_root = False
        self.auto_expand = False
        self.nodes_by_id: dict[str, TreeNode[str]] = {}
        self.shape: list[tuple[str, str | None]] = []
        self.causes: dict[str, Cause] = {}
        self.marked: frozenset[str] = frozenset()
        """The causes the coach has an open hint about."""
        self._labelled_for = 0

    @property
    def current_id(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def show(
        self,
        review: Review,
        *,
        focus_id: str | None = None,
        marked: frozenset[str] | None = None,
    ) -> None:
        """Show the causes; relabel in place when only text changed, so nothing moves."""
        if marked is not None:
            self.marked = marked
        self.causes = {c.id: c for c in review.causes}
        ids = set(self.causes)
        shape = [(c.id, c.parent_id if c.parent_id in ids else None) for c in review.causes]
        if shape == self.shape:
            self._relabel()
        else:
            self._rebuild(review, shape, focus_id or self.current_id)
            return
        if focus_id is not None and focus_id in self.nodes_by_id:
            self.move_cursor(self.nodes_by_id[focus_id])

    def _label(self, cause: Cause, parent: TreeNode[str] | None) -> Text:
        """The cause's line (below ``parent``) as wide as the tree leaves it at its depth."""
        depth = 0
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        width = self.scrollable_content_region.width
        self._labelled_for = width
        room = max(width - depth * self.guide_depth - len(self.ICON_NODE), 1) if width else 0
        mark = HINT_MARK if cause.id in self.marked else ""
        return cause_label(cause, nested=depth > 0, room=room, mark=mark)

    def _relabel(self) -> None:
        for cause_id, node in self.nodes_by_id.items():
            cause = self.causes.get(cause_id)
            if cause is not None:
                node.set_label(self._label(cause, node.parent))
        self._invalidate()  # the lines' width is measured again: no scrolling sideways

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._labelled_for:
            self._relabel()

    def _rebuild(
        self, review: Review, shape: list[tuple[str, str | None]], keep: str | None
    ) -> None:
        line = self.cursor_line
        self.clear()
        self.shape = shape
        self.nodes_by_id = {}
        by_id = {c.id: c for c in review.causes}
        children: dict[str | None, list[str]] = {}
        for cause_id, parent_id in shape:
            children.setdefault(parent_id, []).append(cause_id)

        def grow(node: TreeNode[str], parent_id: str | None) -> None:
            for cause_id in children.get(parent_id, []):
                if cause_id in self.nodes_by_id:
                    continue
                child = node.add(self._label(by_id[cause_id], node), data=cause_id, expand=True)
                self.nodes_by_id[cause_id] = child
                grow(child, cause_id)
                if not child.children:
                    child.allow_expand = False

        grow(self.root, None)
        target = self.nodes_by_id.get(keep or "")
        last = self.last_line  # builds the lines now, so the cursor can be placed at once
        if target is not None:
            self.move_cursor(target)
        elif last >= 0:
            self.move_cursor_to_line(min(max(line, 0), last))


class CausesPane(StagePane):
    """The cause tree and the reflection sections, or only the sections."""

    stage = "causes"
    SHOWS_HINTS = True
    HELP = """\
# Causes

What in the system made this outcome likely: process, tooling, information,
incentives, communication, resourcing, scope, or something outside. A
person's name or "human error" is never a cause: ask what made the action
reasonable at the time.

Each cause can be asked **why?** (or **how?**) again; the answers sit below it
in the tree. Keep asking until you reach something you can change, usually
a few levels down. Link each cause to the facts it explains. Categories are
suggestions: type your own word if none fits.

Below the tree: what went well, and where you got lucky. Review kinds
without a cause tree (lessons learned, check-ins, retrospectives) show their
own sections here instead.

| key | does |
|---|---|
| arrows | walk the tree or a list |
| `a` | add a top-level cause (in a section: add an entry to it) |
| `w` | ask why below the cause under the cursor |
| `e` or `enter` | edit what is under the cursor |
| `d` | delete it; deleting a cause deletes the whys below it |
| `u` or `ctrl+z` | undo the last change (a deleted cause comes back with its whys) |
| `space` | fold or unfold the whys below a cause |
| `tab` | move between the tree and the sections |
| `ctrl+s` / `esc` | in a form: save / cancel (or the buttons) |
"""
    COMMANDS = (
        ("Add a cause", "Add a top-level cause", "add_cause"),
        ("Ask why", "Add an answer to why? below the cause under the cursor", "add_why"),
        (
            "Add an entry",
            "Add an entry to the section last used (went well, lucky...)",
            "add_entry",
        ),
        ("Edit", "Edit the cause or entry under the cursor", "edit"),
        ("Delete", "Delete the cause (with the whys below it) or entry under the cursor", "delete"),
    )
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("w", "add_why", "Why?"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
    ]

    _section_key: str | None = None
    """``None`` for the tree, else the key of the section last focused."""

    @property
    def has_tree(self) -> bool:
        return has_cause_tree(self.template)

    @property
    def sections(self) -> tuple[Section, ...]:
        return cause_sections(self.template)

    @property
    def categories(self) -> list[str]:
        base = list(self.template.cause_categories) if self.template else list(CAUSE_CATEGORIES)
        return list(dict.fromkeys([*base, *(c.category for c in self.review.causes)]))

    def compose(self) -> ComposeResult:
        if self.prompt:
            yield Static(Text(self.prompt), classes="stage-prompt")
        if self.has_tree:
            yield Static(
                Text(
                    "Causes  (a add · w ask why below · e or enter edit · d delete)", style="bold"
                ),
                id="causes-heading",
            )
            yield CauseTree()
            yield Static(
                Text(
                    "No causes yet. Press a to name the first thing in the system "
                    "that made this likely."
                ),
                id="causes-empty",
            )
            yield Static("", id="causes-detail")
        for section in self.sections:
            yield SectionBox(section)

    def on_mount(self) -> None:
        if not self.has_tree and self.sections:
            self._section_key = self.sections[0].key
        self._show()

    # -- the contract ------------------------------------------------------------

    def refresh_from(self, review: Review) -> None:
        self._show()

    def focus_first(self) -> None:
        if self.has_tree:
            focus_now(self.query_one(CauseTree), scroll_visible=False)  # the prompt stays in view
        elif self.sections:
            focus_now(self.query_one(SectionBox).entries)

    # -- showing -----------------------------------------------------------------

    def _show(self, *, cause_id: str | None = None, entry_id: str | None = None) -> None:
        if self.has_tree:
            self.query_one(CauseTree).show(self.review, focus_id=cause_id)
            self.query_one("#causes-empty").display = not self.review.causes
            self._show_detail()
            self.read_hints()
        for box in self.query(SectionBox):
            box.show(self.review.section(box.section.key), focus_id=entry_id)

    def hints_read(self) -> None:
        marked = frozenset(cause_id for cause_id, found in self.hints.items() if found)
        self.query_one(CauseTree).show(self.review, marked=marked)
        self._show_detail()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, CauseTree):
            self._section_key = None
        elif isinstance(event.widget, EntryList):
            self._section_key = event.widget.section.key

    @on(Tree.NodeHighlighted, "#causes-tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        """The cause under the cursor in full, wrapped: a tree line shows only its start."""
        cause = self._cause()
        detail = self.query_one("#causes-detail", Static)
        detail.display = cause is not None
        if cause is not None:
            text = Text("▸ ", style="bold")
            text.append(shown(cause.statement, multiline=True) or "(no statement)")
            detail.update(text + self.hint_lines(cause.id))

    @on(Tree.NodeSelected, "#causes-tree")
    def _node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        self._section_key = None
        self.action_edit()

    @on(OptionList.OptionSelected, ".entry-list")
    def _entry_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        return self.has_tree or action not in ("add_why", "add_cause")

    # -- what is under the cursor ------------------------------------------------

    def _cause(self) -> Cause | None:
        if not self.has_tree:
            return None
        cause_id = self.query_one(CauseTree).current_id
        return next((c for c in self.review.causes if c.id == cause_id), None)

    def _section(self) -> SectionBox | None:
        if self._section_key is None:
            return None
        return next((b for b in self.query(SectionBox) if b.section.key == self._section_key), None)

    def _entry(self, box: SectionBox) -> Entry | None:
        entry_id = box.entries.current_id
        return next((e for e in self.review.entries if e.id == entry_id), None)

    # -- actions -------------------------------------------------------------------

    def action_add(self) -> None:
        if self._section_key is None and self.has_tree:
            self.action_add_cause()
        else:
            self.action_add_entry()

    def _no_tree(self) -> bool:
        if not self.has_tree:
            self.notify("This kind of review has no cause tree; add to its sections instead.")
        return not self.has_tree

    def action_add_cause(self) -> None:
        if self._no_tree():
            return
        category = self.categories[0] if self.categories else "system"
        self._open_cause(Cause(category=category, author=self.session.user), is_new=True)

    def action_add_why(self) -> None:
        if self._no_tree():
            return
        parent = self._cause()
        if parent is None:
            self.notify("Put the cursor on a cause first (or press a to add one).")
            return
        child = Cause(category=parent.category, parent_id=parent.id, author=self.session.user)
        self._open_cause(child, is_new=True)

    def action_add_entry(self) -> None:
        box = self._section() or next(iter(self.query(SectionBox)), None)
        if box is None:
            return
        entry = Entry(section=box.section.key, author=self.session.user)
        self._open_entry(box, entry, is_new=True)

    def action_edit(self) -> None:
        if self._section_key is None and self.has_tree:
            cause = self._cause()
            if cause is None:
                self.notify("No cause to edit yet; press a to add one.")
            else:
                self._open_cause(cause, is_new=False)
            return
        box = self._section()
        entry = self._entry(box) if box is not None else None
        if box is None or entry is None:
            self.notify("Nothing to edit here yet; press a to add an entry.")
            return
        if entry.hidden and entry.author != self.session.user:
            self.notify("This entry stays hidden until the private round is revealed.")
            return
        self._open_entry(box, entry, is_new=False)

    def action_delete(self) -> None:
        if self._section_key is None and self.has_tree:
            cause = self._cause()
            if cause is None:
                return
            gone = changes.delete_cause(self.session, cause.id)
            below = f" and {gone - 1} below it" if gone > 1 else ""
            self._show()
            self.notify(f"Deleted the cause{below}. Press u to undo.")
            return
        box = self._section()
        entry = self._entry(box) if box is not None else None
        if entry is None:
            return
        changes.delete_plain(self.session, "entries", entry.id, "entry")
        self._show()
        self.notify("Entry deleted. Press u to undo.")

    def action_undo(self) -> None:
        self.undo_and_show(self._show)

    # -- forms ---------------------------------------------------------------------

    def _open_cause(self, cause: Cause, *, is_new: bool) -> None:
        parent = next((c for c in self.review.causes if c.id == cause.parent_id), None)
        form = CauseForm(
            cause,
            is_new=is_new,
            categories=self.categories,
            facts=timeline(self.review.facts),
            parent=parent,
            coach=Coach.for_session(self.session),
        )

        def done(new: Cause | None) -> None:
            if new is None:
                return
            if is_new:
                changes.add(self.session, "causes", new, "why" if new.parent_id else "cause")
            elif not changes.save(self.session, "causes", cause, new, "cause"):
                return
            self._show(cause_id=new.id)

        self.app.push_screen(form, done)

    def _open_entry(self, box: SectionBox, entry: Entry, *, is_new: bool) -> None:
        def done(new: Entry | None) -> None:
            if new is None:
                return
            if is_new:
                changes.add(self.session, "entries", new, "entry")
            elif not changes.save(self.session, "entries", entry, new, "entry"):
                return
            self._show(entry_id=new.id)

        self.app.push_screen(
            EntryForm(
                entry, is_new=is_new, section=box.section, coach=Coach.for_session(self.session)
            ),
            done,
        )
