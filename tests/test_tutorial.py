"""docs/tutorial.md is a test: every command it shows runs on a fresh project, in order, and must
print what the tutorial shows.

The rules (tools/tutorial_runner.py implements them; the tutorial repeats them in a comment):
1. ```console blocks are run top to bottom: `$ ` starts a command (a trailing backslash continues
   it), the lines below it are its output. ```python blocks are run too (output not compared);
   ```sh and other blocks are not run (setup, the workbench, other programs).
2. Commands are `themecoder ...` (run in-process through click's CliRunner) or `export NAME=VALUE`,
   in a temporary folder where `transcripts/` and `codebooks/` link to the repository's; each must
   exit with status 0.
3. Shown and real output are compared after removing ANSI escapes, writing times as `<time>`,
   collapsing whitespace, and dropping blank lines and table-border lines.
4. The shown lines must be the real ones, in order and without gaps; a line `...` stands for any
   number of lines, `...` inside a line for any text.
The workbench part is pictures (tools/tutorial_screenshots.py makes them); here they must exist.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

TUTORIAL = REPO / "docs" / "tutorial.md"
METHODS = REPO / "docs" / "methods.md"


def _runner():  # type: ignore[no-untyped-def]
    if "tutorial_runner" in sys.modules:
        return sys.modules["tutorial_runner"]
    spec = importlib.util.spec_from_file_location(
        "tutorial_runner", REPO / "tools" / "tutorial_runner.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["tutorial_runner"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_command_of_the_tutorial_prints_what_it_shows(tmp_path: Path) -> None:
    for extra in ("pandas", "pyarrow", "pyreadstat"):  # the tutorial exports Parquet and .sav
        pytest.importorskip(extra, reason="the tutorial needs the analysis extra")
    runner = _runner()
    outcomes = list(runner.run_tutorial(tmp_path / "work"))
    commands = [o for o in outcomes if o.step.kind == "command"]
    assert len(commands) >= 30, "the tutorial lost its commands (or their ```console fences)"
    problems = [runner.describe(o) for o in outcomes if o.problem]
    assert not problems, "docs/tutorial.md drifted from the code:\n\n" + "\n\n".join(problems)
    made = {p.name for p in (tmp_path / "work").iterdir()}
    assert {"study.db", "themes-by-case.parquet", "themes-by-case.sav", "digiusaha.qdpx"} <= made


def test_the_pictures_the_tutorial_shows_exist() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(pictures) >= 4
    for picture in pictures:
        path = (TUTORIAL.parent / picture).resolve()
        assert path.name.startswith("tutorial-") and path.suffix == ".svg", picture
        assert path.is_file(), f"{picture}: missing; run tools/tutorial_screenshots.py"
        assert path.read_text(encoding="utf-8").lstrip().startswith("<svg"), picture


def test_the_markers_the_screenshot_tool_needs_are_there() -> None:
    steps = _runner().parse(TUTORIAL.read_text(encoding="utf-8"))
    markers = [s.marker for s in steps]
    assert "workbench" in markers and "suggestions" in markers
    first_coding = markers.index("workbench")
    assert markers.index("suggestions") > first_coding > 0


def test_links_to_the_methods_note_name_its_sections() -> None:
    headings = re.findall(r"^#+ (.+)$", METHODS.read_text(encoding="utf-8"), flags=re.MULTILINE)
    anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
    for doc in (TUTORIAL, REPO / "README.md"):
        for anchor in re.findall(r"methods\.md#([\w-]+)", doc.read_text(encoding="utf-8")):
            assert anchor in anchors, f"{doc.name}: methods.md#{anchor} names no section"


def test_the_readme_links_the_tutorial_and_the_methods_note() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/tutorial.md)" in readme and "(docs/methods.md)" in readme


def test_parse_reads_commands_continuations_and_outputs() -> None:
    text = (
        "intro\n```console\n$ export A=b\n$ themecoder docs \\\n    --format csv\nid,name\n...\n```\n"
        "<!-- tutorial: later -->\n```sh\nthemecoder tui\n```\n```python\nx = 1\n```\n"
    )
    steps = _runner().parse(text)
    assert [(s.kind, s.text, s.expected, s.marker) for s in steps] == [
        ("command", "export A=b", [], ""),
        ("command", "themecoder docs --format csv", ["id,name", "..."], ""),
        ("python", "x = 1", [], "later"),
    ]


@pytest.mark.parametrize(
    ("shown", "real", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a"], ["a", "b"], False),  # a line left out needs an explicit ...
        (["a", "..."], ["a", "b", "c"], True),
        (["...", "c"], ["a", "b", "c"], True),
        (["a", "c"], ["a", "b", "c"], False),  # shown lines are contiguous
        (["a", "...", "c"], ["a", "b", "c"], True),
        (["a", "...", "c"], ["a", "c"], True),  # ... may stand for no line
        (["c", "...", "a"], ["a", "b", "c"], False),  # in order
        (["x 0.99...", "..."], ["x 0.992 y", "z"], True),  # ... inside a line
        (["kappa 0.606"], ["kappa 0.605"], False),  # a changed number fails
    ],
)
def test_matching_rules(shown: list[str], real: list[str], ok: bool) -> None:
    assert _runner().matches(shown, real) is ok


def test_normalising_drops_borders_blank_lines_times_and_colours() -> None:
    real = (
        "\x1b[1m┏━━━┳━━━┓\x1b[0m\n┃ id  ┃  created ┃\n\n"
        "│ 1   │ 2026-11-28T19:46:09+00:00 │\n└───┴───┘\nstudy.pre-merge-20261128T193828.bak.db\n"
    )
    assert _runner().normalise(real) == [
        "┃ id ┃ created ┃",
        "│ 1 │ <time> │",
        "study.pre-merge-<time>.bak.db",
    ]
