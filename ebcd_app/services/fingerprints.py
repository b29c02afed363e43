"""Reading any file as words, and fingerprints of words that must not be kept.

Shared by erasure (which makes a fingerprint of what a person said, and checks which
earlier outputs still hold them) and the privacy audit (which looks for a fingerprint in
every file). A fingerprint is salted hashes of word n-grams: it finds a copy of the words
without the project keeping them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

NGRAM = 5
_TOKEN = re.compile(r"[a-z0-9']+")
_PRINTABLE = re.compile(rb"[\x20-\x7e\xc2-\xf4\x80-\xbf\t\n]{4,}")


def tokens(value: str) -> list[str]:
    """Lower-case word tokens, the same for a transcript, a PDF's text or a file's bytes."""
    return _TOKEN.findall(value.lower().replace("’", "'"))


def ngrams(value: str) -> set[str]:
    toks = tokens(value)
    return {" ".join(toks[i:i + NGRAM]) for i in range(len(toks) - NGRAM + 1)}


def digest(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\x00{value}".encode()).hexdigest()[:20]


def fingerprint(salt: str, spoken: Iterable[str], names: Iterable[str],
                common: set[str] = frozenset()) -> dict:  # type: ignore[assignment]
    """Salted hashes of every n-gram of what was said (leaving out `common` ones, which
    others in the project said or wrote too, so they are not theirs to find), and of
    each name token."""
    grams = set().union(*(ngrams(p) for p in spoken)) - common if spoken else set()
    name_tokens = {digest(salt, t) for n in names for t in tokens(n) if len(t) >= 3}
    return {"ngram": NGRAM, "ngrams": sorted(digest(salt, g) for g in grams),
            "names": sorted(name_tokens)}


def pages(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) pieces of a file, as a reader would see its words."""
    if path.suffix.lower() == ".pdf":
        text = _pdf_text(path)
        if text is not None:
            for n, page in enumerate(text.split("\f"), 1):
                yield f"page {n}", page
            return
    data = path.read_bytes()
    try:
        decoded = data.decode("utf-8")
        if "\x00" not in decoded:
            for n, line in enumerate(decoded.splitlines(), 1):
                yield f"line {n}", line
            return
    except UnicodeDecodeError:
        pass
    for match in _PRINTABLE.finditer(data):
        yield f"byte {match.start()}", match.group().decode("utf-8", errors="ignore")


def _pdf_text(path: Path) -> str | None:
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=False)
        if done.returncode == 0:
            return done.stdout
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\f".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
