"""The media player beside the transcript, with the transport transcribers expect.

Video shows in a QGraphicsVideoItem (it renders into screenshots and grabs, unlike
QVideoWidget), audio as its waveform. Play/pause, skip, replay-on-resume, speed 0.5x-2x,
and the last position of each recording remembered.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.basics.clock import clock
from ebcd_app.gui.waveform import WaveformWidget
from ebcd_app.services.projects import RecordingMedia

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
SKIP_SECONDS = 5.0
REPLAY_ON_RESUME = 2.0
TICK_MS = 40


class VideoView(QGraphicsView):
    def __init__(self) -> None:
        super().__init__()
        self._scene = QGraphicsScene(self)  # parented, or Python frees it with the item
        self.setScene(self._scene)
        self.poster = QGraphicsPixmapItem()  # shown until the first video frame arrives
        self._scene.addItem(self.poster)
        self.item = QGraphicsVideoItem()
        self._scene.addItem(self.item)
        self.setBackgroundBrush(QColor("#101820"))
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item.nativeSizeChanged.connect(lambda _s: self._fit())

    def set_poster(self, path: Path | None) -> None:
        self._poster = QPixmap(str(path)) if path and path.is_file() else QPixmap()
        self._fit()

    def _fit(self) -> None:
        size = self.viewport().size()
        self.item.setSize(QSizeF(size))
        pix = getattr(self, "_poster", QPixmap())
        if not pix.isNull():
            scaled = pix.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
            self.poster.setPixmap(scaled)
            self.poster.setPos((size.width() - scaled.width()) / 2,
                               (size.height() - scaled.height()) / 2)
        else:
            self.poster.setPixmap(QPixmap())
        self.setSceneRect(self.item.boundingRect())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class PlayerPanel(QWidget):
    """Owns the QMediaPlayer; tells the transcript where playback is."""

    position_changed = Signal(float)  # seconds
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.media: RecordingMedia | None = None
        self._span_end: float | None = None
        self._resume_replay = False
        self._pending_seek: float | None = None  # a seek asked for while still loading
        self._settings = QSettings()

        self.video = VideoView()
        self.player.setVideoOutput(self.video.item)
        self.waveform = WaveformWidget()
        self.waveform.seek_requested.connect(self.seek)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.waveform)
        self.stack.addWidget(self.video)
        self.stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        style = self.style()
        self.back_btn = self._button(QStyle.StandardPixmap.SP_MediaSeekBackward,
                                     f"Back {SKIP_SECONDS:.0f} s (Alt+Left)",
                                     lambda: self.skip(-SKIP_SECONDS))
        self.play_btn = self._button(QStyle.StandardPixmap.SP_MediaPlay,
                                     "Play / pause (Esc)", self.toggle)
        self.fwd_btn = self._button(QStyle.StandardPixmap.SP_MediaSeekForward,
                                    f"Forward {SKIP_SECONDS:.0f} s (Alt+Right)",
                                    lambda: self.skip(SKIP_SECONDS))
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.time_label = QLabel("0:00:00 / 0:00:00")
        self.time_label.setMinimumWidth(130)
        self.speed = QComboBox()
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Playback speed")
        self.speed.currentIndexChanged.connect(
            lambda i: self.player.setPlaybackRate(SPEEDS[i]))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 4, 0, 0)
        for w in (self.back_btn, self.play_btn, self.fwd_btn):
            bar.addWidget(w)
        bar.addWidget(self.time_label)
        bar.addStretch(1)
        bar.addWidget(QLabel("Speed"))
        bar.addWidget(self.speed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.mediaStatusChanged.connect(self._status_changed)
        # while playing the timer ticks; otherwise position changes (seeks) do
        self.player.positionChanged.connect(lambda _ms: None if self._timer.isActive()
                                            else self._tick())
        self.set_enabled(False)

    def _button(self, icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
        b = QToolButton()
        b.setObjectName("transport")
        b.setIcon(self.style().standardIcon(icon))
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    def set_enabled(self, on: bool) -> None:
        for w in (self.back_btn, self.play_btn, self.fwd_btn, self.speed):
            w.setEnabled(on)

    # -- loading -------------------------------------------------------------------------
    def halt(self) -> None:
        """Pause, never stop: QMediaPlayer.stop() can deadlock while a source is loading."""
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()

    def load(self, media: RecordingMedia | None) -> None:
        self.remember_position()
        self.halt()
        self.media = media
        if media is None:
            self.player.setSource(QUrl())
            self.set_enabled(False)
            return
        self.player.setSource(QUrl.fromLocalFile(str(media.media)))
        self.stack.setCurrentWidget(self.video if media.has_video else self.waveform)
        self.video.set_poster(media.poster if media.has_video else None)
        self.waveform.load(media.peaks, media.duration)
        saved = float(self._settings.value(f"positions/{media.sha256}", 0.0) or 0.0)
        self.seek(saved if saved < media.duration - 1 else 0.0)
        self.set_enabled(True)

    def remember_position(self) -> None:
        if self.media is not None:
            self._settings.setValue(f"positions/{self.media.sha256}", self.position())

    # -- transport -----------------------------------------------------------------------
    def position(self) -> float:
        if self._pending_seek is not None:
            return self._pending_seek
        return self.player.position() / 1000.0

    def seek(self, seconds: float) -> None:
        self._resume_replay = False
        seconds = max(0.0, seconds)
        if self.player.mediaStatus() == QMediaPlayer.MediaStatus.LoadingMedia:
            self._pending_seek = seconds
        else:
            self._pending_seek = None
            self.player.setPosition(int(seconds * 1000))
        self._tick(force=seconds)

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._pending_seek is not None and status in (
                QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            seconds, self._pending_seek = self._pending_seek, None
            self.player.setPosition(int(seconds * 1000))

    def play(self) -> None:
        if self.media is None:
            return
        if self._resume_replay:
            self.player.setPosition(max(0, self.player.position()
                                        - int(REPLAY_ON_RESUME * 1000)))
        self._resume_replay = False
        self.player.play()

    def pause(self) -> None:
        self.player.pause()
        self._resume_replay = True
        self.remember_position()

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.pause()
        else:
            self._span_end = None
            self.play()

    def skip(self, delta: float) -> None:
        self.seek(self.position() + delta)

    def play_from(self, seconds: float) -> None:
        self._span_end = None
        self.seek(seconds)
        self.player.play()

    def play_span(self, start: float, end: float) -> None:
        self.seek(start)
        self._span_end = end
        self.player.play()

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_btn.setIcon(self._pause_icon if playing else self._play_icon)
        if playing:
            self._timer.start()
        else:
            self._timer.stop()
        self.playing_changed.emit(playing)

    def _tick(self, *, force: float | None = None) -> None:
        pos = self.position() if force is None else force
        if self._span_end is not None and pos >= self._span_end:
            self._span_end = None
            self.pause()
            self._resume_replay = False
        duration = self.media.duration if self.media else 0.0
        self.time_label.setText(f"{clock(pos)} / {clock(duration)}")
        self.waveform.set_position(pos)
        self.position_changed.emit(pos)
