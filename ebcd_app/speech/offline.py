"""Keep the libraries we load from reaching the network: EBCD Studio works offline, always.

Interview audio and transcripts are personal health data; a facilitator must be able to
say that nothing leaves the laptop. The one library seen reaching out is onnxruntime
(loaded by faster-whisper for its Silero voice-activity filter): its official Linux, macOS
and Windows builds carry Microsoft's 1DS telemetry, which on first use writes a device id
and an event queue under ~/.cache/Microsoft/DeveloperTools/.onnxruntime and then looks up
mobile.events.data.microsoft.com (seen with strace, onnxruntime 1.32). Its Privacy.md names
`ORT_DISABLE_TELEMETRY=1`, set before onnxruntime initialises, as the switch that stops the
uploader, the events and the device id for the life of the process; the Python call
`onnxruntime.disable_telemetry_events()` comes too late for the first event, so the
variable is what counts. The Hugging Face switches make sure nothing ever tries to fetch
a model (we only load models from disk).

`ensure_offline()` runs when the `ebcd_app` package is imported, so it comes before any
import of faster-whisper or onnxruntime in every process: the CLI, the desktop app, the
spawned Whisper child (which imports ebcd_app to unpickle its entry point) and the
benchmarks. Environment variables also reach every child process we start.
"""

from __future__ import annotations

import os
import sys

OFFLINE_ENVIRONMENT = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime's 1DS telemetry: no uploader, no device id
    "HF_HUB_OFFLINE": "1",  # huggingface_hub: never look a model up online
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",  # the cross-tool convention, for anything else that honours it
}


def ensure_offline() -> None:
    """Turn every known network switch off for this process and its children (idempotent).

    Forced rather than defaulted: a stray `ORT_DISABLE_TELEMETRY=0` in a user's shell must
    not make the app phone home.
    """
    os.environ.update(OFFLINE_ENVIRONMENT)
    ort = sys.modules.get("onnxruntime")
    if ort is not None and hasattr(ort, "disable_telemetry_events"):
        ort.disable_telemetry_events()  # already loaded by someone else: the API still helps
