"""Preview the film (or a chapter) before rendering: cards, clips and captions in order.

It plays the sources directly from the plan, so what is previewed is exactly what will be
rendered and exported: same clips, same consent decisions, same captions. A scrub bar spans
the whole film and the chapter list jumps to a chapter's title card, so a facilitator can
check any moment of a 30-minute film without sitting through what comes before it.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.film_plan import FilmPlan, TimelineItem
from ebcd_app.film.subtitles import TimedWord, cues_from_words
from ebcd_app.gui.player import VideoView, clock

CARD_STYLE = ("background: #1b2a45; color: white; font-size: 26pt; font-weight: 600; "
              "padding: 30px;")
SEEK_TOLERANCE = 0.5  # seconds: the player reports a position this near a seek: it is done
SEEK_PATIENCE = 3.0  # seconds: give up waiting for a seek to be reported, play on


class FilmPreview(QDialog):
    def __init__(self, plan: FilmPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview — {plan.title}")
        self.resize(1120, 680)
        self.plan = plan
        self.items: list[TimelineItem] = plan.timeline()
        self.starts = [item.record_in for item in self.items]
        self.duration = plan.duration
        words = [TimedWord(t, s, e, who) for t, s, e, who in plan.caption_words()]
        self.cues = cues_from_words(words)
        self.cue_starts = [c.start for c in self.cues]
        self.index = -1
        self.elapsed = 0.0  # seconds into the current title card
        self.paused = False
        self._target: float | None = None  # source seconds a clip is seeking to
        self._waited = 0.0
        self._moving = False  # the scrub bar is being set by playback, not by a person
        self.timer = QTimer(self)
        self.timer.setInterval(40)
        top = QHBoxLayout()
        top.addLayout(self._build_screen(), 1)
        top.addLayout(self._build_chapters())
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(self._build_scrub())
        layout.addLayout(self._build_controls())
        self._connect()
        self._show_where(0.0)
        self.pause_btn.setFocus()  # Space pauses and plays

    def _build_screen(self) -> QVBoxLayout:
        """The picture, or a card for a title or a voice heard but not seen; captions."""
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = VideoView()
        self.player.setVideoOutput(self.video.item)
        self.card = QLabel()
        self.card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card.setWordWrap(True)
        self.card.setStyleSheet(CARD_STYLE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.card)
        self.stack.addWidget(self.video)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setMinimumHeight(60)
        self.caption.setStyleSheet("background: black; color: white; font-size: 15pt;")
        screen = QVBoxLayout()
        screen.addWidget(self.stack, 1)
        screen.addWidget(self.caption)
        return screen

    def _build_chapters(self) -> QVBoxLayout:
        self.chapter_list = QListWidget()
        self.chapter_list.setMaximumWidth(300)
        self.chapter_list.setToolTip("Click a chapter to jump to it")
        self.chapter_list.setStyleSheet("QListWidget::item { padding: 4px 6px; }")
        for start, title in self.plan.chapter_starts():
            item = QListWidgetItem(f"{clock(start)}   {title}")
            item.setData(Qt.ItemDataRole.UserRole, start)
            self.chapter_list.addItem(item)
        side = QVBoxLayout()
        side.addWidget(QLabel("Chapters"))
        side.addWidget(self.chapter_list, 1)
        return side

    def _build_scrub(self) -> QHBoxLayout:
        self.scrub = QSlider(Qt.Orientation.Horizontal)
        self.scrub.setRange(0, int(self.duration * 1000))
        self.scrub.setSingleStep(5000)
        self.scrub.setPageStep(30_000)
        self.scrub.setToolTip("The whole film: drag to go anywhere in it (arrow keys: 5 s, "
                              "Page Up/Down: 30 s)")
        self.where = QLabel()
        self.where.setMinimumWidth(280)  # the scrub bar keeps its length as chapters change
        row = QHBoxLayout()
        row.addWidget(self.scrub, 1)
        row.addWidget(self.where)
        return row

    def _build_controls(self) -> QHBoxLayout:
        self.previous_btn = QPushButton("◀ Previous")
        self.pause_btn = QPushButton("Pause")
        self.next_btn = QPushButton("Next ▶")
        controls = QHBoxLayout()
        for button in (self.previous_btn, self.pause_btn, self.next_btn):
            controls.addWidget(button)
        controls.addStretch(1)
        return controls

    def _connect(self) -> None:
        self.scrub.sliderMoved.connect(lambda ms: self._show_where(ms / 1000))
        self.scrub.sliderReleased.connect(lambda: self.seek(self.scrub.value() / 1000))
        self.scrub.valueChanged.connect(self._scrubbed)
        self.chapter_list.itemClicked.connect(self._chapter_chosen)
        self.chapter_list.itemActivated.connect(self._chapter_chosen)
        self.previous_btn.clicked.connect(lambda: self.go(max(0, self.index - 1)))
        self.pause_btn.clicked.connect(self.toggle)
        self.next_btn.clicked.connect(lambda: self.go(self.index + 1))
        self.timer.timeout.connect(self._tick)
        self.player.mediaStatusChanged.connect(self._loaded)
        self.player.positionChanged.connect(self._position)

    def start(self, at: float = 0.0) -> None:
        if not self.items:
            self.card.setText("This film has no chapters yet.")
            return
        self.seek(at)

    def _halt_player(self) -> None:
        """Pause, never stop: QMediaPlayer.stop() can deadlock while a source is loading."""
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()

    def seek(self, seconds: float) -> None:
        """Go to a moment of the film: the title card or clip playing then, part way in."""
        if not self.items:
            return
        seconds = min(max(0.0, seconds), self.duration)
        index = max(0, bisect.bisect_right(self.starts, seconds) - 1)
        self.go(index, seconds - self.items[index].record_in)
        if not self.timer.isActive():  # stopped at the end, or not started yet
            self.timer.start()

    def go(self, index: int, offset: float = 0.0) -> None:
        """Show item `index` of the timeline, `offset` seconds into it."""
        if not 0 <= index < len(self.items):
            self._halt_player()
            self.timer.stop()
            self.index, self._target = len(self.items), None
            self.card.setText("The end")
            self.stack.setCurrentWidget(self.card)
            self._show_where(self.duration)
            return
        self.index, self.elapsed = index, offset
        item = self.items[index]
        self._halt_player()
        self._target = None
        if item.kind == "title":
            self.card.setText(item.title)
            self.stack.setCurrentWidget(self.card)
            self._show_where(self.record_time())
            return
        clip = item.clip
        assert clip is not None
        if clip.has_video and clip.show_video:
            self.stack.setCurrentWidget(self.video)
        else:
            self.card.setText(f"{clip.speaker}\n\nvoice only")
            self.stack.setCurrentWidget(self.card)
        self._target, self._waited = clip.src_in + offset, 0.0
        url = QUrl.fromLocalFile(str(clip.source))
        if self.player.source() != url:
            self.player.setSource(url)  # its position is set once it has loaded
        else:
            self.player.setPosition(int(self._target * 1000))
        if not self.paused:
            self.player.play()
        self._show_where(self.record_time())

    def _loaded(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._target is not None and status in (
                QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            self.player.setPosition(int(self._target * 1000))

    def _position(self, ms: int) -> None:
        if self._target is not None and abs(ms / 1000 - self._target) < SEEK_TOLERANCE:
            self._target = None

    def current(self) -> TimelineItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def record_time(self) -> float:
        """Where the preview is in the film, in seconds (a seek counts as done)."""
        item = self.current()
        if item is None:
            return self.duration if self.index >= len(self.items) else 0.0
        if item.clip is None:
            return item.record_in + min(self.elapsed, item.duration)
        at = self._target if self._target is not None else self.player.position() / 1000
        return item.record_in + min(max(0.0, at - item.clip.src_in), item.duration)

    def toggle(self) -> None:
        self.paused = not self.paused
        self.pause_btn.setText("Play" if self.paused else "Pause")
        if self.paused:
            self.player.pause()
        elif self.current() and self.current().clip is not None:
            self.player.play()

    # -- scrub bar and chapters ----------------------------------------------------------
    def _scrubbed(self, ms: int) -> None:
        """A click on the bar or a key moved it: go there (a drag goes on release)."""
        if not self._moving and not self.scrub.isSliderDown():
            self.seek(ms / 1000)

    def _chapter_chosen(self, item: QListWidgetItem) -> None:
        self.seek(item.data(Qt.ItemDataRole.UserRole))

    def _show_where(self, at: float) -> None:
        """The time, the chapter and the scrub bar for `at` seconds into the film."""
        i = max(0, bisect.bisect_right(self.starts, at) - 1)
        chapter = (self.plan.chapters[self.items[i].chapter].title if self.items else "")
        self.where.setText(f"{chapter} · {clock(at)} / {clock(self.duration)}")
        if not self.scrub.isSliderDown():
            self._moving = True
            self.scrub.setValue(int(at * 1000))
            self._moving = False
        if self.items:
            row = self.items[i].chapter
            if self.chapter_list.currentRow() != row:
                self.chapter_list.blockSignals(True)
                self.chapter_list.setCurrentRow(row)
                self.chapter_list.blockSignals(False)

    def _tick(self) -> None:
        item = self.current()
        if item is None or self.paused:
            return
        step = self.timer.interval() / 1000
        if item.clip is None:
            self.elapsed += step
            done = self.elapsed >= item.duration
        elif self._target is not None:  # still seeking: not done, whatever it says now
            self._waited += step
            if self._waited >= SEEK_PATIENCE:
                self._target = None
            done = False
        else:
            done = self.player.position() / 1000 >= item.clip.src_out
        at = self.record_time()
        i = bisect.bisect_right(self.cue_starts, at) - 1
        cue = self.cues[i] if i >= 0 and self.cues[i].end >= at else None
        self.caption.setText(cue.text.replace("\n", " ") if cue else "")
        if not self.scrub.isSliderDown():
            self._show_where(at)
        if done:
            self.go(self.index + 1)

    def closeEvent(self, event) -> None:
        self.timer.stop()
        self._halt_player()
        super().closeEvent(event)
