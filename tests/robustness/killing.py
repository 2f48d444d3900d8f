"""Run the real command line in a subprocess and SIGKILL it at a chosen moment."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CLI = "from themecoder.cli import main; main()"
DEADLINE_S = 120.0


@dataclass(frozen=True)
class Moment:
    """When to kill: `after` seconds, once the WAL exceeds `wal_bytes`, or at the first output line."""

    after: float | None = None
    wal_bytes: int | None = None
    first_output: bool = False

    def __str__(self) -> str:
        if self.after is not None:
            return f"after {self.after}s"
        if self.wal_bytes is not None:
            return f"WAL over {self.wal_bytes} bytes"
        return "at its first line of output"


@dataclass(frozen=True)
class Outcome:
    killed: bool
    wal_at_kill: int  # bytes in the -wal file when the signal was sent
    returncode: int


def run_cli(
    project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = DEADLINE_S
) -> subprocess.CompletedProcess[str]:
    """Run `themecoder -p PROJECT ARGS...` to completion."""
    return subprocess.run(
        [sys.executable, "-c", CLI, "-p", str(project), *args],
        check=False,
        text=True,
        capture_output=True,
        env=env or child_env(),
        timeout=timeout,
    )


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("THEMECODER_CODER", "tester")
    return env


def kill_at(project: Path, moment: Moment, *args: str) -> Outcome:
    """Start `themecoder -p PROJECT ARGS...`, SIGKILL it at `moment` (unless it ends first)."""
    wal = project.with_name(project.name + "-wal")
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "-p", str(project), *args],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_env(),
    )
    spoke = threading.Event()
    threading.Thread(target=lambda: (proc.stdout.readline(), spoke.set()), daemon=True).start()  # type: ignore[union-attr]
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < DEADLINE_S:
        if _due(moment, started, wal, spoke):
            size = _size(wal)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return Outcome(True, size, proc.returncode)
        time.sleep(0.0005)
    proc.kill()
    proc.wait()
    return Outcome(False, _size(wal), proc.returncode)


def _due(moment: Moment, started: float, wal: Path, spoke: threading.Event) -> bool:
    if moment.after is not None:
        return time.monotonic() - started >= moment.after
    if moment.wal_bytes is not None:
        return _size(wal) > moment.wal_bytes
    return spoke.is_set()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def integrity(project: Path) -> str:
    """`PRAGMA integrity_check` after opening the file as the next user would (WAL recovery)."""
    db = sqlite3.connect(str(project))
    try:
        return "; ".join(r[0] for r in db.execute("PRAGMA integrity_check"))
    finally:
        db.close()


def counts(project: Path, *tables: str) -> tuple[int, ...]:
    db = sqlite3.connect(str(project))
    try:
        return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        db.close()
