"""No network at run time: the main commands succeed in a process where any network socket is refused.

Each command runs in a fresh interpreter with an audit hook that refuses, and logs, every creation of
an internet socket, connection, send or name lookup (local pipes and Unix sockets stay allowed; so does
the IPv6 probe urllib3 makes on ::1 when spaCy imports it). The log must stay empty.

Hostile archives and XML (paths escaping the folder, entity expansion) are covered by
tests/io/test_refi_hostile.py, test_qdc.py and test_io_docx_odt.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.robustness.mutations import REPO, SAMPLE

GUARDED_CLI = """
import os, socket, sys

LOG = os.environ["THEMECODER_NET_LOG"]
INTERNET = {socket.AF_INET, socket.AF_INET6}
LOOKUPS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}

def caller():
    frame = sys._getframe(2)
    while frame and frame.f_code.co_filename.endswith("socket.py"):
        frame = frame.f_back
    return frame.f_code.co_name if frame else ""

def refuse(event, args):
    if event == "socket.__new__":
        # urllib3 (imported by spaCy) probes IPv6 support at import by binding a socket to ::1
        blocked = args[1] in INTERNET and caller() != "_has_ipv6"
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        blocked = isinstance(args[1], tuple)  # an internet address, not a Unix socket path
    else:
        blocked = event in LOOKUPS
    if blocked:
        with open(LOG, "a") as fh:
            fh.write(f"{event} {args[1:]!r} from {caller()}\\n")
        raise OSError(f"network access refused: {event}")

sys.addaudithook(refuse)
from themecoder.cli import main
main()
"""


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("offline")
    log = folder / "network.log"
    env = {
        **os.environ,
        "THEMECODER_NET_LOG": str(log),
        "THEMECODER_HOME": str(folder / "home"),
        "THEMECODER_CODER": "ana",
        "HOME": str(folder / "home"),
    }

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-c", GUARDED_CLI, "-p", str(folder / "study.db"), *args],
            check=False,
            text=True,
            capture_output=True,
            env=env,
            cwd=folder,
            timeout=300,
        )
        if ok:
            assert result.returncode == 0, (args, result.stderr)
        assert not log.exists(), f"{args}: network use: {log.read_text()}"
        return result

    run.folder = folder  # type: ignore[attr-defined]
    return run


def test_the_guard_does_refuse_the_network(offline) -> None:  # type: ignore[no-untyped-def]
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            GUARDED_CLI.replace(
                "from themecoder.cli import main\nmain()",
                "import socket; socket.create_connection(('127.0.0.1', 9))",
            ),
        ],
        check=False,
        text=True,
        capture_output=True,
        env={**os.environ, "THEMECODER_NET_LOG": str(offline.folder / "p.log")},
    )
    assert "network access refused" in probe.stderr
    assert (offline.folder / "p.log").read_text().startswith("socket.")


def test_main_commands_work_offline(offline) -> None:  # type: ignore[no-untyped-def]
    imported = offline(
        "import",
        str(SAMPLE),
        "--text-column",
        "q_biggest_change",
        "--case-column",
        "participant_id",
        ok=False,
    )  # participants.csv has no answers column: reported
    assert imported.returncode == 2 and "imported  P03-interview" in imported.stdout
    offline("codebook", "import", str(REPO / "codebooks" / "digital-empowerment.yaml"))
    offline("codings", "import", str(SAMPLE / "codings-coder-a.jsonl"))
    offline(
        "code",
        "P03-interview",
        "tools/canting",
        "--quote",
        "doing the canting this morning",
        "--create",
    )
    offline("docs", "--format", "json")
    offline("codings", "--format", "jsonl")
    _optional(offline, ["export", "frequencies", "--format", "csv", "-o", "-"])
    _optional(offline, ["suggest", "themes", "--format", "json", "--k", "4"])


def _optional(offline, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Commands of features that may not exist yet: run when the command group is there."""
    result = offline(*args, ok=False)
    if "No such command" in result.stderr:
        return
    assert result.returncode == 0, (args, result.stderr)
