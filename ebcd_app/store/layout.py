"""Where things live inside a project folder: the database, the media, what is made from it.

One place for the names, so the store, its housekeeping and the services agree on them.
"""

from __future__ import annotations

DB_NAME = "project.db"
MEDIA_DIR = "media"
DERIVED_DIR = "derived"
SPEECH_WAV = "speech.wav"  # the 16 kHz mono copy Whisper reads
PEAKS = "peaks.npy"  # the waveform's peaks
POSTER = "poster.jpg"  # a frame of a video
