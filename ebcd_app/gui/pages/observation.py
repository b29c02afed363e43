"""Observation (EBCD stage 1): quick, timestamped field notes, searchable like transcripts."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.gui.facilitator import facilitator_name
from ebcd_app.gui.ops import OpChanges, Ops, unwrap
from ebcd_app.gui.ops import notes as note_ops
from ebcd_app.gui.ops import touchpoints as touchpoint_ops
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.style import muted
from ebcd_app.gui.table_model import RowsModel
from ebcd_app.gui.tag_dialog import TagDialog
from ebcd_app.services import notes, search, touchpoints, vocabulary
from ebcd_app.store.db import ProjectStore


class ObservationPage(QWidget):
    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store, self.ops, self.runner = store, ops, ops.runner
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Search field notes…")
        self.filter.setClearButtonEnabled(True)
        self.count = muted(QLabel())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Observation", "Stage 1: notes from watching daily life "
                                     "on the ward. Some already point at touch points."))
        search_row = QHBoxLayout()
        search_row.addWidget(self.filter, 1)
        search_row.addWidget(self.count)
        layout.addWidget(self._build_entry())
        layout.addLayout(search_row)
        layout.addWidget(self._build_table(), 1)
        layout.addWidget(self._build_detail())
        layout.addLayout(self._detail_row)
        self._connect()
        self.refresh()

    def _build_entry(self) -> QGroupBox:
        """A new note: when, where, what; Ctrl+Enter adds it."""
        entry = QGroupBox("New field note")
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setDisplayFormat("dd MMM yyyy  HH:mm")
        self.when.setCalendarPopup(True)
        self.place = QLineEdit()
        self.place.setPlaceholderText("Place (e.g. Bay B, nurses' station)")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("What did you see or hear? (Ctrl+Enter to add)")
        self.text.setTabChangesFocus(True)  # Tab goes on to "Add note", as in any form
        self.text.setMaximumHeight(_lines(self.text, 4))  # the notes below get the room
        self.add_btn = QPushButton("Add note")
        self.add_btn.setObjectName("primary")
        top = QHBoxLayout()
        top.addWidget(QLabel("When"))
        top.addWidget(self.when)
        top.addWidget(self.place, 1)
        top.addWidget(self.add_btn)
        ev = QVBoxLayout(entry)
        ev.addLayout(top)
        ev.addWidget(self.text)
        QWidget.setTabOrder(self.text, self.add_btn)
        return entry

    def _build_table(self) -> QTableView:
        self.model = RowsModel([
            ("When", lambda n: n.observed_at.strftime("%d %b %Y %H:%M")),
            ("Place", lambda n: n.place or "—"),
            ("Note", lambda n: n.text),
        ])
        self.model.tooltip = lambda n: n.text
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # rows fit their wrapped notes once the columns have settled: sized in the middle of
        # a resize, they keep the height of a narrow column and show one and a half notes
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        return self.table

    def _build_detail(self) -> QTextEdit:
        """The chosen note, whose selected words can be tagged as a touch point."""
        self.detail = QTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(_lines(self.detail, 3))
        self.detail.setPlaceholderText("Choose a note; select words in it to tag a touch point.")
        self.tag_btn = QPushButton("Tag selection as a touch point (T)")
        self.tagged = muted(QLabel())
        self._detail_row = QHBoxLayout()
        self._detail_row.addWidget(self.tagged, 1)
        self._detail_row.addWidget(self.tag_btn)
        return self.detail

    def _connect(self) -> None:
        self.add_btn.clicked.connect(self.add_note)
        add_key = QShortcut(QKeySequence("Ctrl+Return"), self.text, self.add_note)
        add_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.filter.textChanged.connect(lambda _t: self.refresh())
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_note())
        self.tag_btn.clicked.connect(self.tag_selection)
        tag_key = QShortcut(QKeySequence("T"), self.detail, self.tag_selection)
        tag_key.setContext(Qt.ShortcutContext.WidgetShortcut)  # not window-wide: T types
        self.runner.operation_executed.connect(self._on_change)

    def refresh(self) -> None:
        all_notes = notes.list_notes(self.store)
        query = self.filter.text().strip()
        if query:
            try:
                ids = {h.note_id for h in search.search(self.store, query) if h.kind == "note"}
            except Exception:  # noqa: BLE001 - a half-typed query simply matches nothing
                ids = set()
            shown = [n for n in all_notes if n.id in ids]
        else:
            shown = all_notes
        self.model.set_rows(shown)
        self.table.resizeRowsToContents()
        self.count.setText(f"{len(shown)} of {len(all_notes)} notes")

    def add_note(self) -> None:
        text = self.text.toPlainText().strip()
        if not text:
            self.status.emit("Write the note first")
            return
        note_ops.add_note(self.ops, self.store, text=text, place=self.place.text(),
                         observed_at=self.when.dateTime().toPython(),
                         author=facilitator_name(self) or "")
        self.text.clear()
        self.when.setDateTime(QDateTime.currentDateTime())

    def _on_change(self, change: object) -> None:
        if not isinstance(change, OpChanges):
            return
        if change.touches("notes"):
            self.refresh()
            if isinstance(change.result, int) and not change.undone:
                self.status.emit("Field note added")
                self.show_added(change.result)
        elif change.touches("touchpoints"):
            inner = unwrap(change)  # an edit says which note; an undo or redo does not
            if not isinstance(inner, touchpoints.TouchPointChanged) or inner.note_id is not None:
                self.show_note()

    def show_added(self, note_id: int) -> None:
        """Select the note just added and scroll to it: it is usually the last one, below."""
        if not any(n.id == note_id for n in self.model.rows) and self.filter.text():
            self.filter.clear()  # a search that leaves the new note out would hide it
        row = next((i for i, n in enumerate(self.model.rows) if n.id == note_id), None)
        if row is None:
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0),
                            QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_note(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def show_note(self) -> None:
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

        from ebcd_app.gui.sentiment_style import TINT, UNSET_TINT

        note = self.selected_note()
        self.detail.setPlainText(note.text if note else "")
        spans = touchpoints.note_spans(self.store, note.id) if note else []
        for _tid, data in spans:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(TINT[data.sentiment] if data.sentiment else UNSET_TINT))
            cur = QTextCursor(self.detail.document())
            cur.setPosition(data.note_start or 0)
            cur.setPosition(data.note_end or len(note.text), QTextCursor.MoveMode.KeepAnchor)
            cur.mergeCharFormat(fmt)
        self.tagged.setText(f"{len(spans)} touch point(s) in this note" if note else "")

    def tag_selection(self) -> TagDialog | None:
        note = self.selected_note()
        cur = self.detail.textCursor()
        if note is None or not cur.hasSelection():
            self.status.emit("Select words in the note first")
            return None
        start, end = cur.selectionStart(), cur.selectionEnd()
        data = touchpoints.TouchPointData(note_id=note.id, note_start=start, note_end=end,
                                          author=facilitator_name(self) or "")
        dialog = TagDialog(self, quote=note.text[start:end],
                           stages=vocabulary.stages(self.store),
                           emotions=vocabulary.emotions(self.store),
                           themes=vocabulary.theme_names(self.store), data=data)
        dialog.accepted.connect(
            lambda: touchpoint_ops.tag(self.ops, self.store, dialog.result_data()))
        dialog.open()
        return dialog


def _lines(edit: QPlainTextEdit | QTextEdit, n: int) -> int:
    """The height of `n` lines of text in a text box, frame and margins included."""
    margins = 2 * (edit.frameWidth() + int(edit.document().documentMargin())) + 6
    return n * edit.fontMetrics().lineSpacing() + margins
