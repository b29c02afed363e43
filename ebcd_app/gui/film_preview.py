"""Preview the film (or a chapter) before rendering: cards, clips and captions in order.

It plays the sources directly from the plan, so what is previewed is exactly what will be
rendered and exported: same clips, same consent decisions, same captions.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.film.plan import FilmPlan, TimelineItem
from ebcd_app.film.subtitles import TimedWord, cues_from_words
from ebcd_app.gui.player import VideoView, clock

CARD_STYLE = ("background: #1b2a45; color: white; font-size: 26pt; font-weight: 600; "
              "padding: 30px;")


class FilmPreview(QDialog):
    def __init__(self, plan: FilmPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview — {plan.title}")
        self.resize(960, 640)
        self.plan = plan
        self.items: list[TimelineItem] = plan.timeline()
        words = [TimedWord(t, s, e, who) for t, s, e, who in plan.caption_words()]
        self.cues = cues_from_words(words)
        self.cue_starts = [c.start for c in self.cues]
        self.index = -1
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
        self.where = QLabel()
        controls = QHBoxLayout()
        for text, slot in (("◀ Previous", lambda: self.go(self.index - 1)),
                           ("Pause", self.toggle), ("Next ▶", lambda: self.go(self.index + 1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            controls.addWidget(b)
        controls.addStretch(1)
        controls.addWidget(self.where)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.caption)
        layout.addLayout(controls)
        self.elapsed = 0.0  # seconds into the current item
        self.paused = False
        self.timer = QTimer(self)
        self.timer.setInterval(40)
        self.timer.timeout.connect(self._tick)
        self.player.mediaStatusChanged.connect(self._loaded)

    def start(self) -> None:
        if not self.items:
            self.card.setText("This film has no chapters yet.")
            return
        self.go(0)
        self.timer.start()

    def _halt_player(self) -> None:
        """Pause, never stop: QMediaPlayer.stop() can deadlock while a source is loading."""
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            self._halt_player()
            self.timer.stop()
            self.card.setText("The end")
            self.stack.setCurrentWidget(self.card)
            return
        self.index, self.elapsed = index, 0.0
        item = self.items[index]
        self._halt_player()
        if item.kind == "title":
            self.card.setText(item.title)
            self.stack.setCurrentWidget(self.card)
            return
        clip = item.clip
        assert clip is not None
        if clip.has_video and clip.show_video:
            self.stack.setCurrentWidget(self.video)
        else:
            self.card.setText(f"{clip.speaker}\n\nvoice only")
            self.stack.setCurrentWidget(self.card)
        self.player.setSource(QUrl.fromLocalFile(str(clip.source)))
        self.player.play()

    def _loaded(self, status: QMediaPlayer.MediaStatus) -> None:
        item = self.current()
        if item is not None and item.clip is not None and status in (
                QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia) \
                and self.player.position() < item.clip.src_in * 1000 - 200:
            self.player.setPosition(int(item.clip.src_in * 1000))

    def current(self) -> TimelineItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def record_time(self) -> float:
        item = self.current()
        if item is None:
            return 0.0
        if item.clip is None:
            return item.record_in + self.elapsed
        return item.record_in + max(0.0, self.player.position() / 1000 - item.clip.src_in)

    def toggle(self) -> None:
        self.paused = not self.paused
        if self.paused:
            self.player.pause()
        elif self.current() and self.current().clip is not None:
            self.player.play()

    def _tick(self) -> None:
        item = self.current()
        if item is None or self.paused:
            return
        self.elapsed += self.timer.interval() / 1000
        done = (self.elapsed >= item.duration if item.clip is None
                else self.player.position() / 1000 >= item.clip.src_out)
        at = self.record_time()
        i = bisect.bisect_right(self.cue_starts, at) - 1
        cue = self.cues[i] if i >= 0 and self.cues[i].end >= at else None
        self.caption.setText(cue.text.replace("\n", " ") if cue else "")
        chapter = self.plan.chapters[item.chapter].title
        self.where.setText(f"{chapter} · {clock(at)} / {clock(self.plan.duration)}")
        if done:
            self.go(self.index + 1)

    def closeEvent(self, event) -> None:
        self.timer.stop()
        self._halt_player()
        super().closeEvent(event)
