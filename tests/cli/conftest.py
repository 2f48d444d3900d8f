"""CLI tests run the real command group through click's CliRunner on real project files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from themecoder.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "study.db"


@pytest.fixture
def run(db: Path) -> Run:
    """`run("docs", "--format", "json")` -> Result; `expect` is the exit code to assert."""
    runner = CliRunner()

    def _run(*args: str, expect: int | None = 0, coder: str = "ana") -> Result:
        result = runner.invoke(cli, ["-p", str(db), "--coder", coder, *map(str, args)],
                               catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (result.output, result.stderr)
        return result

    return _run


def as_json(result: Result):  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)
