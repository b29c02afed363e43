"""The privacy audit: does anything the project holds or wrote still carry what it must not?

Why: an information-governance review asks for evidence, not promises. Two questions:

1. **Erased people.** Every file under the project folder, and every output the project
   knows it wrote (services/outputs), is read as text (a PDF through pdftotext or pypdf,
   anything else as its printable runs, as `strings` does) and its word 4-grams and words
   are hashed with each erasure's salt; a hash in the erasure's fingerprint is a finding.
   The project never keeps the erased words themselves.
2. **Redacted phrases** ("Sister Okafor") and participants' real names in the outputs, and
   in any other file in the project folder that is not the project's own store (the
   database, its snapshots and the media are the facilitator's, where names belong).

Each finding names the file and where in it (page, line or byte offset). Audio is not
listened to: a film's sound is checked by the render tests, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ebcd_app.domain.models import Erasure
from ebcd_app.services import outputs
from ebcd_app.services.fingerprints import NGRAM, digest, pages, tokens
from ebcd_app.services.redaction import flagged_phrases, real_names
from ebcd_app.store.db import ProjectStore, readable_database
from ebcd_app.store.layout import DB_NAME, DERIVED_DIR, MEDIA_DIR
from ebcd_app.store.vault import is_sealed

_STORE_PARTS = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm")


@dataclass(frozen=True)
class Finding:
    file: Path
    where: str  # "page 3", "line 12", "byte 40960"
    what: str  # never the erased words themselves


@dataclass(frozen=True)
class AuditReport:
    files_read: int
    findings: tuple[Finding, ...]
    erasures: int

    @property
    def clean(self) -> bool:
        return not self.findings


def _in_store(folder: Path, path: Path) -> bool:
    """The project's own store: the database, its snapshots, the media and what is
    derived from them (where a facilitator's unredacted material belongs)."""
    rel = path.relative_to(folder).parts if path.is_relative_to(folder) else ()
    return bool(rel) and (rel[0] in (MEDIA_DIR, DERIVED_DIR, "snapshots")
                          or rel[0] in _STORE_PARTS)


def audit_project(store: ProjectStore) -> AuditReport:
    """Every finding in the project folder and the outputs it knows it wrote."""
    folder = store.folder.resolve()
    with store.session() as s:
        erasures = [(e.salt, set(e.fingerprint.get("ngrams", [])),
                     set(e.fingerprint.get("names", [])))
                    for e in s.scalars(select(Erasure))]
        phrases = sorted(flagged_phrases(s) | real_names(s), key=len, reverse=True)
    files = sorted({p.resolve() for p in folder.rglob("*") if p.is_file()}
                   | {o.path for o in outputs.outputs(store) if o.path.is_file()})
    findings: list[Finding] = []
    phrase_re = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in phrases)) \
        if phrases else None
    for path in files:
        check_phrases = phrase_re is not None and not _in_store(folder, path)
        try:
            pieces = _read(store, path)
        except OSError as exc:
            findings.append(Finding(path, "", f"could not be read: {exc.strerror}"))
            continue
        for where, piece in pieces:
            findings += _erased(path, where, piece, erasures)
            if check_phrases and phrase_re is not None:
                for m in phrase_re.finditer(piece):
                    findings.append(Finding(path, where, f"redacted name “{m.group()}”"))
    return AuditReport(len(files), tuple(findings), len(erasures))


def _read(store: ProjectStore, path: Path) -> list[tuple[str, str]]:
    """A file's text pieces; in an encrypted project, what its sealed files and its
    database hold, read through the keys (what a thief with the passphrase would find)."""
    if store.keys is not None and path.suffix == ".db":
        with readable_database(path, store.keys, store.vault) as plain:
            return list(pages(plain))
    if is_sealed(path):
        with store.vault.opened(path) as plain:
            return list(pages(plain))
    if path.suffix == ".jsonl" and store.keys is not None:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return [(f"line {n}", _open_line(store, line)) for n, line in enumerate(text, 1)]
    return list(pages(path))


def _open_line(store: ProjectStore, line: str) -> str:
    try:
        return store.vault.open_line(line)
    except ValueError:
        return line


def _erased(path: Path, where: str, piece: str,
            erasures: list[tuple[str, set[str], set[str]]]) -> list[Finding]:
    found: list[Finding] = []
    toks = tokens(piece)
    if not toks:
        return found
    for n, (salt, grams, names) in enumerate(erasures, 1):
        said = sum(1 for i in range(len(toks) - NGRAM + 1)
                   if digest(salt, " ".join(toks[i:i + NGRAM])) in grams)
        if said:
            found.append(Finding(path, where, f"{said} run(s) of {NGRAM} words said by the "
                                 f"person of erasure {n}"))
        named = sum(1 for t in toks if len(t) >= 3 and digest(salt, t) in names)
        if named:
            found.append(Finding(path, where, f"the name of the person of erasure {n}"))
    return found
