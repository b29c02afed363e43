"""The film page: themed chapters of clips, the running total, drafting, render and export.

Every change to the cut goes through `gui/ops/film.py` (one undo step each, a drag that
moves several clips included); the cut and the plan are read on the worker, and the tree
keeps showing the old cut until the new one arrives, so the page never blanks or stalls.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.consent import FilmUse
from ebcd_app.domain.film_plan import FilmPlan
from ebcd_app.gui.film_tree import FilmTree, key, moved
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import OpChanges, Ops, film_export, unwrap
from ebcd_app.gui.ops import film as film_ops
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.player import clock
from ebcd_app.gui.style import DANGER, TEXT_MUTED, muted
from ebcd_app.services import film, film_draft
from ebcd_app.store.db import ProjectStore

USE_LABEL = {FilmUse.SEEN: "seen and heard", FilmUse.HEARD: "voice only (caption card)",
             FilmUse.DISGUISED: "voice disguised (caption card)",
             FilmUse.WORDS: "words only, no voice (caption card)",
             FilmUse.REFUSED: "not allowed in the film"}
EXPORTS = {"OpenTimelineIO (.otio)": ("otio", ".otio"), "CMX 3600 EDL (.edl)": ("edl", ".edl"),
           "Final Cut Pro X XML (.fcpxml)": ("fcpxml", ".fcpxml"),
           "Final Cut Pro 7 / Premiere XML (.xml)": ("fcp7xml", ".xml"),
           "Captions SRT (.srt)": ("srt", ".srt"), "Captions WebVTT (.vtt)": ("vtt", ".vtt"),
           "Chapter list (.txt)": ("chapters", ".txt")}
# the budget in words with a warning or a tick: never ▲ ◆ ▼ or the sentiment colours, which
# mean how a moment felt everywhere else in the app (text, its colour, the bar's colour)
BUDGET_LOOK = {"under": ("⚠ Too short", TEXT_MUTED, "#8a949e"),
               "within": ("✔ Within budget", "#2e7d32", "#2e7d32"),
               "over": ("⚠ Too long", DANGER, DANGER)}


class FilmPage(QWidget):
    status = Signal(str)
    play_requested = Signal(int, float)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store, self.ops, self.runner, self.jobs = store, ops, ops.runner, jobs
        self.view: film.FilmView | None = None
        self.preview_window: QWidget | None = None
        self.selection_provider = lambda: []  # set by the window: the transcript selection
        self._asked = 0  # reads of the film asked for; only the latest one is shown
        self.tree = FilmTree()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Film", "Stage 3: a 25-30 minute film of themed chapters, "
                                     "cut from the transcripts. Drag clips to reorder them."))
        layout.addLayout(self._build_buttons())
        layout.addLayout(self._build_budget())
        layout.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(self._build_details())
        split.setSizes([860, 360])
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self._connect()
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _build_buttons(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, tip in (("Auto-draft…", ""), ("Add chapter…", ""), ("Rename…", ""),
                          ("Remove", ""),
                          ("Move up", "Move the chosen chapter or clip earlier (or drag it)"),
                          ("Move down", "Move the chosen chapter or clip later (or drag it)"),
                          ("Preview", "Play the whole film, from the chosen clip; with a "
                                      "chapter chosen, only that chapter"),
                          ("Render…", ""), ("Export…", "")):
            b = QPushButton(text)
            b.setToolTip(tip)
            self.buttons[text] = b
            top.addWidget(b)
        self.buttons["Render…"].setObjectName("primary")
        top.addStretch(1)
        return top

    def _build_budget(self) -> QHBoxLayout:
        self.budget = QProgressBar()
        self.budget.setRange(0, 30 * 60)
        self.budget_text = QLabel()
        self.notes = muted(QLabel())
        self.notes.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.budget, 1)
        bar.addWidget(self.budget_text)
        return bar

    def _build_details(self) -> QGroupBox:
        self.detail_text, self.detail_use, self.detail_reason = QLabel(), QLabel(), QLabel()
        for label in (self.detail_text, self.detail_use, self.detail_reason):
            label.setWordWrap(True)
        self.lead, self.tail = QSpinBox(), QSpinBox()
        for spin in (self.lead, self.tail):
            spin.setRange(0, 3000)
            spin.setSingleStep(50)
            spin.setSuffix(" ms")
        self.hear = QPushButton("Hear it in the interview")
        self.trim = QPushButton("Trim to the words selected there")
        self.trim.setToolTip("Select the words the clip should run from and to in the "
                             "Interviews transcript, then press this")
        details = QGroupBox("Clip")
        form = QFormLayout(details)
        form.addRow(self.detail_text)
        form.addRow("In the film", self.detail_use)
        form.addRow("Why", self.detail_reason)
        form.addRow("Lead-in", self.lead)
        form.addRow("Tail", self.tail)
        form.addRow(self.hear)
        form.addRow(self.trim)
        return details

    def _connect(self) -> None:
        for text, slot in (("Auto-draft…", self.draft), ("Add chapter…", self.add_chapter),
                           ("Rename…", self.rename_chapter), ("Remove", self.remove),
                           ("Move up", lambda: self.move(-1)),
                           ("Move down", lambda: self.move(1)),
                           ("Preview", self.preview), ("Render…", self.render),
                           ("Export…", self.export)):
            self.buttons[text].clicked.connect(lambda _=False, slot=slot: slot())
        self.tree.itemSelectionChanged.connect(self._selected)
        self.tree.rearranged.connect(self._rearranged)
        self.tree.refused.connect(lambda: self._show(self.view))
        self.tree.itemDoubleClicked.connect(lambda *_: self.play_selected())
        for spin in (self.lead, self.tail):
            spin.editingFinished.connect(self._handles)
        self.hear.clicked.connect(self.play_selected)
        self.trim.clicked.connect(self.trim_to_selection)
        self.runner.operation_executed.connect(self._on_change)

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the film on the worker; what is shown stays until the new cut arrives."""
        self._asked += 1
        asked = self._asked
        self.ops.read(lambda: film.film_view(self.store), doing="show the film",
                      success=lambda view: self._show(view) if asked == self._asked else None)

    def _show(self, view: film.FilmView | None) -> None:
        if view is None:
            return
        chosen = key(self.tree.currentItem()) if self.tree.currentItem() else None
        scrolled = self.tree.verticalScrollBar().value()  # a long cut keeps its place
        self.view = view
        self.tree.blockSignals(True)  # one selection change below, not one per row
        self.tree.clear()
        again = None
        for ch in view.chapters:
            top = self._chapter_item(ch)
            again = top if chosen == ("chapter", ch.id) else again
            for c in ch.clips:
                item = self._clip_item(c)
                top.addChild(item)
                again = item if chosen == ("clip", c.id) else again
            top.setExpanded(True)
        self.tree.invisibleRootItem().setFlags(Qt.ItemFlag.ItemIsDropEnabled)
        if again is not None:
            self.tree.setCurrentItem(again)
        self.tree.verticalScrollBar().setValue(scrolled)
        self.tree.blockSignals(False)
        self._selected()
        self._show_budget(view)

    def _chapter_item(self, ch: film.ChapterView) -> QTreeWidgetItem:
        top = QTreeWidgetItem([ch.title, "", clock(ch.duration)])
        top.setData(0, Qt.ItemDataRole.UserRole, ("chapter", ch.id))
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        top.setFlags(top.flags() | Qt.ItemFlag.ItemIsDropEnabled)
        self.tree.addTopLevelItem(top)
        return top

    def _clip_item(self, c: film.ClipView) -> QTreeWidgetItem:
        mark = {FilmUse.SEEN: "", FilmUse.HEARD: " (voice only)",
                FilmUse.DISGUISED: " (voice disguised)", FilmUse.WORDS: " (words only)",
                FilmUse.REFUSED: " (not in the film)"}[c.use]
        if c.needs_attention:
            mark = " (needs attention: not in the film)"
        item = QTreeWidgetItem([("⚠ " if c.needs_attention else "") + f"“{c.text[:80]}”",
                                c.speaker + mark, clock(c.duration)])
        item.setData(0, Qt.ItemDataRole.UserRole, ("clip", c.id))
        item.setToolTip(0, c.reason)
        if c.use == FilmUse.REFUSED or c.needs_attention:  # consent withdrawn, or its
            # words went when the transcript was replaced
            item.setForeground(1, QColor(DANGER))
            item.setToolTip(1, film.ATTENTION if c.needs_attention else c.why_not)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
        return item

    def _show_budget(self, view: film.FilmView) -> None:
        status, sentence = view.budget()
        self.budget.setValue(min(int(view.duration), 30 * 60))
        self.budget.setFormat(sentence)
        text, colour, chunk = BUDGET_LOOK[status]
        self.budget.setStyleSheet(f"QProgressBar::chunk {{ background: {chunk}; }}")
        self.budget_text.setText(text)
        self.budget_text.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _clip(self) -> film.ClipView | None:
        item = self.tree.currentItem()
        if item is None or self.view is None:
            return None
        kind, ident = key(item)
        if kind != "clip":
            return None
        return next((c for ch in self.view.chapters for c in ch.clips if c.id == ident), None)

    def _selected(self) -> None:
        c = self._clip()
        self.detail_text.setText(f"“{c.text}”\n— {c.speaker}, {c.recording_name} "
                                 f"{clock(c.src_in)}–{clock(c.src_out)}" if c else "")
        self.detail_use.setText(USE_LABEL[c.use] + (f" ({c.why_not})" if c and c.why_not
                                                    else "") if c else "")
        self.detail_reason.setText(c.reason if c else "")
        for spin, value in ((self.lead, c.lead_in_ms if c else 0),
                            (self.tail, c.tail_ms if c else 0)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.setEnabled(c is not None)
            spin.blockSignals(False)

    def _on_change(self, change: object) -> None:
        from ebcd_app.services.editing import TranscriptChanged

        if (isinstance(change, OpChanges) and change.touches("film", "people")) or \
                isinstance(unwrap(change), (film.FilmChanged, TranscriptChanged)):
            self.refresh()

    # -- editing -------------------------------------------------------------------------
    def _rearranged(self) -> None:
        film_ops.rearrange(self.ops, self.store, self.tree.structure(), refresh=self.refresh)

    def move(self, step: int) -> None:
        """Move the chosen chapter or clip one place earlier (-1) or later (+1)."""
        item = self.tree.currentItem()
        if item is None:
            self.status.emit("Choose a chapter or a clip to move")
            return
        cut = moved(self.tree.structure(), key(item), step)
        if cut is None:
            self.status.emit("It is already " + ("first" if step < 0 else "last"))
            return
        film_ops.rearrange(self.ops, self.store, cut, refresh=self.refresh)

    def _handles(self) -> None:
        c = self._clip()
        if c is not None and (self.lead.value(), self.tail.value()) != (c.lead_in_ms,
                                                                        c.tail_ms):
            film_ops.set_handles(self.ops, self.store, c.id, lead_in_ms=self.lead.value(),
                                 tail_ms=self.tail.value(), refresh=self._selected)

    def draft(self, *, confirm: bool = True) -> None:
        if confirm and self.view and self.view.chapters and QMessageBox.question(
                self, "Auto-draft", "Replace the film with a new draft made from the touch "
                "points?") != QMessageBox.StandardButton.Yes:
            return

        def done(result: film_draft.DraftResult) -> None:
            self.notes.setText(" ".join(result.notes))
            self.status.emit(f"Drafted {result.chapters} chapters, {result.clips} clips")
        film_ops.auto_draft(self.ops, self.store, success=done)

    def add_chapter(self) -> None:
        title, ok = QInputDialog.getText(self, "Add chapter", "Chapter title (a theme):")
        if ok and title.strip():
            film_ops.add_chapter(self.ops, self.store, title)

    def rename_chapter(self) -> None:
        item = self.tree.currentItem()
        if item is None or key(item)[0] != "chapter":
            self.status.emit("Choose a chapter to rename")
            return
        chapter_id = key(item)[1]
        title, ok = QInputDialog.getText(self, "Rename chapter", "Title:", text=item.text(0))
        if ok and title.strip():
            film_ops.rename_chapter(self.ops, self.store, chapter_id, title)

    def remove(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        kind, ident = key(item)
        if kind == "clip":
            film_ops.delete_clip(self.ops, self.store, ident)
        else:
            film_ops.delete_chapter(self.ops, self.store, ident)

    def trim_to_selection(self) -> None:
        c = self._clip()
        words = self.selection_provider()
        if c is None or not words:
            self.status.emit("Choose a clip here and select its words in the Interviews "
                             "transcript first")
            return
        film_ops.trim_to_words(self.ops, self.store, c.id, words[0].id, words[-1].id,
                               success=lambda _r: self.status.emit("Clip trimmed"))

    def play_selected(self) -> None:
        c = self._clip()
        if c is not None:
            self.play_requested.emit(c.recording_id, c.src_in)

    # -- preview, render, export ---------------------------------------------------------
    def preview(self) -> None:
        """The whole film, from the chosen clip if there is one; a chosen chapter alone."""
        item = self.tree.currentItem()
        chapters, clip_id = None, None
        if item is not None and item.isSelected():
            kind, ident = key(item)
            if kind == "chapter":
                chapters = [ident]
            else:
                clip_id = ident
        self.ops.read(lambda: film.playable(
            self.store, film.build_plan(self.store, chapter_ids=chapters)),
                      success=lambda plan: self._open_preview(plan, clip_id),
                      doing="preview the film")

    def _open_preview(self, plan: FilmPlan, clip_id: int | None) -> None:
        from ebcd_app.gui.film_preview import FilmPreview

        at = next((t.record_in for t in plan.timeline()
                   if t.clip is not None and t.clip.clip_id == clip_id), 0.0)
        if self.preview_window is not None:
            self.preview_window.close()
        dialog = FilmPreview(plan, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._preview_closed(dialog))
        self.preview_window = dialog
        dialog.show()
        dialog.start(at)

    def _preview_closed(self, dialog: QWidget) -> None:
        if self.preview_window is dialog:
            self.preview_window = None

    def render(self, *, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Render the film",
                                                  str(Path.home() / "trigger-film.mp4"),
                                                  "MP4 video (*.mp4)")
            if not name:
                return
            path = Path(name)
        film_export.render_film(self.ops, self.jobs, self.store, path,
                                on_done=lambda _r: self.status.emit(f"Rendered {path}"))

    def export(self) -> None:
        choice, ok = QInputDialog.getItem(self, "Export for editors", "Format:",
                                          list(EXPORTS), 0, False)
        if not ok:
            return
        fmt, suffix = EXPORTS[choice]
        name, _ = QFileDialog.getSaveFileName(self, "Export", str(Path.home() /
                                                                  f"trigger-film{suffix}"))
        if name:
            film_export.export_film(self.ops, self.store, fmt, Path(name),
                                    success=lambda path: self.status.emit(f"Exported {path}"))
