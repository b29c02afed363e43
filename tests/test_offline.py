"""Offline, really: the whole pipeline with the network taken away, child processes included.

Every `ebcd` command runs as a user would run it (a subprocess), with three guards:

* a `sitecustomize.py` on PYTHONPATH that every Python process loads (the CLI, the spawned
  Whisper child, anything else started with this interpreter): any socket connection or
  name lookup that is not local is logged to a file and fails;
* for native code, which Python's socket module never sees (onnxruntime's C++ telemetry
  uploader, loaded by faster-whisper's Silero VAD), `strace -f` records every connect() and
  sendto() of the whole process tree; without strace, `unshare -n` (root, Linux) at least
  runs it in a network namespace with no way out;
* HOME and XDG_CACHE_HOME point into a temporary folder, so a library that keeps a device
  id or queued events (onnxruntime: ~/.cache/Microsoft/DeveloperTools) is seen doing it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ebcd_app.basics.paths import cache_dir

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]

GUARD = r'''
"""Test guard: every non-local network attempt is logged and fails (see tests/test_offline.py)."""
import ipaddress
import os
import socket

_LOG = os.environ["EBCD_NET_LOG"]
_LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain"}


def _is_local_host(host):
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what, address):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {what} {address!r}\n")
    raise OSError(101, f"network access refused by the offline test guard: {address!r}")


def _guard(sock, address, what):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local_host(address[0]):
        _refuse(what, address)


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo, _gethostbyname = socket.getaddrinfo, socket.gethostbyname


def connect(self, address):
    _guard(self, address, "connect")
    return _connect(self, address)


def connect_ex(self, address):
    _guard(self, address, "connect_ex")
    return _connect_ex(self, address)


def sendto(self, data, *args):
    _guard(self, args[-1], "sendto")
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local_host(host):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _is_local_host(host):
        _refuse("gethostbyname", host)
    return _gethostbyname(host)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo, socket.gethostbyname = getaddrinfo, gethostbyname
'''


def _works(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# lines strace writes for an IPv4/IPv6 connect() or sendto(), with the address tried
_TRACED = re.compile(r'(connect|sendto|sendmsg)\(\d+, .*?sa_family=AF_INET6?, '
                     r'.*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')


def _non_local(strace_log: Path) -> list[str]:
    import ipaddress

    found = []
    for file in strace_log.parent.glob(strace_log.name + "*"):
        for line in file.read_text(errors="replace").splitlines():
            m = _TRACED.search(line)
            if m and not ipaddress.ip_address(m.group(2) or m.group(3)).is_loopback:
                found.append(line.strip())
    return found


class Offline:
    """Runs `ebcd` commands with the network guarded; collects what tried to get out."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        guard_dir = tmp / "guard"
        guard_dir.mkdir()
        (guard_dir / "sitecustomize.py").write_text(GUARD)
        self.net_log = tmp / "network-attempts.log"
        self.net_log.touch()
        self.home = tmp / "home"
        self.home.mkdir()
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(guard_dir), str(REPO),
                                           os.environ.get("PYTHONPATH", "")]),
            "EBCD_NET_LOG": str(self.net_log),
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            # the Whisper model already joined on this machine (not part of what is tested)
            "EBCD_CACHE_DIR": str(cache_dir()),
        }
        for var in ("ORT_DISABLE_TELEMETRY", "HF_HUB_OFFLINE", "HF_HUB_DISABLE_TELEMETRY",
                    "TRANSFORMERS_OFFLINE", "DO_NOT_TRACK"):
            self.env.pop(var, None)  # the app must turn these on itself
        self.prefix: list[str] = []
        self.strace_log: Path | None = None
        if shutil.which("strace") and _works(
                ["strace", "-f", "-qq", "--seccomp-bpf", "-o", os.devnull, "true"]):
            # seen, not prevented: in a namespace without a network glibc does not even try
            # (getaddrinfo with AI_ADDRCONFIG sends no query), so strace would see nothing
            self.strace_log = tmp / "strace.log"
            self.prefix += ["strace", "-f", "-qq", "--seccomp-bpf",
                            "-e", "trace=connect,sendto,sendmsg", "-o", str(self.strace_log)]
        elif sys.platform.startswith("linux") and _works(["unshare", "-n", "true"]):
            self.prefix += ["unshare", "-n"]  # prevented at least
        self.runs = 0

    def __call__(self, *args: object, timeout: float = 600) -> subprocess.CompletedProcess:
        prefix = list(self.prefix)
        if self.strace_log is not None:  # one log per command, so none overwrites another
            self.runs += 1
            prefix[-1] = f"{self.strace_log}.{self.runs}"
        out = subprocess.run([*prefix, sys.executable, "-m", "ebcd_app", *map(str, args)],
                             capture_output=True, text=True, env=self.env, timeout=timeout,
                             cwd=self.tmp)
        assert out.returncode == 0, (args, out.stderr[-2000:])
        return out

    def attempts(self) -> list[str]:
        seen = self.net_log.read_text().splitlines()
        if self.strace_log is not None:
            seen += _non_local(self.strace_log)
        return seen


def test_the_whole_pipeline_runs_with_the_network_taken_away(tmp_path: Path,
                                                            long_speech) -> None:
    # about a minute of speech: onnxruntime's uploader first reached out some 9 s after the
    # VAD loaded, so a shorter transcription could end before it tried
    speech = long_speech
    ebcd = Offline(tmp_path)
    project = tmp_path / "ward7"
    ebcd("new", project, "--name", "Ward 7")
    ebcd("participant", "add", project, "--name", "Jo Bloggs", "--role", "patient",
         "--pseudonym", "Jo", "--consent",
         "recorded,transcribed,quoted_in_packs,heard_in_film,seen_in_film,shown_to_staff,"
         "shown_to_patients")
    ebcd("import", project, speech.wav, "--participant", "1")
    out = ebcd("transcribe", project)
    assert "transcribed long-interview.wav" in out.stdout
    ebcd("suggest", project)
    ebcd("touchpoints", project, "add", "--recording", "1", "--start", "0",
         "--end", "8", "--stage", "Arriving",
         "--sentiment", "positive", "--theme", "Being told what happens", "--quotes")
    ebcd("film", project, "draft")
    ebcd("film", project, "render", "--out", tmp_path / "film.mp4")
    for fmt in ("otio", "edl", "srt"):
        ebcd("film", project, "export", "--format", fmt, "--out", tmp_path / f"film.{fmt}")
    ebcd("pack", project, "patient", "--out", tmp_path / "patient.pdf")
    assert (tmp_path / "film.mp4").stat().st_size > 0
    assert (tmp_path / "patient.pdf").stat().st_size > 0

    assert ebcd.attempts() == [], "something tried to reach the network"
    kept = [str(p.relative_to(ebcd.home)) for p in ebcd.home.rglob("*")
            if "Microsoft" in p.parts or "huggingface" in p.parts]
    assert kept == [], "a library kept telemetry state in the user's home"


def test_the_guards_see_python_and_native_attempts(tmp_path: Path) -> None:
    """The guards themselves work: a Python connect and a native one (bash) are both seen."""
    ebcd = Offline(tmp_path)
    probe = ("import socket\n"
             "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
             "except OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", probe], env=ebcd.env, timeout=60, check=True)
    assert any("192.0.2.1" in line for line in ebcd.attempts())
    if ebcd.strace_log is not None:
        prefix = [*ebcd.prefix[:-1], f"{ebcd.strace_log}.0"]
        subprocess.run([*prefix, "timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/192.0.2.2/80"],
                       env=ebcd.env, timeout=60, capture_output=True)
        assert any("192.0.2.2" in line for line in ebcd.attempts())
