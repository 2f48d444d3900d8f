"""The codebook as an appendix-ready Markdown table per top-level code."""

from __future__ import annotations

from pathlib import Path

from themecoder.core.codebook import Codebook
from themecoder.core.model import CodeDef
from themecoder.io.codebook_files import write_codebook
from themecoder.io.codebook_md import codebook_to_markdown


def sample() -> Codebook:
    return Codebook.from_codes(
        [
            CodeDef("barriers", description="What is in the way."),
            CodeDef(
                "barriers/time",
                description="No time | no energy",
                include="hours\nfamily",
                exclude="cost",
                examples=["I had no time", "later"],
            ),
            CodeDef("barriers/cost/data"),
            CodeDef("outcomes"),
        ],
        name="Study codebook",
        description="Codes of the study.",
    )


def test_a_table_per_top_level_code_with_counts(tmp_path: Path) -> None:
    path = tmp_path / "appendix.md"
    write_codebook(sample(), path, counts={"barriers/time": 7, "outcomes": 2})
    assert path.read_text(encoding="utf-8") == (
        "# Study codebook\n\n"
        "Codes of the study.\n\n"
        "## barriers\n\n"
        "What is in the way.\n\n"
        "| Code | Definition | Include | Exclude | Example | Count |\n"
        "|---|---|---|---|---|---|\n"
        "| **barriers** | What is in the way. |  |  |  | 0 |\n"
        "| time | No time \\| no energy | hours<br>family | cost | “I had no time”<br>“later” | 7 |\n"
        "| cost |  |  |  |  | 0 |\n"
        "| cost / data |  |  |  |  | 0 |\n\n"
        "## outcomes\n\n"
        "| Code | Definition | Include | Exclude | Example | Count |\n"
        "|---|---|---|---|---|---|\n"
        "| **outcomes** |  |  |  |  | 2 |\n"
    )


def test_without_counts_there_is_no_count_column() -> None:
    text = codebook_to_markdown(sample())
    assert "| Code | Definition | Include | Exclude | Example |\n" in text
    assert "Count" not in text
