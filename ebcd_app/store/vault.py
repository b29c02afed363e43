"""Encryption at rest: a project's keys, and its files sealed with them.

An encrypted project keeps `encryption.json` beside project.db. It holds no secret: the
salt and cost of the key derivation, and a check value that tells a wrong passphrase from
a right one before anything is opened, so a wrong one is refused touching nothing.

Keys: Argon2id (memory-hard, RFC 9106) turns the passphrase into 64 bytes: the first 32
are SQLCipher's raw key for project.db and its snapshots (so SQLCipher's own PBKDF2 is
not run on every connection), the other 32 the AES-256-GCM key for files.

Files (originals, the 16 kHz copies, waveforms, posters, the transcription checkpoint)
are sealed in 1 MiB chunks, each AES-GCM with a nonce made of a random per-file prefix,
the chunk's number and a last-chunk flag (the STREAM construction), so a reordered,
swapped or truncated file fails to open instead of giving wrong media. A sealed file
starts with `MAGIC`; a file without it is read as it is, which lets a project part-way
through conversion (`ebcd encrypt`, killed) open and finish later.

Whatever needs a plain file (ffmpeg, Whisper's worker, Qt's player) gets one in a private
folder (0700, in /dev/shm where there is one, so plaintext stays in memory), removed when
the work ends or the project closes; a killed process's folder is removed by the next.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ebcd_app.basics import atomic
from ebcd_app.basics.errors import EbcdError, ProjectError

KEY_FILE = "encryption.json"
PASSPHRASE_ENV = "EBCD_PASSPHRASE"
MAGIC = b"EBCD-SEALED-1\n"
CHUNK = 1 << 20
TAG = 16
PREFIX = 7
SCRATCH_PREFIX = "ebcd-plain-"
# Argon2id cost: 64 MiB and 3 passes, RFC 9106's second recommended option; about 0.3 s
# here, paid once per opening (measured in benchmarks/bench_encryption.py)
KDF = {"kdf": "argon2id", "iterations": 3, "lanes": 4, "memory_kib": 64 * 1024}
_CHECK_TEXT = b"EBCD Studio project key"
MIN_PASSPHRASE = 8


class PassphraseError(ProjectError):
    """The project is encrypted and the passphrase is missing or wrong."""


class PassphraseNeeded(PassphraseError):
    """No passphrase was given for an encrypted project (a face may ask for one)."""


def _cipher():
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError as exc:  # pragma: no cover - a dependency
        raise EbcdError("encrypted projects need the 'cryptography' package "
                        "(pip install cryptography)") from exc
    return AESGCM


def _derive(passphrase: str, salt: bytes, params: dict) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(salt=salt, length=64, iterations=int(params["iterations"]),
                    lanes=int(params["lanes"]),
                    memory_cost=int(params["memory_kib"])).derive(passphrase.encode("utf-8"))


@dataclass(frozen=True, repr=False)
class Keys:
    """The two keys of an open encrypted project (never printed: no repr)."""

    database: bytes
    files: bytes

    def sqlcipher_key(self) -> str:
        """The PRAGMA that opens project.db with the raw key."""
        return f"PRAGMA key = \"x'{self.database.hex()}'\""


def is_encrypted(folder: Path) -> bool:
    return (Path(folder) / KEY_FILE).is_file()


def new_keys(folder: Path, passphrase: str) -> Keys:
    """Make the project's key file (salt, cost, check value); return its keys."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(f"{folder}: the passphrase must be at least {MIN_PASSPHRASE} "
                              "characters; nothing was made")
    salt = secrets.token_bytes(16)
    raw = _derive(passphrase, salt, KDF)
    keys = Keys(raw[:32], raw[32:])
    nonce = secrets.token_bytes(12)
    check = _cipher()(keys.files).encrypt(nonce, _CHECK_TEXT, b"check")
    record = {"format": 1, **KDF, "salt": salt.hex(), "cipher": "aes-256-gcm",
              "database": "sqlcipher4", "check": (nonce + check).hex()}
    atomic.write_text(Path(folder) / KEY_FILE, json.dumps(record, indent=1) + "\n",
                      private=True)
    return keys


def unlock(folder: Path, passphrase: str | None) -> Keys:
    """The keys of an encrypted project, or PassphraseError: one line, nothing touched."""
    path = Path(folder) / KEY_FILE
    if passphrase is None:
        raise PassphraseNeeded(f"{folder}: this project is encrypted; give its passphrase "
                               f"(the app asks for it; commands ask, or read {PASSPHRASE_ENV})")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        salt, check = bytes.fromhex(record["salt"]), bytes.fromhex(record["check"])
    except (OSError, ValueError, KeyError) as exc:
        raise ProjectError(f"{path}: the project's key file cannot be read ({exc}); "
                           "nothing was opened") from exc
    raw = _derive(passphrase, salt, record)
    keys = Keys(raw[:32], raw[32:])
    from cryptography.exceptions import InvalidTag

    try:
        _cipher()(keys.files).decrypt(check[:12], check[12:], b"check")
    except InvalidTag:
        raise PassphraseError(f"{folder}: wrong passphrase for this encrypted project; "
                              "nothing was opened or changed") from None
    return keys


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


# ---------------------------------------------------------------- sealed files

def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _nonce(prefix: bytes, n: int, last: bool) -> bytes:
    return prefix + n.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _seal_stream(key: bytes, src, out) -> None:
    aead, prefix, n = _cipher()(key), secrets.token_bytes(PREFIX), 0
    out.write(MAGIC + prefix)
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        out.write(aead.encrypt(_nonce(prefix, n, last), chunk, MAGIC))
        if last:
            return
        chunk, n = following, n + 1


def _open_stream(key: bytes, src, out, label: Path) -> None:
    from cryptography.exceptions import InvalidTag

    aead = _cipher()(key)
    if src.read(len(MAGIC)) != MAGIC:
        raise EbcdError(f"{label}: is not a sealed file")
    prefix, n = src.read(PREFIX), 0
    while True:
        block = src.read(CHUNK + TAG)
        last = len(block) < CHUNK + TAG
        try:
            out.write(aead.decrypt(_nonce(prefix, n, last), block, MAGIC))
        except InvalidTag:
            raise EbcdError(f"{label}: is damaged or was changed outside EBCD Studio (its "
                            "encryption check failed); restore it from a backup") from None
        if last:
            if src.read(1):
                raise EbcdError(f"{label}: has bytes after its end; restore it from a backup")
            return
        n += 1


def overwrite(path: Path) -> None:
    """Zeros over a file's bytes before it goes (helps on disks that write in place)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            block = b"\0" * min(size, CHUNK) if size else b""
            left = size
            while left > 0:
                n = min(left, len(block))
                fh.write(block[:n])
                left -= n
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass


def shred(path: Path) -> int:
    """Overwrite and remove a file, or every file in a folder; how many went."""
    if path.is_dir() and not path.is_symlink():
        count = sum(shred(p) for p in sorted(path.rglob("*")) if p.is_file())
        shutil.rmtree(path, ignore_errors=True)
        return count
    if path.is_file():
        overwrite(path)
        path.unlink(missing_ok=True)
        return 1
    return 0


def _scratch_base() -> Path:
    """Memory-backed /dev/shm where there is one (plaintext never reaches a disk)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm
    return Path(tempfile.gettempdir())


@dataclass
class Vault:
    """A project's files as the code reads and writes them: sealed when it is encrypted,
    as they are when not. One per open project (`ProjectStore.vault`)."""

    keys: Keys | None = None
    _scratch: Path | None = field(default=None, repr=False)
    _scratch_cm: contextlib.AbstractContextManager | None = field(default=None, repr=False)
    _copies: dict[Path, Path] = field(default_factory=dict, repr=False)

    @property
    def encrypted(self) -> bool:
        return self.keys is not None

    def _key(self) -> bytes:
        assert self.keys is not None
        return self.keys.files

    def sweep(self) -> None:
        """Remove plain copies a killed process left (its private folder); run when an
        encrypted project opens, so they do not wait for the next plain copy."""
        atomic.remove_dead_owners_dirs(_scratch_base(), SCRATCH_PREFIX)

    def scratch(self) -> Path:
        """This process's private folder for plain copies, made on first use."""
        if self._scratch is None:
            self._scratch_cm = atomic.owned_temp_dir(SCRATCH_PREFIX, base=_scratch_base())
            self._scratch = self._scratch_cm.__enter__()
        return self._scratch

    def close(self) -> None:
        """Remove every plain copy (overwritten first)."""
        if self._scratch is not None and self._scratch_cm is not None:
            shred(self._scratch)
            with contextlib.suppress(Exception):
                self._scratch_cm.__exit__(None, None, None)
        self._scratch, self._scratch_cm, self._copies = None, None, {}

    # ---- whole files

    def store_file(self, source: Path, target: Path) -> str:
        """Copy `source` into the project as `target` (sealed when encrypted), atomically;
        return the sha256 of its plain bytes."""
        with open(source, "rb") as fh:
            if not self.encrypted:
                return atomic.copy_with_sha256(fh, target)[0]
            hashing = _Hashing(fh)
            with atomic.atomic_path(target, private=True) as tmp, open(tmp, "wb") as out:
                _seal_stream(self._key(), hashing, out)
                out.flush()
                os.fsync(out.fileno())
            return hashing.digest.hexdigest()

    def seal_in_place(self, path: Path) -> None:
        """Seal a plain file where it is (its plain bytes overwritten); a no-op when the
        project is not encrypted or the file is sealed already."""
        if not self.encrypted or not path.is_file() or is_sealed(path):
            return
        self.store_file(path, path.with_name(f".sealing-{path.name}"))
        overwrite(path)
        os.replace(path.with_name(f".sealing-{path.name}"), path)

    def read_bytes(self, path: Path) -> bytes:
        if not is_sealed(path):
            return path.read_bytes()
        import io

        out = io.BytesIO()
        with open(path, "rb") as src:
            _open_stream(self._need_key(path), src, out, path)
        return out.getvalue()

    def write_bytes(self, path: Path, data: bytes) -> None:
        if not self.encrypted:
            atomic.write_bytes(path, data, private=True)
            return
        import io

        with atomic.atomic_path(path, private=True) as tmp, open(tmp, "wb") as out:
            _seal_stream(self._key(), io.BytesIO(data), out)

    def _need_key(self, path: Path) -> bytes:
        if self.keys is None:
            raise PassphraseError(f"{path}: is encrypted; open the project with its "
                                  "passphrase")
        return self.keys.files

    # ---- plain views for tools that read by name

    @contextlib.contextmanager
    def opened(self, path: Path) -> Iterator[Path]:
        """A plain path to read `path` by name (itself when not sealed); removed after."""
        if not is_sealed(path):
            yield path
            return
        plain = self._decrypt_to_scratch(path)
        try:
            yield plain
        finally:
            shred(plain)

    def plain_copy(self, path: Path) -> Path:
        """A plain path that lasts until the project closes (for the app's player)."""
        if not is_sealed(path):
            return path
        kept = self._copies.get(path)
        if kept is None or not kept.is_file():
            kept = self._copies[path] = self._decrypt_to_scratch(path)
        return kept

    def _decrypt_to_scratch(self, path: Path) -> Path:
        fd, name = tempfile.mkstemp(suffix=path.suffix, dir=self.scratch())
        try:
            with open(path, "rb") as src, os.fdopen(fd, "wb") as out:
                _open_stream(self._need_key(path), src, out, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return Path(name)

    @contextlib.contextmanager
    def writing(self, target: Path) -> Iterator[Path]:
        """A path for a tool to write `target` by name; sealed into place at the end when
        the project is encrypted (the plain bytes only ever in the private folder)."""
        if not self.encrypted:
            yield target
            return
        fd, name = tempfile.mkstemp(suffix=target.suffix, dir=self.scratch())
        os.close(fd)
        plain = Path(name)
        try:
            yield plain
            target.parent.mkdir(parents=True, exist_ok=True)
            self.store_file(plain, target)
        finally:
            shred(plain)

    def rewrite(self, path: Path, change: Callable[[Path], None]) -> None:
        """Run `change` on a plain view of `path` (it edits the file in place) and keep
        the result sealed as before."""
        if not is_sealed(path):
            change(path)
            return
        with self.opened(path) as plain:
            change(plain)
            sealed = path.with_name(f".sealing-{path.name}")
            self.store_file(plain, sealed)
            os.replace(sealed, path)

    # ---- lines of an append-only file (the transcription checkpoint)

    def seal_line(self, text: str) -> str:
        if not self.encrypted:
            return text
        nonce = secrets.token_bytes(12)
        data = _cipher()(self._key()).encrypt(nonce, text.encode("utf-8"), b"line")
        return "~" + base64.b64encode(nonce + data).decode("ascii")

    def open_line(self, line: str) -> str:
        """A line as written; raises ValueError for one that does not open (a torn
        last line, as a plain torn JSON line does)."""
        if not line.startswith("~"):
            return line
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.b64decode(line[1:], validate=True)
            return _cipher()(self._need_key(Path("checkpoint"))).decrypt(
                raw[:12], raw[12:], b"line").decode("utf-8")
        except (InvalidTag, ValueError) as exc:
            raise ValueError("a line that does not open") from exc


class _Hashing:
    """A file read through, hashing what is read (the sha256 of the plain original)."""

    def __init__(self, fh) -> None:
        self.fh, self.digest = fh, hashlib.sha256()

    def read(self, n: int) -> bytes:
        data = self.fh.read(n)
        self.digest.update(data)
        return data
