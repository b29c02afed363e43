"""Child processes (ffmpeg, ffprobe) that die with the program that started them.

A render killed with kill -9, or a GUI that crashes, must not leave ffmpeg encoding for
half a minute more and filling the user's disk. So every tool the package runs goes
through `popen` here:

- Linux: the child asks the kernel for SIGKILL when its parent dies (`PR_SET_PDEATHSIG`,
  set in the child between fork and exec). The kernel ties this to the *thread* that
  started the child, so start a child from the thread that waits for it (we always do).
  If the parent died before the request took effect, the child exits at once.
- Windows: the child is put in a job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE; the
  only handle to the job is ours, so when our process ends, however it ends, Windows
  closes it and ends every process in the job. (Written against the Win32 documentation;
  not run on Windows by the test suite, which runs on Linux.)
- Elsewhere (macOS) nothing equivalent exists without a helper process; callers still
  stop their children on every error path, so only a hard kill of ours leaves one running.

The child stays in our process group, so Ctrl-C in a terminal reaches ffmpeg as well.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

import ffmpeg

PR_SET_PDEATHSIG = 1

_libc_prctl: Callable[..., int] | None = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError, AttributeError):
        _libc_prctl = ctypes.CDLL(None, use_errno=True).prctl
        _libc_prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong,
                                ctypes.c_ulong, ctypes.c_ulong]
        _libc_prctl.restype = ctypes.c_int


def _die_with_parent_hook(parent: int) -> Callable[[], None]:
    """The preexec function: as little as possible runs between fork and exec."""
    prctl = _libc_prctl
    assert prctl is not None

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)

    return hook


def die_with_parent(parent: int) -> None:
    """For a child that is already running Python (the Whisper worker): ask to be killed
    when `parent` dies (Linux only; elsewhere, or without a parent pid, a no-op)."""
    if _libc_prctl is None or parent <= 0:
        return
    _libc_prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


# ---------------------------------------------------------------- Windows job object

_job_lock = threading.Lock()
_job_handle: int | None = None


def _windows_job() -> int | None:
    """One job object for all our children, created on first use (kill on close)."""
    global _job_handle
    with _job_lock:
        if _job_handle is not None:
            return _job_handle
        from ctypes import wintypes

        class BasicLimits(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                        ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD),
                        ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t),
                        ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t),
                        ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class IoCounters(ctypes.Structure):
            _fields_ = [(name, ctypes.c_uint64) for name in (
                "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
                "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                        ("ProcessMemoryLimit", ctypes.c_size_t),
                        ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t),
                        ("PeakJobMemoryUsed", ctypes.c_size_t)]

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
        kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int,
                                                     ctypes.c_void_p, wintypes.DWORD]
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            return None
        info = ExtendedLimits()
        info.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        extended_limit_information = 9  # JobObjectExtendedLimitInformation
        if not kernel32.SetInformationJobObject(job, extended_limit_information,
                                                ctypes.byref(info), ctypes.sizeof(info)):
            kernel32.CloseHandle(job)
            return None
        _job_handle = job  # never closed: it must live exactly as long as we do
        return job


def _assign_to_job(proc: subprocess.Popen[Any]) -> None:
    from ctypes import wintypes

    job = _windows_job()
    if job is None:
        return
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
    kernel32.AssignProcessToJobObject(job, int(proc._handle))  # type: ignore[attr-defined]


def tie_to_us(pid: int) -> None:
    """For a child started by other means (multiprocessing): on Windows put it in our
    job object too; on Linux the child calls die_with_parent itself. Never raises."""
    if sys.platform != "win32":
        return
    with contextlib.suppress(OSError, AttributeError):
        from ctypes import wintypes

        job = _windows_job()
        if job is None:
            return
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        process_set_quota, process_terminate = 0x0100, 0x0001
        handle = kernel32.OpenProcess(process_set_quota | process_terminate, False, pid)
        if handle:
            kernel32.AssignProcessToJobObject(job, handle)
            kernel32.CloseHandle(handle)


# ---------------------------------------------------------------- the helpers


def popen(cmd: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """subprocess.Popen, but the child dies with us (see the module docstring)."""
    if _libc_prctl is not None and "preexec_fn" not in kwargs:
        kwargs["preexec_fn"] = _die_with_parent_hook(os.getpid())
    proc = subprocess.Popen(list(cmd), **kwargs)
    if sys.platform == "win32":
        with contextlib.suppress(OSError, AttributeError):
            _assign_to_job(proc)
    return proc


def run(cmd: Sequence[str], *, timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run to the end, capturing stdout and stderr; the child is killed on any error here
    (a timeout, Ctrl-C) as well as when we die."""
    proc = popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                 stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return subprocess.CompletedProcess(list(cmd), proc.returncode, out, err)


def run_ffmpeg(stream: Any, ffmpeg_cmd: str) -> None:
    """`ffmpeg.run(stream, overwrite_output=True, quiet=True)` through `popen`; raises
    ffmpeg.Error (with stderr) as ffmpeg-python does."""
    args = ffmpeg.compile(stream, cmd=ffmpeg_cmd, overwrite_output=True)
    done = run(args)
    if done.returncode != 0:
        raise ffmpeg.Error("ffmpeg", done.stdout, done.stderr)


def probe_json(path: str, ffprobe_cmd: str) -> dict:
    """`ffmpeg.probe(path)` through `popen`: streams and format as a dict."""
    done = run([ffprobe_cmd, "-show_format", "-show_streams", "-of", "json", path])
    if done.returncode != 0:
        raise ffmpeg.Error("ffprobe", done.stdout, done.stderr)
    return json.loads(done.stdout.decode("utf-8", "replace"))
