"""Write docs/cli.md from the CLI's own --help texts, so the reference never drifts from the code.

    python tools/cli_reference.py > docs/cli.md      (or: make docs)

tests/test_docs.py fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import sys

import click

HEADER = """# themecoder command reference

Generated from each command's `--help` by `make docs`; the test suite fails when this page and the
code disagree. Every command takes the global options `-p/--project FILE` and `--coder NAME` before
the command name: `themecoder -p study.db --coder ana code ...`. Errors are one line on stderr naming
the file or argument and the problem; the exit status is 2 for bad input or usage, 1 otherwise, and
the project is left unchanged.
"""


def walk(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    """Every command under `command`, depth first, in alphabetical order."""
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found += walk(command.commands[name], [*path, name])
    return found


def help_text(root: click.Command, path: list[str]) -> str:
    """`--help` of the command at `path`, with the context chain the real CLI builds
    (so settings such as `-h` for help are inherited as they are at run time)."""
    settings = {**root.context_settings, "terminal_width": 100, "max_content_width": 100}
    ctx = click.Context(root, info_name=path[0], **settings)
    command = root
    for name in path[1:]:
        command = command.commands[name]  # type: ignore[attr-defined]
        ctx = click.Context(command, info_name=name, parent=ctx)
    return command.get_help(ctx)


def reference() -> str:
    from themecoder.cli import cli

    parts = [HEADER]
    for path, _ in walk(cli, ["themecoder"]):
        title = " ".join(path)
        parts.append(f"\n## `{title}`\n\n```\n{help_text(cli, path)}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    sys.stdout.write(reference())
