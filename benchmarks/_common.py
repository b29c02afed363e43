"""What the benchmarks share: the machine they ran on, and interview-like words.

Kept in one place so every benchmark reports the machine the same way and builds synthetic
transcripts from the same vocabulary.
"""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

FUNCTION_WORDS = (
    "the a and to of I it was that in they you my me we but so for on with when just "
    "what there be not had at if all about like is because then she he her them their "
    "would could did do this were have no out up as our one know think really very "
    "sort kind"
).split()
CONTENT_WORDS = (
    "nurse nurses ward doctor doctors consultant appointment discharge medication tablets "
    "pain morning night evening visit visiting family daughter son husband wife home "
    "hospital bed bay call bell waiting waited hours minutes staff care carer carers "
    "frightened worried anxious relieved grateful explained understand remember felt "
    "feeling told asked listened kind rushed busy shift handover breakfast lunch tea "
    "physiotherapist pharmacist letter results scan operation recovery walking stairs "
    "bathroom toilet shower sleep noise lights curtains window corridor reception parking "
    "ambulance emergency department admitted transferred social worker community district "
    "phone number leaflet information questions answers decision choice dignity respect "
    "privacy experience difference important difficult better worse honestly actually "
    "probably definitely sometimes always never often properly quickly slowly afterwards "
    "beforehand eventually suddenly everyone nobody somebody anything everything nothing "
    "weekend Monday Tuesday Wednesday Thursday Friday Saturday Sunday week weeks month "
    "months year stroke heart breathing infection wound dressing drip blood pressure sugar "
    "diabetes dementia confused memory mobility frame wheelchair rota agency sickness "
    "break colleagues manager supervision training incident debrief"
).split()


def dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def machine_info(**extra: str) -> dict[str, str]:
    """CPU, cores, platform, Python and load, then whatever the benchmark adds."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cores (os.cpu_count)": str(os.cpu_count()),
        "cores usable (affinity)": str(len(os.sched_getaffinity(0))),
        "platform": platform.platform(),
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
    }
    info.update(extra)
    info["load average (1/5/15 min)"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info
