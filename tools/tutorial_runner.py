"""Run the commands of docs/tutorial.md and check that their output is what the tutorial shows.

tests/test_tutorial.py runs it on a fresh project, so the tests fail when the tutorial drifts
from the code; tools/tutorial_screenshots.py uses it to build the project its pictures show.
Run it by hand to see every command's real output next to the tutorial's:

    python tools/tutorial_runner.py            # run all, report the steps that differ
    python tools/tutorial_runner.py --show     # also print every command's real output

The rules (docs/tutorial.md says the same in a comment at its top):

1. Only ```console blocks are run, top to bottom. A line starting with `$ ` is a command (a line
   ending in a backslash continues on the next one); the lines after it, up to the next command,
   are its output as the tutorial shows it. ```python blocks are run too (in one namespace, after
   the console blocks before them); their output is not compared. Other blocks (```sh, ```r ...)
   are not run: setup, the workbench and other programs.
2. A command is `themecoder ...` or `export NAME=VALUE`, split as a POSIX shell splits it; it
   runs in-process through click's CliRunner, in a folder where `transcripts/` and `codebooks/`
   are the repository's, and must exit with status 0.
3. Before comparing, in both the shown and the real output: ANSI escapes are removed, times
   (`2024-11-28T10:00:00+00:00`, `20241128T100000`) become `<time>`, runs of whitespace become
   one space, and blank lines and lines made only of table borders are dropped (their widths
   depend on the terminal; tables are printed 160 columns wide when not on a terminal).
4. The shown lines must be the real lines, in order and without gaps, except that a line `...`
   stands for any number of lines (none included) and `...` inside a line for any text.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "docs" / "tutorial.md"
LINKED = ("transcripts", "codebooks")  # what the commands read, linked into the work folder
ELLIPSIS = "..."
PROMPT = "$ "
# Unset while a command runs: they would make rich treat the captured output as a terminal.
TERMINAL_OVERRIDES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")

_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(r"^<!--\s*tutorial:\s*([\w-]+)\s*-->\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TIME = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?|\d{8}T\d{6}Z?"
)
_BORDER = re.compile(r"^[\s\u2500-\u257f]*$")  # box-drawing characters only
_EXPORT = re.compile(r"^export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$")


@dataclass
class Step:
    """One thing the tutorial does: a command with its shown output, or a python block."""

    kind: str  # "command" or "python"
    text: str  # the command line (continuations joined) or the python source
    expected: list[str] = field(default_factory=list)
    line: int = 0  # line number in the tutorial, for messages
    marker: str = ""  # the last `<!-- tutorial: NAME -->` marker above the step


@dataclass
class Outcome:
    """What running a step gave: its real output, and a problem if it does not match."""

    step: Step
    output: str
    problem: str = ""


def parse(text: str) -> list[Step]:
    """The steps of a tutorial's markdown, in order (see the module docstring, rule 1)."""
    steps: list[Step] = []
    lines = text.splitlines()
    marker, i = "", 0
    while i < len(lines):
        found = _MARKER.match(lines[i])
        fence = _FENCE.match(lines[i])
        if found:
            marker = found.group(1)
        if not fence:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), len(lines))
        body = lines[i + 1 : end]
        if fence.group(1) == "console":
            steps += _console_steps(body, i + 2, marker)
        elif fence.group(1) == "python":
            steps.append(Step("python", "\n".join(body), line=i + 2, marker=marker))
        i = end + 1
    return steps


def _console_steps(body: list[str], first_line: int, marker: str) -> list[Step]:
    steps: list[Step] = []
    k = 0
    while k < len(body):
        line = body[k]
        if not line.startswith(PROMPT):
            if steps:
                steps[-1].expected.append(line)
            elif line.strip():
                raise ValueError(f"tutorial line {first_line + k}: output before any command")
            k += 1
            continue
        command, start = line[len(PROMPT) :], k
        while command.endswith("\\") and k + 1 < len(body):
            k += 1
            command = command[:-1].rstrip() + " " + body[k].strip()
        steps.append(Step("command", command.strip(), line=first_line + start, marker=marker))
        k += 1
    return steps


def normalise(text: str) -> list[str]:
    """Output lines as they are compared (rule 3)."""
    out = []
    for raw in _ANSI.sub("", text).splitlines():
        line = " ".join(_TIME.sub("<time>", raw).split())
        if line and not _BORDER.match(line):
            out.append(line)
    return out


def _line_pattern(shown: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in shown.split(ELLIPSIS)), re.DOTALL)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the shown lines are the real ones (rule 4); both already normalised."""
    groups: list[list[re.Pattern[str]]] = [[]]
    for line in expected:
        if line == ELLIPSIS:
            groups.append([])
        else:
            groups[-1].append(_line_pattern(line))
    if len(groups) == 1:
        return _run_at(groups[0], actual, 0) and len(groups[0]) == len(actual)
    first, *middle, last = groups
    if not _run_at(first, actual, 0):
        return False
    position, tail = len(first), len(actual) - len(last)
    for group in middle:
        found = next((p for p in range(position, tail + 1) if _run_at(group, actual, p)), None)
        if found is None:
            return False
        position = found + len(group)
    return tail >= position and _run_at(last, actual, tail)


def _run_at(patterns: list[re.Pattern[str]], actual: list[str], at: int) -> bool:
    if at < 0 or at + len(patterns) > len(actual):
        return False
    return all(p.fullmatch(actual[at + n]) for n, p in enumerate(patterns))


@contextmanager
def work_folder(folder: Path) -> Iterator[Path]:
    """`folder` with the repository's transcripts and codebooks linked in, as the current folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = folder / name
        if not link.exists():
            link.symlink_to(REPO / name, target_is_directory=True)
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


class Runner:
    """Runs steps in the current folder with the environment the tutorial's `export`s build."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.env: dict[str, str] = dict(env or {})
        self.namespace: dict[str, object] = {"__name__": "tutorial"}

    def run(self, step: Step) -> Outcome:
        """Run one step; the outcome's `problem` is empty when all went as shown."""
        if step.kind == "python":
            return self._run_python(step)
        words = shlex.split(step.text, comments=True)
        exported = _EXPORT.match(step.text)
        if exported:
            self.env[exported.group(1)] = shlex.split(exported.group(2))[0]
            return self._compare(step, "", 0)
        if not words or words[0] != "themecoder":
            return Outcome(step, "", "only `themecoder` and `export` commands can be run")
        from click.testing import CliRunner

        from themecoder.cli import cli

        env: dict[str, str | None] = {name: None for name in TERMINAL_OVERRIDES}
        result = CliRunner().invoke(cli, words[1:], env=env | self.env, catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return self._compare(step, result.output, result.exit_code)

    def _compare(self, step: Step, output: str, status: int) -> Outcome:
        if status != 0:
            return Outcome(step, output, f"exit status {status}")
        if not matches(normalise("\n".join(step.expected)), normalise(output)):
            return Outcome(step, output, "the output differs from what the tutorial shows")
        return Outcome(step, output)

    def _run_python(self, step: Step) -> Outcome:
        from contextlib import redirect_stdout
        from io import StringIO

        captured = StringIO()
        with redirect_stdout(captured):  # the tutorial's own code, as a reader would run it
            exec(compile(step.text, f"tutorial line {step.line}", "exec"), self.namespace)  # noqa: S102
        return Outcome(step, captured.getvalue())


def describe(outcome: Outcome) -> str:
    """A report of a step that went wrong: the command, what is shown and what came out."""
    step = outcome.step
    shown = "\n".join(f"    {line}" for line in step.expected) or "    (nothing)"
    real = "\n".join(f"    {line}" for line in outcome.output.splitlines()) or "    (nothing)"
    return (
        f"docs/tutorial.md line {step.line}: {outcome.problem}\n  $ {step.text}\n"
        f"  the tutorial shows:\n{shown}\n  the real output:\n{real}"
    )


def run_tutorial(
    folder: Path,
    until: str | None = None,
    text: str | None = None,
    hooks: Mapping[str, Callable[[], object]] | None = None,
) -> Iterator[Outcome]:
    """Run the tutorial's steps in `folder` (see `work_folder`), up to the marker `until`.

    `hooks[NAME]()` is called before the first step below the marker NAME.
    """
    steps = parse(text if text is not None else TUTORIAL.read_text(encoding="utf-8"))
    runner, marker = Runner(), ""
    with work_folder(folder):
        for step in steps:
            if until is not None and step.marker == until:
                return
            if step.marker != marker:
                marker = step.marker
                if hooks and marker in hooks:
                    hooks[marker]()
            yield runner.run(step)


def main(argv: list[str]) -> int:
    import tempfile

    show = "--show" in argv
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["THEMECODER_HOME"] = tmp
        for outcome in run_tutorial(Path(tmp) / "work"):
            if show and outcome.step.kind == "command":
                print(f"$ {outcome.step.text}\n{outcome.output}")
            if outcome.problem:
                failures += 1
                print(describe(outcome), file=sys.stderr)
    print(f"{failures} step(s) differ from the tutorial", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
