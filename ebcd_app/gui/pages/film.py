"""The film page: themed chapters of clips, the running total, drafting, render and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.consent import FilmUse
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import Ops, unwrap
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.player import clock
from ebcd_app.gui.style import DANGER, TEXT_MUTED
from ebcd_app.services import film, film_draft
from ebcd_app.store.db import ProjectStore

USE_LABEL = {FilmUse.SEEN: "seen and heard", FilmUse.HEARD: "voice only (caption card)",
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


class FilmTree(QTreeWidget):
    """Chapters with their clips; drag clips within and across chapters, or chapters."""

    rearranged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels(["Chapter / clip", "Who", "Length"])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event) -> None:
        item = self.currentItem()
        super().dropEvent(event)
        parent = item.parent() if item else None
        is_clip = item is not None and item.data(0, Qt.ItemDataRole.UserRole)[0] == "clip"
        if (is_clip and parent is None) or (not is_clip and parent is not None):
            event.ignore()  # a clip outside a chapter, or a chapter inside one: put back
        self.rearranged.emit()

    def structure(self) -> list[tuple[int, list[int]]]:
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            kind, ident = top.data(0, Qt.ItemDataRole.UserRole)
            if kind != "chapter":
                continue
            clips = [top.child(j).data(0, Qt.ItemDataRole.UserRole)[1]
                     for j in range(top.childCount())]
            out.append((ident, clips))
        return out


class FilmPage(QWidget):
    status = Signal(str)
    play_requested = Signal(int, float)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        runner, self.ops = ops.runner, ops
        self.setObjectName("page")
        self.store, self.runner, self.jobs = store, runner, jobs
        self.view: film.FilmView | None = None
        self.preview_window: QWidget | None = None
        self.tree = FilmTree()
        self.tree.itemSelectionChanged.connect(self._selected)
        self.tree.rearranged.connect(self._rearranged)
        self.tree.itemDoubleClicked.connect(lambda *_: self.play_selected())
        self.budget = QProgressBar()
        self.budget.setRange(0, 30 * 60)
        self.budget_text = QLabel()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(f"color: {TEXT_MUTED};")
        top = QHBoxLayout()
        for text, slot in (("Auto-draft…", self.draft), ("Add chapter…", self.add_chapter),
                           ("Rename…", self.rename_chapter), ("Remove", self.remove),
                           ("Preview", self.preview), ("Render…", self.render),
                           ("Export…", self.export)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            if text == "Preview":
                b.setToolTip("Play the whole film, from the chosen clip; with a chapter "
                             "chosen, only that chapter")
            if text == "Render…":
                b.setObjectName("primary")
            top.addWidget(b)
        top.addStretch(1)
        self.detail_text = QLabel()
        self.detail_text.setWordWrap(True)
        self.detail_use = QLabel()
        self.detail_use.setWordWrap(True)
        self.detail_reason = QLabel()
        self.detail_reason.setWordWrap(True)
        self.lead = QSpinBox()
        self.tail = QSpinBox()
        for spin in (self.lead, self.tail):
            spin.setRange(0, 3000)
            spin.setSingleStep(50)
            spin.setSuffix(" ms")
            spin.editingFinished.connect(self._handles)
        details = QGroupBox("Clip")
        form = QFormLayout(details)
        form.addRow(self.detail_text)
        form.addRow("In the film", self.detail_use)
        form.addRow("Why", self.detail_reason)
        form.addRow("Lead-in", self.lead)
        form.addRow("Tail", self.tail)
        hear = QPushButton("Hear it in the interview")
        hear.clicked.connect(self.play_selected)
        trim = QPushButton("Trim to the words selected there")
        trim.setToolTip("Select the words the clip should run from and to in the Interviews "
                        "transcript, then press this")
        trim.clicked.connect(self.trim_to_selection)
        form.addRow(hear)
        form.addRow(trim)
        self.selection_provider = lambda: []  # set by the window: the transcript selection
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(details)
        split.setSizes([860, 360])
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.budget, 1)
        bar.addWidget(self.budget_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Film", "Stage 3: a 25-30 minute film of themed chapters, "
                                     "cut from the transcripts. Drag clips to reorder them."))
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.notes)
        layout.addWidget(split, 1)
        runner.operation_executed.connect(self._on_change)
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.view = film.film_view(self.store)
        self.tree.clear()
        for ch in self.view.chapters:
            top = QTreeWidgetItem([ch.title, "", clock(ch.duration)])
            top.setData(0, Qt.ItemDataRole.UserRole, ("chapter", ch.id))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsDropEnabled
                         | Qt.ItemFlag.ItemIsDropEnabled)
            self.tree.addTopLevelItem(top)
            for c in ch.clips:
                mark = {FilmUse.SEEN: "", FilmUse.HEARD: " (voice only)",
                        FilmUse.REFUSED: " (not in the film)"}[c.use]
                if c.needs_attention:
                    mark = " (needs attention: not in the film)"
                item = QTreeWidgetItem([("⚠ " if c.needs_attention else "")
                                        + f"“{c.text[:80]}”", c.speaker + mark,
                                        clock(c.duration)])
                item.setData(0, Qt.ItemDataRole.UserRole, ("clip", c.id))
                item.setToolTip(0, c.reason)
                if c.use == FilmUse.REFUSED or c.needs_attention:  # consent withdrawn, or
                    # its words went when the transcript was replaced
                    item.setForeground(1, QColor(DANGER))
                    item.setToolTip(1, film.ATTENTION if c.needs_attention else c.why_not)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                top.addChild(item)
            top.setExpanded(True)
        self.tree.invisibleRootItem().setFlags(Qt.ItemFlag.ItemIsDropEnabled)
        status, sentence = self.view.budget()
        self.budget.setValue(min(int(self.view.duration), 30 * 60))
        self.budget.setFormat(sentence)
        text, colour, chunk = BUDGET_LOOK[status]
        self.budget.setStyleSheet(f"QProgressBar::chunk {{ background: {chunk}; }}")
        self.budget_text.setText(text)
        self.budget_text.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _clip(self) -> film.ClipView | None:
        item = self.tree.currentItem()
        if item is None or self.view is None:
            return None
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        if kind != "clip":
            return None
        return next(c for ch in self.view.chapters for c in ch.clips if c.id == ident)

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
        change = unwrap(change)
        from ebcd_app.services.editing import TranscriptChanged

        if isinstance(change, (film.FilmChanged, TranscriptChanged)):
            self.refresh()

    # -- editing -------------------------------------------------------------------------
    def _rearranged(self) -> None:
        wanted = self.tree.structure()
        self.runner.run(lambda: film.arrange(self.store, wanted))

    def _handles(self) -> None:
        c = self._clip()
        if c is not None and (self.lead.value(), self.tail.value()) != (c.lead_in_ms,
                                                                        c.tail_ms):
            lead, tail = self.lead.value(), self.tail.value()
            self.runner.run(lambda: film.update_clip(self.store, c.id, lead_in_ms=lead,
                                                     tail_ms=tail))

    def draft(self, *, confirm: bool = True) -> None:
        if confirm and self.view and self.view.chapters and QMessageBox.question(
                self, "Auto-draft", "Replace the film with a new draft made from the touch "
                "points?") != QMessageBox.StandardButton.Yes:
            return

        def done(result: film_draft.DraftResult) -> None:
            self.refresh()
            self.notes.setText(" ".join(result.notes))
            self.status.emit(f"Drafted {result.chapters} chapters, {result.clips} clips")
        self.runner.run(lambda: film_draft.auto_draft(self.store), success=done)

    def add_chapter(self) -> None:
        title, ok = QInputDialog.getText(self, "Add chapter", "Chapter title (a theme):")
        if ok and title.strip():
            self.runner.run(lambda: film.add_chapter(self.store, title)[0])

    def rename_chapter(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.data(0, Qt.ItemDataRole.UserRole)[0] != "chapter":
            self.status.emit("Choose a chapter to rename")
            return
        chapter_id = item.data(0, Qt.ItemDataRole.UserRole)[1]
        title, ok = QInputDialog.getText(self, "Rename chapter", "Title:", text=item.text(0))
        if ok and title.strip():
            self.runner.run(lambda: film.update_chapter(self.store, chapter_id, title=title))

    def remove(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        if kind == "clip":
            self.runner.run(lambda: film.delete_clip(self.store, ident))
        else:
            self.runner.run(lambda: film.delete_chapter(self.store, ident))

    def trim_to_selection(self) -> None:
        c = self._clip()
        words = self.selection_provider()
        if c is None or not words:
            self.status.emit("Choose a clip here and select its words in the Interviews "
                             "transcript first")
            return
        first, last = words[0].id, words[-1].id
        self.runner.run(lambda: film.update_clip(self.store, c.id, first_word_id=first,
                                                 last_word_id=last),
                        success=lambda _r: self.status.emit("Clip trimmed"))

    def play_selected(self) -> None:
        c = self._clip()
        if c is not None:
            self.play_requested.emit(c.recording_id, c.src_in)

    # -- preview, render, export ---------------------------------------------------------
    def preview(self) -> None:
        """The whole film, from the chosen clip if there is one; a chosen chapter alone."""
        from ebcd_app.gui.film_preview import FilmPreview

        item = self.tree.currentItem()
        chapters, clip_id = None, None
        if item is not None and item.isSelected():
            kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
            if kind == "chapter":
                chapters = [ident]
            else:
                clip_id = ident
        plan = film.build_plan(self.store, chapter_ids=chapters)
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
        plan = film.build_plan(self.store)

        def run(progress, token):
            from ebcd_app.film.render import render_film

            return render_film(plan, path, progress=progress, cancel=token)
        self.jobs.submit(f"Render {path.name}", run,
                         on_done=lambda _r: self.status.emit(f"Rendered {path}"))

    def export(self) -> None:
        from ebcd_app.film.export import export

        choice, ok = QInputDialog.getItem(self, "Export for editors", "Format:",
                                          list(EXPORTS), 0, False)
        if not ok:
            return
        fmt, suffix = EXPORTS[choice]
        name, _ = QFileDialog.getSaveFileName(self, "Export", str(Path.home() /
                                                                  f"trigger-film{suffix}"))
        if name:
            export(film.build_plan(self.store), fmt, Path(name))
            self.status.emit(f"Exported {name}")
