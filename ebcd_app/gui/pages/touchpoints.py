"""The touch point board: every moment tagged so far, filtered, counted, and played back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics.atomic import write_text
from ebcd_app.domain.models import Role, Sentiment
from ebcd_app.gui.cards import CardView
from ebcd_app.gui.facilitator import facilitator_name
from ebcd_app.gui.flow_layout import FlowLayout
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops import film as film_ops
from ebcd_app.gui.ops import notes as note_ops
from ebcd_app.gui.ops import touchpoints as touchpoint_ops
from ebcd_app.gui.ops.outputs import record
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.player import clock
from ebcd_app.gui.sentiment_style import SYMBOL, label
from ebcd_app.gui.table_model import ColumnFitter, RowsModel, make_table
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.services import board, markers, redaction, touchpoints, vocabulary
from ebcd_app.store.db import ProjectStore

ALL = {"Stage": "All stages", "Sentiment": "All sentiments", "Emotion": "All emotions",
       "Theme": "All themes", "Role": "All roles", "Recording": "All interviews"}
ROLE_NAMES = {Role.STAFF: "Staff", Role.PATIENT: "Patient", Role.FAMILY_CARER: "Family / carer",
              Role.OTHER: "Other"}


class TouchPointsPage(QWidget):
    status = Signal(str)
    play_requested = Signal(int, float)  # recording id, seconds

    def __init__(self, store: ProjectStore, ops: Ops,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store, self.ops, self.runner = store, ops, ops.runner
        self.rows: list[board.BoardRow] = []
        self.shown: list[board.BoardRow] = []
        bar = self._build_filters()  # built in the order Tab visits them
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_board())
        split.addWidget(self._build_side())
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([900, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Touch points", "The moments that shaped people's "
                                     "experience, by stage and feeling. Double-click one to "
                                     "hear it."))
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addLayout(self._build_buttons())
        self._connect()
        self.refresh()

    def _build_filters(self) -> FlowLayout:
        self.filters: dict[str, QComboBox] = {}
        bar = FlowLayout()  # wraps onto a second line on a narrow screen
        for key in ("Stage", "Sentiment", "Emotion", "Theme", "Role", "Recording"):
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(len(ALL[key]) - 3)  # "All …" shows whole
            combo.setToolTip(f"Show only one {key.lower()}")
            self.filters[key] = combo
            bar.addWidget(combo)
        self.search = QLineEdit()
        self.search.setMinimumWidth(120)
        self.search.setPlaceholderText("Words…")
        self.search.setClearButtonEnabled(True)
        self.quotes_only = QCheckBox("Quotes")
        self.clear_btn = QPushButton("Clear")
        bar.addWidget(self.search)
        bar.addWidget(self.quotes_only)
        bar.addWidget(self.clear_btn)
        return bar

    def _build_board(self) -> QTabWidget:
        """The touch points as a table and as cards, sharing one selection."""
        self.model = RowsModel([
            ("Stage", lambda r: r.stage or "—"),
            ("Sentiment", lambda r: label(r.sentiment)),
            ("Emotion", lambda r: r.emotion or "—"),
            ("Themes", lambda r: ", ".join(r.themes) or "—"),
            ("Who", lambda r: r.attribution),
            ("Where", lambda r: f"{clock(r.start)} {r.recording_name}" if r.start is not None
             else r.recording_name),  # the time first: a cut cell still says when
            ("Words", lambda r: f"⚠ Needs attention (words gone after the transcript was "
                                f"replaced): {r.text}" if r.needs_attention else r.text),
        ])
        self.model.tooltip = _row_tooltip  # cells may be cut short: the tooltip has it all
        self.table = make_table(self.model)
        # two lines a row, so a narrowed column still shows a whole stage, theme or name
        lines = 2 * self.table.fontMetrics().lineSpacing() + 12
        self.table.verticalHeader().setDefaultSectionSize(lines)
        self.columns = ColumnFitter(self.table, stretch=6, keep=300)  # words on screen
        self.cards = CardView()
        self.cards.setModel(self.model)
        self.cards.setSelectionModel(self.table.selectionModel())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(self.cards, "Cards")
        return self.tabs

    def _build_side(self) -> QSplitter:
        """The counts by stage and sentiment, and the live markers to turn into touch points."""
        self.counts = QTableWidget()
        self.counts.verticalHeader().hide()
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setShowGrid(False)
        self.total = QLabel()
        counts_box = QGroupBox("Counts by stage and sentiment")
        cv = QVBoxLayout(counts_box)
        cv.addWidget(self.total)
        cv.addWidget(self.counts)
        self.markers = QListWidget()
        marker_box = QGroupBox("Live markers")
        mv = QVBoxLayout(marker_box)
        mv.addWidget(self.markers)
        mrow = QGridLayout()  # two rows: a narrow side leaves the table room for the words
        for (text, slot), (row, col, span) in zip(
                (("Make touch point…", self.convert_marker), ("Dismiss", self.dismiss_marker),
                 ("Drop marker", self.drop_marker)), ((0, 0, 2), (1, 0, 1), (1, 1, 1)),
                strict=True):
            b = QPushButton(text)
            b.clicked.connect(slot)
            mrow.addWidget(b, row, col, 1, span)
        mv.addLayout(mrow)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(counts_box)
        side.addWidget(marker_box)
        return side

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        for text, slot in (("Play moment", self.play_selected), ("Add to film…", self.to_film),
                           ("Edit…", self.edit_selected), ("Place again", self.place_again),
                           ("Delete", self.delete_selected), ("Export…", self.export),
                           ("Export quotes…", self.export_quotes)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        return buttons

    def _connect(self) -> None:
        for combo in self.filters.values():
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.quotes_only.toggled.connect(lambda _c: self.apply_filters())
        self.clear_btn.clicked.connect(self.clear_filters)
        for view in (self.table, self.cards):
            view.doubleClicked.connect(lambda _i: self.play_selected())
        self.runner.operation_executed.connect(self._on_change)

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.rows = board.load_board(self.store)
        stage_order = [s.name for s in vocabulary.stages(self.store)]
        used = {r.stage for r in self.rows if r.stage}
        choices = {
            "Stage": [(s, s) for s in stage_order if s in used],
            "Sentiment": [(label(s), s) for s in Sentiment],
            "Emotion": [(e, e) for e in sorted({r.emotion for r in self.rows if r.emotion})],
            "Theme": [(t, t) for t in sorted({t for r in self.rows for t in r.themes})],
            "Role": [(ROLE_NAMES[r], r) for r in Role],
            "Recording": sorted({(r.recording_name, r.recording_id) for r in self.rows
                                 if r.recording_id is not None}),
        }
        for key, items in choices.items():
            combo = self.filters[key]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL[key], None)
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)
        self.apply_filters()
        self.refresh_markers()

    def current_filter(self) -> board.BoardFilter:
        def one(key: str) -> frozenset | None:
            value = self.filters[key].currentData()
            return None if value is None else frozenset({value})

        return board.BoardFilter(stages=one("Stage"), sentiments=one("Sentiment"),
                                 emotions=one("Emotion"), themes=one("Theme"),
                                 roles=one("Role"), recordings=one("Recording"),
                                 quotes_only=self.quotes_only.isChecked(),
                                 text=self.search.text())

    def apply_filters(self) -> None:
        self.shown = board.filter_rows(self.rows, self.current_filter())
        self.model.set_rows(self.shown)
        self._show_counts()

    def clear_filters(self) -> None:
        for combo in self.filters.values():
            combo.setCurrentIndex(0)
        self.search.clear()
        self.quotes_only.setChecked(False)

    def _show_counts(self) -> None:
        table = board.counts(self.shown)
        order = [s.name for s in vocabulary.stages(self.store)] + [""]
        stages = [s for s in order if s in table]
        cols = [Sentiment.POSITIVE, Sentiment.MIXED, Sentiment.NEGATIVE]
        self.counts.setColumnCount(5)
        self.counts.setHorizontalHeaderLabels(["Stage", *(SYMBOL[c] for c in cols), "All"])
        for j, c in enumerate(cols, 1):
            self.counts.horizontalHeaderItem(j).setToolTip(c.value)
        self.counts.setRowCount(len(stages))
        for i, stage in enumerate(stages):
            values = [table[stage].get(c.value, 0) for c in cols]
            cells = [stage or "(no stage)", *map(str, values), str(sum(table[stage].values()))]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.counts.setItem(i, j, item)
        self.counts.resizeColumnsToContents()
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.total.setText(f"{len(self.shown)} of {len(self.rows)} touch points shown")

    def _on_change(self, change: object) -> None:
        """The board shows touch points with their words, stages and speakers, so an edit
        (or its undo) to any of these redraws it; a marker alone redraws only the markers."""
        if not isinstance(change, OpChanges):
            return
        if change.touches("touchpoints", "transcript", "vocabulary", "people", "recordings"):
            self.refresh()
        elif change.touches("notes"):
            self.refresh_markers()

    # -- actions on the selected touch point ---------------------------------------------
    def selected(self) -> board.BoardRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def play_selected(self) -> None:
        row = self.selected()
        if row is not None and row.recording_id is not None and row.start is not None:
            self.play_requested.emit(row.recording_id, row.start)

    def _dialog(self, quote: str, data: touchpoints.TouchPointData, title: str) -> TagDialog:
        return TagDialog(self, quote=quote, stages=vocabulary.stages(self.store),
                         emotions=vocabulary.emotions(self.store),
                         themes=vocabulary.theme_names(self.store), data=data, title=title)

    def edit_selected(self) -> TagDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = self._dialog(row.text, touchpoints.get_touchpoint(self.store, row.id),
                              "Edit touch point")
        dialog.accepted.connect(
            lambda: touchpoint_ops.edit(self.ops, self.store, row.id, dialog.result_data()))
        dialog.open()
        return dialog

    def to_film(self) -> None:
        row = self.selected()
        if row is None or row.recording_id is None:
            self.status.emit("Choose a touch point from an interview")
            return
        if row.needs_attention:
            self.status.emit("This touch point needs attention: place it again first")
            return
        data = touchpoints.get_touchpoint(self.store, row.id)
        film_ops.add_to_film(self, self.ops, self.store, data.first_word_id,
                            data.last_word_id, touchpoint_id=row.id,
                            success=lambda _r: self.status.emit("Added to the film"))

    def place_again(self) -> None:
        """Put a touch point kept from a replaced transcript on the words now spoken at its
        old time (after they were typed in, or another transcript came)."""
        row = self.selected()
        if row is None or not row.needs_attention:
            self.status.emit("Choose a touch point marked “needs attention”")
            return
        touchpoint_ops.place_again(
            self.ops, self.store, row.id, row.recording_id,
            success=lambda _c: self.status.emit("Placed on its words again"))

    def delete_selected(self) -> None:
        row = self.selected()
        if row is not None:
            touchpoint_ops.delete(self.ops, self.store, row.id)

    def export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, "Export touch points",
                                                   str(Path.home() / "touch-points.csv"),
                                                   "CSV (*.csv);;JSON (*.json)")
        if path:
            fmt = "json" if path.endswith(".json") or "JSON" in chosen else "csv"
            redact = redaction.project_redactor(self.store)
            write_text(Path(path), board.export_rows(self.shown, fmt, redact))
            record(self.ops, self.store, Path(path), f"touch points ({fmt})")
            self.status.emit(f"Exported {len(self.shown)} touch points to {path}")

    def export_quotes(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export quotes",
                                              str(Path.home() / "quotes.txt"), "Text (*.txt)")
        if path:
            redact = redaction.project_redactor(self.store)
            write_text(Path(path), board.export_quotes(self.shown, redact))
            record(self.ops, self.store, Path(path), "quotes")
            self.status.emit(f"Exported quotes to {path}")

    # -- markers -------------------------------------------------------------------------
    def refresh_markers(self) -> None:
        self.markers.clear()
        for m in markers.list_markers(self.store):
            where = (f"{m.recording_name}  {clock(m.at_seconds or 0)}" if m.recording_id
                     else f"{m.created_at:%d %b %H:%M} (no recording)")
            item = QListWidgetItem(f"{where}   {m.label}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.markers.addItem(item)

    def _marker(self) -> markers.MarkerInfo | None:
        item = self.markers.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def convert_marker(self) -> TagDialog | None:
        m = self._marker()
        if m is None:
            return None
        try:
            ids = markers.marker_words(self.store, m.id)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.status.emit(str(exc))
            return None
        data = touchpoints.TouchPointData(first_word_id=ids[0], last_word_id=ids[-1],
                                          emotion=m.label, author=facilitator_name(self) or "")
        quote = " ".join(w.text for w in _words(self.store, m.recording_id, ids))
        dialog = self._dialog(quote, data, "Make a touch point from a marker")

        dialog.accepted.connect(lambda: touchpoint_ops.from_marker(
            self.ops, self.store, m.id, dialog.result_data()))
        dialog.open()
        return dialog

    def dismiss_marker(self) -> None:
        m = self._marker()
        if m is not None:
            note_ops.dismiss_marker(self.ops, self.store, m.id)

    def drop_marker(self) -> None:
        note_ops.add_marker(self.ops, self.store, recording_id=None, at_seconds=None,
                           label="", success=lambda _r: self.status.emit("Marker dropped"))


def _row_tooltip(row: board.BoardRow) -> str:
    where = (f"{row.recording_name} {clock(row.start)}" if row.start is not None
             else row.recording_name)
    bits = [row.stage or "no stage", label(row.sentiment), row.emotion, ", ".join(row.themes)]
    return (" · ".join(b for b in bits if b) + f"\n{row.attribution}, {where}\n“{row.text}”")


def _words(store: ProjectStore, recording_id: int | None, ids: list[int]) -> list:
    from ebcd_app.services.editing import load_transcript

    view = load_transcript(store, recording_id) if recording_id else None
    wanted = set(ids)
    return [w for w in (view.words if view else []) if w.id in wanted]
