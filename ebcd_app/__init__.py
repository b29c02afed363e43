"""EBCD Studio: an offline workbench for experience-based co-design."""

from ebcd_app.speech.offline import ensure_offline

# first, before anything can load onnxruntime or faster-whisper (see speech/offline.py)
ensure_offline()

__version__ = "0.1.0"
