"""The documentation is tested against the code: docs/cli.md is the CLI's own --help."""

from __future__ import annotations

import importlib.util

from tests.conftest import REPO


def _reference_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "tools" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_cli_reference_matches_help() -> None:
    expected = _reference_module().reference()
    actual = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is out of date: run `make docs`"


def test_every_command_is_documented() -> None:
    from themecoder.cli import cli

    module = _reference_module()
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, _ in module.walk(cli, ["themecoder"]):
        assert f"## `{' '.join(path)}`" in text
