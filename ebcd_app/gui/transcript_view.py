"""The transcript as readable text by speaker turns, with a word-level index behind it.

The document is plain text built once per change; every word's character range and time
are kept in sorted arrays, so a click finds its word and the playback highlight finds the
current word by bisection. The highlight is an extra selection (nothing in the document
changes), which keeps following playback cheap even for a 90-minute interview.

Each touch point starts with its sentiment's mark (▲ ◆ ▼), so colour is never the only cue.
The marks are real characters, for screen readers and for print, inserted and removed in
place; the word positions are shifted by them, so a click, F2 and a selection still find
the right words, and copying leaves them out.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QTextEdit, QWidget

from ebcd_app.basics.clock import short_clock
from ebcd_app.gui.player import clock
from ebcd_app.gui.style import DANGER as GAP_COLOUR
from ebcd_app.gui.style import HIGHLIGHT_WORD, TEXT_MUTED
from ebcd_app.services.editing import SegmentView, TranscriptView, WordView

LOW_CONFIDENCE = 0.45
PARAGRAPH_PAUSE = 1.2  # seconds of silence that start a new paragraph within a turn
MARK_GAP = "\u202f"  # narrow no-break space: a mark never wraps away from its word


@dataclass(frozen=True)
class _Header:
    start: int
    end: int
    segment: SegmentView


class TranscriptTextView(QTextEdit):
    word_clicked = Signal(object)  # WordView
    span_selected = Signal(float, float)
    word_edited = Signal(int, str)  # word id, new text (may contain spaces: a split)
    merge_requested = Signal(int)  # word id, merge with the next
    rename_speaker_requested = Signal(int, str)  # speaker id, current label
    tag_requested = Signal(int, int, str)  # first word id, last word id, the words
    film_requested = Signal(int, int)  # first and last word id of the selection
    marker_requested = Signal(bool)  # True: ask for a word to go with it
    spans_clicked = Signal(object)  # list[TouchPointSpan] under the clicked word
    passage_speaker_requested = Signal(int, str)  # segment id, current label
    gap_type_requested = Signal(float, float)  # untranscribed speech: type what was said
    gap_again_requested = Signal(float, float)  # untranscribed speech: decode it again
    gap_play_requested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.document().setDocumentMargin(14)
        font = QFont(self.font())
        font.setPointSizeF(11.5)
        self.setFont(font)
        self.follow_playback = True
        self.view: TranscriptView | None = None
        self._chars: list[int] = []
        self._words: list[WordView] = []
        self._times: list[float] = []
        self._segment_of: list[SegmentView] = []
        self._headers: list[_Header] = []
        self._current = -1
        self._editor: QLineEdit | None = None
        self._press: QPoint | None = None
        self._spans: list = []  # TouchPointSpan, with word index ranges in _span_ranges
        self._span_ranges: list[tuple[int, int]] = []
        self._marks: list[tuple[int, int]] = []  # (position, length) of each span's mark
        self._plain = QTextCharFormat()
        self._unsure = QTextCharFormat()
        self._unsure.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        self._unsure.setUnderlineColor(QColor("#c97a00"))
        self._unsure.setToolTip("Whisper was unsure of this word")

    # -- building ------------------------------------------------------------------------
    def set_transcript(self, view: TranscriptView | None, keep_scroll: bool = False) -> None:
        scroll = self.verticalScrollBar().value()
        self.view = view
        self._chars, self._words, self._times, self._segment_of = [], [], [], []
        self._headers = []
        self._gap_lines: list[tuple[int, int, float, float]] = []  # text range, gap
        self._spans, self._span_ranges, self._marks = [], [], []
        self._current = -1
        self.setExtraSelections([])
        doc = self.document()
        doc.clear()
        if view is None:
            return
        cursor = QTextCursor(doc)
        block = cursor.blockFormat()
        block.setBottomMargin(6)
        block.setLineHeight(125, 1)  # proportional line height, easier to read and click
        cursor.setBlockFormat(block)
        header_fmt = QTextCharFormat()
        header_fmt.setFontWeight(QFont.Weight.DemiBold)
        header_fmt.setForeground(QColor("#1f5f8b"))
        time_fmt = QTextCharFormat()
        time_fmt.setForeground(QColor(TEXT_MUTED))
        plain = self._plain
        gap_fmt = QTextCharFormat()
        gap_fmt.setForeground(QColor(GAP_COLOUR))
        gap_fmt.setFontItalic(True)
        gaps = sorted(view.gaps)
        cursor.beginEditBlock()
        last_speaker: object = object()
        first = True
        last_end = 0.0
        for seg in [*view.segments, None]:
            while gaps and (seg is None or gaps[0][0] <= seg.start):
                start_s, end_s = gaps.pop(0)
                if not first:
                    cursor.insertBlock()
                first = False
                at = cursor.position()
                cursor.insertText(f"⚠ untranscribed speech {short_clock(start_s)}-"
                                  f"{short_clock(end_s)}: Whisper heard no words here; "
                                  "right-click to type what was said or transcribe it again",
                                  gap_fmt)
                self._gap_lines.append((at, cursor.position(), start_s, end_s))
                last_speaker = object()  # the next words start a new turn
            if seg is None:
                break
            if seg.speaker_id == last_speaker and seg.start - last_end >= PARAGRAPH_PAUSE:
                cursor.insertBlock()
            last_end = seg.end
            if seg.speaker_id != last_speaker:
                if not first:
                    cursor.insertBlock()
                first = False
                start = cursor.position()
                cursor.insertText(seg.speaker or "Speaker", header_fmt)
                self._headers.append(_Header(start, cursor.position(), seg))
                cursor.insertText(f"   {clock(seg.start)}", time_fmt)
                cursor.insertBlock()
                last_speaker = seg.speaker_id
            for w in seg.words:
                if cursor.positionInBlock() > 0:
                    cursor.insertText(" ", plain)
                self._chars.append(cursor.position())
                self._words.append(w)
                self._times.append(w.start)
                self._segment_of.append(seg)
                cursor.insertText(w.text, self._word_format(w))
        cursor.endEditBlock()
        if keep_scroll:
            self.verticalScrollBar().setValue(scroll)

    def _word_format(self, word: WordView) -> QTextCharFormat:
        return self._unsure if word.probability < LOW_CONFIDENCE else self._plain

    def set_spans(self, spans: list) -> None:
        """Tint each touch point's words by sentiment and start it with its mark (▲ ◆ ▼)."""
        from ebcd_app.gui.sentiment_style import COLOUR, TINT, UNSET_COLOUR, UNSET_TINT, label
        from ebcd_app.gui.sentiment_style import mark as sentiment_mark

        doc = self.document()
        cur = QTextCursor(doc)
        cur.beginEditBlock()
        self._remove_marks(cur)
        for a, b in self._span_ranges:  # back to how the words were built
            self._format_words(cur, a, b)
        index = {w.id: i for i, w in enumerate(self._words)}
        self._spans, self._span_ranges = [], []
        starts: dict[int, list] = {}
        for span in spans:
            a, b = index.get(span.first_word_id), index.get(span.last_word_id)
            if a is None or b is None:
                continue
            self._spans.append(span)
            self._span_ranges.append((a, b))
            starts.setdefault(a, []).append(span)
        self._insert_marks(cur, {a: [sentiment_mark(sp.data.sentiment) for sp in group]
                                 for a, group in starts.items()})
        mark_at = {self.word_index_at_char(pos + length): pos for pos, length in self._marks}
        for span, (a, b) in zip(self._spans, self._span_ranges, strict=True):
            fmt = QTextCharFormat()
            sentiment = span.data.sentiment
            fmt.setBackground(QColor(TINT[sentiment] if sentiment else UNSET_TINT))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor(COLOUR[sentiment] if sentiment else UNSET_COLOUR))
            bits = [label(sentiment), span.stage, span.data.emotion, ", ".join(span.data.themes)]
            fmt.setToolTip(" · ".join(b for b in bits if b))
            cur.setPosition(mark_at.get(a, self._chars[a]))
            cur.setPosition(self._chars[b] + len(self._words[b].text),
                            QTextCursor.MoveMode.KeepAnchor)
            cur.mergeCharFormat(fmt)
        cur.endEditBlock()

    def _format_words(self, cur: QTextCursor, a: int, b: int) -> None:
        """Words a..b (and the spaces between) in the format they were built with."""
        for i in range(a, b + 1):
            end = self._chars[i] + len(self._words[i].text)
            cur.setPosition(self._chars[i])
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cur.setCharFormat(self._word_format(self._words[i]))
            if i < b:
                cur.setPosition(end)
                cur.setPosition(self._chars[i + 1], QTextCursor.MoveMode.KeepAnchor)
                cur.setCharFormat(self._plain)

    def _insert_marks(self, cur: QTextCursor, marks: dict[int, list[tuple[str, str]]]) -> None:
        """Put (symbol, colour) marks before words (by index); shift positions after them."""
        placed: list[tuple[int, int]] = []  # (position before insertion, length)
        for a in sorted(marks, reverse=True):  # from the end: earlier positions stay put
            cur.setPosition(self._chars[a])
            for symbol, colour in marks[a]:
                fmt = QTextCharFormat()
                fmt.setForeground(QColor(colour))
                fmt.setFontWeight(QFont.Weight.Bold)
                cur.insertText(symbol, fmt)
            cur.insertText(MARK_GAP, self._plain)
            placed.append((self._chars[a], len(marks[a]) + len(MARK_GAP)))
        placed.reverse()
        starts = [p for p, _ in placed]
        shift = [0]
        for _p, length in placed:
            shift.append(shift[-1] + length)

        def moved(pos: int) -> int:  # marks at a word's position go before the word
            return pos + shift[bisect.bisect_right(starts, pos)]
        self._marks = [(p + shift[i], length) for i, (p, length) in enumerate(placed)]
        self._shift_positions(moved)

    def _remove_marks(self, cur: QTextCursor) -> None:
        for pos, length in reversed(self._marks):
            cur.setPosition(pos)
            cur.setPosition(pos + length, QTextCursor.MoveMode.KeepAnchor)
            cur.removeSelectedText()
        starts = [p for p, _ in self._marks]
        shift = [0]
        for _p, length in self._marks:
            shift.append(shift[-1] + length)
        self._marks = []
        self._shift_positions(lambda pos: pos - shift[bisect.bisect_left(starts, pos)])

    def _shift_positions(self, moved: Callable[[int], int]) -> None:
        self._chars = [moved(c) for c in self._chars]
        self._headers = [replace(h, start=moved(h.start), end=moved(h.end))
                         for h in self._headers]

    def spoken_selection(self) -> str:
        """The selected words as spoken: the sentiment marks are not part of what was said."""
        cur = self.textCursor()
        lo, hi = cur.selectionStart(), cur.selectionEnd()
        text = cur.selectedText()
        for pos, length in reversed(self._marks):
            a, b = max(pos, lo), min(pos + length, hi)
            if a < b:
                text = text[:a - lo] + text[b - lo:]
        return text.replace("\u2029", "\n").replace("\u2028", "\n")

    def copy(self) -> None:
        """Copy without the marks. (Not by overriding createMimeDataFromSelection: a
        QMimeData made in Python and handed to the clipboard crashes PySide 6.11 at exit.)"""
        if self.textCursor().hasSelection():
            QGuiApplication.clipboard().setText(self.spoken_selection())

    def spans_at(self, index: int) -> list:
        return [sp for sp, (a, b) in zip(self._spans, self._span_ranges, strict=True)
                if a <= index <= b]

    # -- lookup --------------------------------------------------------------------------
    def word_index_at_char(self, pos: int) -> int:
        """The word at a text position; on a span's mark, the word the mark stands before."""
        i = bisect.bisect_right(self._chars, pos) - 1
        if i >= 0 and pos <= self._chars[i] + len(self._words[i].text):
            return i
        m = bisect.bisect_right(self._marks, (pos, float("inf"))) - 1  # a mark from here back
        if m >= 0 and pos < self._marks[m][0] + self._marks[m][1]:
            return i + 1
        return -1

    def word_at(self, point: QPoint) -> WordView | None:
        i = self.word_index_at_char(self.cursorForPosition(point).position())
        return self._words[i] if i >= 0 else None

    def word_index_at_time(self, seconds: float) -> int:
        return bisect.bisect_right(self._times, seconds) - 1

    def word_cursor(self, index: int) -> QTextCursor:
        cur = QTextCursor(self.document())
        cur.setPosition(self._chars[index])
        cur.setPosition(self._chars[index] + len(self._words[index].text),
                        QTextCursor.MoveMode.KeepAnchor)
        return cur

    def words(self) -> list[WordView]:
        return list(self._words)

    def current_word(self) -> WordView | None:
        return self._words[self._current] if self._current >= 0 else None

    def _header_at(self, pos: int) -> _Header | None:
        return next((h for h in self._headers if h.start <= pos <= h.end), None)

    # -- playback highlight --------------------------------------------------------------
    def highlight_time(self, seconds: float) -> None:
        i = self.word_index_at_time(seconds)
        if i == self._current or not self._words:
            return
        self._current = i
        if i < 0:
            self.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        sel.cursor = self.word_cursor(i)
        sel.format.setBackground(QColor(HIGHLIGHT_WORD))
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
        self.setExtraSelections([sel])
        if self.follow_playback and not self.textCursor().hasSelection():
            rect = self.cursorRect(sel.cursor)
            if not self.viewport().rect().adjusted(0, 30, 0, -30).contains(rect):
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    # -- mouse and keys ------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cur = self.textCursor()
        if cur.hasSelection():
            span = self.selected_words()
            if span:
                self.span_selected.emit(span[0].start, span[-1].end)
            return
        i = self.word_index_at_char(self.cursorForPosition(event.position().toPoint())
                                    .position())
        if i >= 0:
            self.word_clicked.emit(self._words[i])
            self.spans_clicked.emit(self.spans_at(i))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        i = self.word_index_at_char(self.cursorForPosition(event.position().toPoint())
                                    .position())
        if i >= 0:
            self.begin_edit(i)

    def selected_words(self) -> list[WordView]:
        cur = self.textCursor()
        lo, hi = cur.selectionStart(), cur.selectionEnd()
        return [w for c, w in zip(self._chars, self._words, strict=True)
                if c + len(w.text) > lo and c < hi]

    def request_tag(self) -> bool:
        span = self.selected_words()
        if not span:
            return False
        self.tag_requested.emit(span[0].id, span[-1].id, " ".join(w.text for w in span))
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if event.key() == Qt.Key.Key_T and plain and self.request_tag():
            return
        if event.key() == Qt.Key.Key_M and plain:
            self.marker_requested.emit(bool(event.modifiers()
                                            & Qt.KeyboardModifier.ShiftModifier))
            return
        i = self._focus_index()
        if event.key() == Qt.Key.Key_F2 and i >= 0:
            self.begin_edit(i)
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if (event.key() == Qt.Key.Key_M and event.modifiers()
                & Qt.KeyboardModifier.ControlModifier and i >= 0):
            self.merge_requested.emit(self._words[i].id)
            return
        super().keyPressEvent(event)

    def _focus_index(self) -> int:
        """The word being worked on: under the text cursor, else the one playing."""
        i = self.word_index_at_char(self.textCursor().selectionStart())
        return i if i >= 0 else self._current

    def gap_at(self, pos: int) -> tuple[float, float] | None:
        """The untranscribed speech whose line holds text position `pos`, if any."""
        return next(((a, b) for lo, hi, a, b in self._gap_lines if lo <= pos <= hi), None)

    def gap_positions(self) -> list[int]:
        """Where each gap line starts in the text (for tests and keyboard users)."""
        return [lo for lo, _hi, _a, _b in self._gap_lines]

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = self.cursorForPosition(event.pos()).position()
        menu = QMenu(self)
        if (gap := self.gap_at(pos)) is not None:
            menu.addAction("Type what was said here…",
                           lambda: self.gap_type_requested.emit(*gap))
            menu.addAction("Transcribe this part again",
                           lambda: self.gap_again_requested.emit(*gap))
            menu.addAction("Play it", lambda: self.gap_play_requested.emit(gap[0]))
            menu.exec(event.globalPos())
            return
        header = self._header_at(pos)
        i = self.word_index_at_char(pos)
        seg = header.segment if header else (self._segment_of[i] if i >= 0 else None)
        if self.textCursor().hasSelection():
            tag = QAction("Tag selection as a touch point…", menu)
            tag.setShortcut(QKeySequence(Qt.Key.Key_T))
            tag.triggered.connect(self.request_tag)
            menu.addAction(tag)
            menu.addAction("Copy", self.copy)
            menu.addAction("Copy", self.copy)
            span = self.selected_words()
            if span:
                menu.addAction("Add selection to the film…", lambda: self.film_requested.emit(
                    span[0].id, span[-1].id))
            menu.addSeparator()
        if i >= 0:
            word = self._words[i]
            menu.addAction(f"Play from “{word.text}”", lambda: self.word_clicked.emit(word))
            edit = QAction("Correct word…", menu)
            edit.setShortcut(QKeySequence(Qt.Key.Key_F2))
            edit.triggered.connect(lambda: self.begin_edit(i))
            menu.addAction(edit)
            merge = QAction("Merge with next word", menu)
            merge.setShortcut(QKeySequence("Ctrl+M"))
            merge.triggered.connect(lambda: self.merge_requested.emit(word.id))
            menu.addAction(merge)
            menu.addSeparator()
        if seg is not None and seg.speaker_id is not None:
            menu.addAction(f"Rename speaker “{seg.speaker}” everywhere…",
                           lambda: self.rename_speaker_requested.emit(seg.speaker_id,
                                                                      seg.speaker))
            menu.addAction("This passage is spoken by…",
                           lambda: self.passage_speaker_requested.emit(seg.id, seg.speaker))
        menu.exec(event.globalPos())

    # -- inline correction ---------------------------------------------------------------
    def begin_edit(self, index: int) -> None:
        word = self._words[index]
        rect = self.cursorRect(self.word_cursor(index))
        editor = QLineEdit(word.text, self.viewport())
        editor.setObjectName("wordEditor")
        editor.setFont(self.font())
        editor.setToolTip("Enter to save, Esc to cancel. Type a space to split the word.")
        width = max(120, self.fontMetrics().horizontalAdvance(word.text) + 60)
        editor.setGeometry(rect.left() - 4, rect.top() - 4, width, rect.height() + 10)
        editor.selectAll()
        editor.show()
        editor.setFocus()
        self._editor = editor

        def commit() -> None:
            text = editor.text().strip()
            self._close_editor()
            if text and text != word.text:
                self.word_edited.emit(word.id, text)

        editor.returnPressed.connect(commit)
        editor.installEventFilter(self)

    def _close_editor(self) -> None:
        if self._editor is not None:
            editor, self._editor = self._editor, None
            editor.removeEventFilter(self)
            editor.hide()
            editor.deleteLater()
            self.setFocus()

    def eventFilter(self, obj, event) -> bool:
        if obj is self._editor:
            if event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self._close_editor()
                return True
            if event.type() == event.Type.FocusOut:
                self._close_editor()
        return super().eventFilter(obj, event)
