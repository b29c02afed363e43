"""Interviews: recordings in, transcripts corrected while the recording plays."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics.clock import short_clock
from ebcd_app.domain.models import RecordingState
from ebcd_app.gui import retranscribe
from ebcd_app.gui.facilitator import facilitator_name
from ebcd_app.gui.operations import JobManager
from ebcd_app.gui.ops import OpChanges, Ops, unwrap
from ebcd_app.gui.ops import film as film_ops
from ebcd_app.gui.ops import gaps as gap_ops
from ebcd_app.gui.ops import jobs as job_ops
from ebcd_app.gui.ops import notes as note_ops
from ebcd_app.gui.ops import touchpoints as touchpoint_ops
from ebcd_app.gui.ops import transcript as transcript_ops
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.player import PlayerPanel, clock
from ebcd_app.gui.style import muted
from ebcd_app.gui.table_model import RowsModel, make_table
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.gui.tag_strip import TagStrip
from ebcd_app.gui.transcript_view import TranscriptTextView
from ebcd_app.services import (
    editing,
    projects,
    redaction,
    search,
    touchpoints,
    transcripts,
    vocabulary,
)
from ebcd_app.services.media_import import MEDIA_SUFFIXES
from ebcd_app.store.db import ProjectStore


class ImportDialog(QDialog):
    """Who is heard in the recordings being imported, and whether to transcribe them now."""

    def __init__(self, people: list[projects.ParticipantInfo], count: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import recordings")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Import {count} file(s). Who is heard in them?"))
        self.people = QListWidget()
        for p in people:
            item = QListWidgetItem(f"{p.display_name}  ({p.pseudonym or '-'}, {p.role.value})")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        layout.addWidget(self.people)
        self.transcribe = QCheckBox("Transcribe after import")
        self.transcribe.setChecked(True)
        layout.addWidget(self.transcribe)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]


class InterviewsPage(QWidget):
    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops, jobs: JobManager,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store, self.ops, self.runner, self.jobs = store, ops, ops.runner, jobs
        self.current_id: int | None = None
        self._names: dict[int, str] = {}
        self.setAcceptDrops(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_viewer())
        self.splitter.setSizes([470, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Interviews", "Stage 2: import the recordings, "
                                     "transcribe them, and correct the text while it plays."))
        layout.addWidget(self.splitter, 1)
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._connect()
        self.transcript.hide()
        self.refresh()
        if self.model.rows:
            self.table.selectRow(0)

    def _build_list(self) -> QWidget:
        """The recordings, with Import and Transcribe above them."""
        self.model = RowsModel([
            ("Recording", lambda r: r.original_name),
            ("Participants", lambda r: ", ".join(self._names.get(i, "?")
                                                 for i in r.participant_ids) or "—"),
            ("Length", lambda r: clock(r.duration)),
            ("State", lambda r: r.state_text),
        ])
        self.model.tooltip = lambda r: r.error or r.original_name
        self.table = make_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.import_btn = QPushButton("Import recordings…")
        self.import_btn.setObjectName("primary")
        self.transcribe_btn = QPushButton("Transcribe")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_btn)
        buttons.addWidget(self.transcribe_btn)
        buttons.addStretch(1)
        hint = muted(QLabel("Drag audio or video files (or folders) here to import them."))
        hint.setWordWrap(True)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(buttons)
        lv.addWidget(self.table, 1)
        lv.addWidget(hint)
        return left

    def _build_viewer(self) -> QWidget:
        """Search over everything, the player, and the transcript with its tag strip."""
        self.player = PlayerPanel()
        self.transcript = TranscriptTextView()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search every interview and field note…")
        self.search_box.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.hide()
        self.placeholder = muted(QLabel("Choose a recording to see and correct its "
                                        "transcript."), "large")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.strip = TagStrip()
        tw = QWidget()
        tv = QVBoxLayout(tw)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.placeholder)
        tv.addWidget(self.transcript, 1)
        tv.addWidget(self.strip)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.player)
        split.addWidget(tw)
        split.setSizes([260, 520])
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.search_box)
        rv.addWidget(self.results)
        rv.addWidget(split, 1)
        return right

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.import_btn.clicked.connect(self.choose_files)
        self.transcribe_btn.clicked.connect(self.transcribe_selected)
        self.search_box.returnPressed.connect(self.run_search)
        self.results.itemActivated.connect(self._open_hit)
        self.results.itemClicked.connect(self._open_hit)
        self.player.position_changed.connect(self.transcript.highlight_time)
        self.transcript.word_clicked.connect(lambda w: self.player.play_from(w.start))
        self.transcript.span_selected.connect(self.player.play_span)
        self.transcript.word_edited.connect(self.edit_word)
        self.transcript.merge_requested.connect(
            lambda wid: transcript_ops.merge_with_next(self.ops, self.store, wid))
        self.transcript.rename_speaker_requested.connect(self.rename_speaker)
        self.transcript.passage_speaker_requested.connect(self.passage_speaker)
        self.transcript.gap_type_requested.connect(self.type_gap)
        self.transcript.gap_again_requested.connect(self.transcribe_gap_again)
        self.transcript.gap_play_requested.connect(self.player.seek)
        self.transcript.tag_requested.connect(self.tag_words)
        self.transcript.film_requested.connect(lambda a, b: film_ops.add_to_film(
            self, self.ops, self.store, a, b,
            success=lambda _r: self.status.emit("Added to the film")))
        self.transcript.spans_clicked.connect(self.strip.show_spans)
        self.transcript.marker_requested.connect(self.drop_marker)
        self.strip.tag_requested.connect(self._tag_selection)
        self.strip.edit_requested.connect(self.edit_span)
        self.strip.delete_requested.connect(
            lambda sp: touchpoint_ops.delete(self.ops, self.store, sp.id))
        self.runner.operation_executed.connect(self._on_change)
        self.jobs.job_finished.connect(self._job_finished)
        self._poll.timeout.connect(self._poll_progress)
        self.jobs.job_changed.connect(self._job_changed)

    # -- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        self._names = {p.id: (p.pseudonym or p.display_name)
                       + (" (withdrawn)" if p.withdrawn else "")
                       for p in projects.list_participants(self.store)}
        rows = projects.list_recordings(self.store)
        self.model.set_rows(rows)
        if self.current_id is not None:
            for i, r in enumerate(rows):
                if r.id == self.current_id:
                    self.table.selectRow(i)
                    if self.transcript.view is None:
                        self.load_transcript()
        self._update_buttons()

    def _poll_progress(self) -> None:
        if not self.jobs.active():
            self._poll.stop()
        self.refresh()

    def _update_buttons(self) -> None:
        row = self.selected_row()
        done = row is not None and row.state == RecordingState.TRANSCRIBED
        self.transcribe_btn.setText("Transcribe again…" if done else "Transcribe")
        self.transcribe_btn.setEnabled(row is not None
                                       and row.state != RecordingState.TRANSCRIBING)

    def selected_row(self) -> projects.RecordingInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    # bound methods, not lambdas: the jobs outlive this page, and Qt drops a bound method's
    # connection when the page is deleted (a lambda would fire on a deleted page)
    def _job_finished(self, _job: object, _result: object) -> None:
        self.refresh()

    def _job_changed(self, _job: object) -> None:
        self._poll.start()

    def select_recording(self, recording_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == recording_id:
                self.table.selectRow(i)
                return

    def _selected(self) -> None:
        row = self.selected_row()
        self._update_buttons()
        if row is None or row.id == self.current_id:
            return
        self.current_id = row.id
        self.player.load(projects.recording_media(self.store, row.id))
        self.load_transcript()

    def load_transcript(self, keep_scroll: bool = False) -> None:
        view = (editing.load_transcript(self.store, self.current_id)
                if self.current_id is not None else None)
        self.transcript.set_transcript(view, keep_scroll=keep_scroll)
        self.player.waveform.set_gaps(list(view.gaps) if view else [])
        self.load_spans()
        self.placeholder.setVisible(view is None)
        self.transcript.setVisible(view is not None)
        if view is None and self.current_id is not None:
            row = self.selected_row()
            state = row.state_text if row else ""
            self.placeholder.setText(f"No transcript yet ({state}). Press Transcribe to make "
                                     "one on this computer.")
        self.transcript.highlight_time(self.player.position())

    def load_spans(self) -> None:
        if self.current_id is not None and self.transcript.view is not None:
            self.transcript.set_spans(touchpoints.recording_spans(self.store, self.current_id))
        self.strip.show_spans([])

    def _on_change(self, change: object) -> None:
        """Redraw what the change reached: the list, the words, or only the touch points.
        An edit says which recording it changed; an undo or redo does not, so the shown
        transcript is redrawn whenever its tables changed."""
        if not isinstance(change, OpChanges):
            return
        if change.touches("people", "project", "recordings"):
            self.refresh()
        marker = unwrap(change)
        elsewhere = (isinstance(marker, (editing.TranscriptChanged,
                                         touchpoints.TouchPointChanged))
                     and marker.recording_id != self.current_id)
        if elsewhere or self.current_id is None:
            return
        if isinstance(marker, touchpoints.TouchPointChanged):
            self.load_spans()
        elif change.touches("transcript"):
            self.load_transcript(keep_scroll=True)
        elif change.touches("touchpoints"):
            self.load_spans()

    # -- import and transcription --------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def choose_files(self) -> None:
        pattern = " ".join(f"*{s}" for s in sorted(MEDIA_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(self, "Import recordings", str(Path.home()),
                                                f"Audio and video ({pattern});;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path], *, participant_ids: list[int] | None = None,
                     transcribe: bool = True) -> int:
        """What a drop or the Import button does; asks who is heard unless told."""
        if participant_ids is None:
            dialog = ImportDialog(projects.list_participants(self.store), len(paths), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            participant_ids, transcribe = dialog.chosen(), dialog.transcribe.isChecked()
        n = job_ops.import_files(self.jobs, self.store, paths, participant_ids=participant_ids,
                                 then_transcribe=transcribe,
                                 on_imported=lambda _r: self.refresh())
        self.status.emit(f"Importing {n} file(s)…")
        return n

    def transcribe_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.state != RecordingState.TRANSCRIBED:
            job_ops.transcribe(self.jobs, self.store, row.id, row.original_name)
        else:
            replace = retranscribe.confirm_again(self, row.original_name,
                                                 transcripts.corrected_at(self.store, row.id))
            if replace is None:
                return
            job_ops.transcribe(self.jobs, self.store, row.id, row.original_name, again=True,
                               replace_corrected=replace, on_done=self._transcribed_again)
        self.transcribe_btn.setEnabled(False)

    def _transcribed_again(self, outcome: object) -> None:
        self.refresh()
        self.load_transcript()
        retranscribe.show_report(self, outcome.original_name, outcome.report)

    # -- corrections ---------------------------------------------------------------------
    def edit_word(self, word_id: int, text: str) -> None:
        transcript_ops.correct_word(self.ops, self.store, word_id, text)

    def rename_speaker(self, speaker_id: int, label: str) -> None:
        view = self.transcript.view
        names = editing.voice_names(self.store, view.recording_id) if view else []
        names = [label, *(n for n in names if n != label)]
        new, ok = QInputDialog.getItem(
            self, "Whose voice is this?",
            f"“{label}” in this whole recording is (choose a person, or type a name):",
            names, 0, True)
        if ok and new.strip() and new.strip() != label:
            transcript_ops.rename_speaker(self.ops, self.store, speaker_id, new.strip())

    def passage_speaker(self, segment_id: int, label: str) -> None:
        view = self.transcript.view
        labels = sorted(set(view.speakers.values())) if view else [label]
        if view is not None:
            labels += [n for n in editing.voice_names(self.store, view.recording_id)
                       if n not in labels]
        new, ok = QInputDialog.getItem(self, "Who speaks this passage?", "Speaker:",
                                       labels, labels.index(label) if label in labels else 0,
                                       True)
        if ok and new.strip() and new.strip() != label:
            transcript_ops.passage_speaker(self.ops, self.store, segment_id, new.strip())

    def type_gap(self, start: float, end: float) -> None:
        """A person types what Whisper did not hear; it becomes a passage in its place."""
        if self.current_id is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, "Type what was said",
            f"What is said in {short_clock(start)}-{short_clock(end)}:")
        if ok and text.strip():
            gap_ops.type_gap(self.ops, self.store, self.current_id, start, end, text.strip())

    def transcribe_gap_again(self, start: float, end: float) -> None:
        if self.current_id is None:
            return
        where = f"{short_clock(start)}-{short_clock(end)}"

        def done(result: object) -> None:
            words = result[1] if isinstance(result, tuple) else 0
            self.status.emit(f"Whisper heard {words} words in {where}" if words else
                             f"Whisper still heard no words in {where}; type it instead")
        self.status.emit(f"Transcribing {where} again…")
        gap_ops.transcribe_gap_again(self.ops, self.store, self.current_id, start, end,
                                     success=done)

    # -- touch points and markers --------------------------------------------------------
    def _dialog(self, quote: str, data: touchpoints.TouchPointData, title: str) -> TagDialog:
        return TagDialog(self, quote=quote, stages=vocabulary.stages(self.store),
                         emotions=vocabulary.emotions(self.store),
                         themes=vocabulary.theme_names(self.store), data=data, title=title)

    def _tag_selection(self) -> None:
        if not self.transcript.request_tag():
            self.status.emit("Select some words of the transcript first")

    def tag_words(self, first_id: int, last_id: int, quote: str, *,
                  data: touchpoints.TouchPointData | None = None) -> TagDialog:
        """Open the tag dialog for these words; saving tags them (one undoable step)."""
        base = data or touchpoints.TouchPointData(first_word_id=first_id, last_word_id=last_id,
                                                  author=facilitator_name(self) or "")
        dialog = self._dialog(quote, base, "Tag touch point")
        dialog.accepted.connect(
            lambda: touchpoint_ops.tag(self.ops, self.store, dialog.result_data()))
        dialog.open()
        return dialog

    def edit_span(self, span) -> TagDialog:
        words = self.transcript.words()
        ids = [w.id for w in words]
        a, b = ids.index(span.first_word_id), ids.index(span.last_word_id)
        quote = " ".join(w.text for w in words[a:b + 1])
        dialog = self._dialog(quote, span.data, "Edit touch point")
        dialog.accepted.connect(
            lambda: touchpoint_ops.edit(self.ops, self.store, span.id, dialog.result_data()))
        dialog.open()
        return dialog

    def drop_marker(self, ask: bool) -> None:
        """`ask` comes from the M / Shift+M key: Shift+M asks for a word to go with it."""
        label = ""
        if ask:
            label, ok = QInputDialog.getText(self, "Marker", "A word to go with this moment:")
            if not ok:
                return
        at = self.player.position() if self.current_id is not None else None
        note_ops.add_marker(self.ops, self.store, recording_id=self.current_id,
                           at_seconds=at, label=label,
                           success=lambda _r: self.status.emit(
                               f"Marker dropped at {clock(at or 0)}"))

    # -- search --------------------------------------------------------------------------
    def run_search(self) -> None:
        self.results.clear()
        query = self.search_box.text().strip()
        if not query:
            self.results.hide()
            return
        try:
            hits = search.search(self.store, query)
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            self.status.emit(str(exc))
            return
        for hit in hits:
            if hit.kind == "transcript":
                label = f"{hit.recording_name}  {clock(hit.time)}   {hit.context}"
            else:
                label = f"Field note ({hit.place})   {hit.context}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if not hits:
            self.results.addItem(QListWidgetItem(f"No matches for “{query}”"))
        else:
            self.status.emit(f"{len(hits)} match{'es' if len(hits) != 1 else ''}, "
                             f"{redaction.FACILITATOR_VIEW}")
        self.results.setToolTip(redaction.FACILITATOR_VIEW[0].upper()
                                + redaction.FACILITATOR_VIEW[1:])
        rows = min(self.results.count(), 6)
        self.results.setFixedHeight(rows * self.results.sizeHintForRow(0) + 6)
        self.results.show()

    def _open_hit(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is None or hit.kind != "transcript":
            return
        self.select_recording(hit.recording_id)
        self.player.play_from(hit.time)

    def shutdown(self) -> None:
        self.player.remember_position()
        self.player.halt()
