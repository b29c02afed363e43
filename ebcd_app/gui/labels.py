"""Words the GUI shows for domain choices, kept in one place so pages agree."""

from __future__ import annotations

from ebcd_app.domain.models import JourneyType

JOURNEYS = (("Patient journey", JourneyType.PATIENT), ("Staff journey", JourneyType.STAFF))

# the Whisper models a project may choose (speech/locator.py finds them)
WHISPER_MODELS: tuple[tuple[str, str], ...] = (
    ("base", "Whisper base (faster, the default)"),
    ("small", "Whisper small (more accurate, slower)"),
)
