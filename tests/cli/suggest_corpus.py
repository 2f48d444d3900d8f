"""A small survey with three obvious topics, imported and coded through the CLI itself."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from themecoder.cli import cli

TOPICS: dict[str, list[str]] = {
    "parking": [
        "The car park was full and I drove around for twenty minutes looking for a parking space.",
        "Parking at the hospital is far too expensive for patients and their visitors.",
        "There were no free parking spaces near the entrance, so I parked on the street.",
        "The parking machine did not take cards and I had no coins for the car park.",
        "Finding a parking space took longer than the appointment itself.",
        "Disabled parking bays were taken by cars without a badge.",
        "The car park barrier was broken and a queue of cars waited at the exit.",
        "Parking charges went up again and the car park is always full in the morning.",
        "I missed my slot because the car park was full and there was no parking nearby.",
        "Please build more parking, the car park cannot cope with the number of cars.",
        "The parking signs were confusing and I drove past the car park entrance twice.",
        "Street parking near the clinic is limited to one hour, not enough for a long appointment.",
    ],
    "food": [
        "The food on the ward was cold and had no taste at all.",
        "Breakfast arrived late and the toast was cold and dry.",
        "The meals were the same every day, always potatoes and overcooked vegetables.",
        "There was no vegetarian meal on the menu for three days.",
        "The soup was lukewarm and the bread was stale.",
        "Hot drinks came round only twice a day and the tea was weak.",
        "My dinner tray was taken away before I could finish my meal.",
        "The sandwiches in the cafe were expensive and the food choice was poor.",
        "Portions of food were tiny and I was hungry between meals.",
        "The kitchen forgot my gluten free meal twice.",
        "The menu had no fruit and the dessert was a cold pudding.",
        "Lunch was served at eleven and dinner at five, the meal times are too early.",
    ],
    "staff": [
        "The nurses were kind and patient and explained everything to me.",
        "The doctor listened carefully and answered all my questions.",
        "Staff on the night shift were caring even though the ward was busy.",
        "The nurse who took my blood was gentle and reassuring.",
        "The receptionist was friendly and helped me find the right clinic.",
        "Every member of staff introduced themselves and treated me with respect.",
        "The physiotherapist encouraged me and the nurses checked on me often.",
        "The consultant took time to explain the operation and the risks.",
        "The healthcare assistants were cheerful and made me feel at ease.",
        "The nurses held my hand when I was frightened before the surgery.",
        "The doctor apologised for the wait and was very kind to my mother.",
        "The staff were professional, caring and always polite to visitors.",
    ],
}
NAME = "answers"


def answers() -> list[tuple[str, str, str]]:
    """(row id, topic, answer), interleaved so topics are not in blocks."""
    rows = []
    for i in range(12):
        for topic, texts in TOPICS.items():
            rows.append((f"r{len(rows) + 1:02d}", topic, texts[i]))
    return rows


def doc_name(row_id: str) -> str:
    return f"{NAME}-{row_id}"


def invoke(db: Path, *args: str, coder: str = "ana", expect: int = 0):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["-p", str(db), "--coder", coder, *map(str, args)],
                                catch_exceptions=False)
    assert result.exit_code == expect, (args, result.output, result.stderr)
    return result


def build_survey(folder: Path) -> Path:
    """Import the answers as a survey (one document per answer); no codings."""
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / f"{NAME}.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "answer"])
        writer.writerows((row_id, text) for row_id, _, text in answers())
    db = folder / "survey.db"
    invoke(db, "import", table, "--kind", "survey", "--text-column", "answer", "--case-column", "id")
    return db


def code_rows(codes: dict[str, list[str]], per_topic: int, coder: str = "ana") -> list[dict]:
    """Codings of the first `per_topic` answers of each topic with the topic's codes."""
    rows = []
    seen: dict[str, int] = {}
    for row_id, topic, text in answers():
        seen[topic] = seen.get(topic, 0) + 1
        if seen[topic] <= per_topic:
            rows += [{"doc": doc_name(row_id), "code": code, "text": text, "coder": coder}
                     for code in codes.get(topic, [])]
    return rows


def import_codings(db: Path, rows: list[dict]) -> None:
    path = db.parent / "codings.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    invoke(db, "codings", "import", path)


TOPIC_CODES = {"parking": ["access/parking"], "food": ["care/food"], "staff": ["care/staff"]}


def build_coded_survey(folder: Path, codes: dict[str, list[str]] = TOPIC_CODES,
                       per_topic: int = 6) -> Path:
    db = build_survey(folder)
    import_codings(db, code_rows(codes, per_topic))
    return db


def topic_of(doc: str) -> str:
    return {doc_name(row_id): topic for row_id, topic, _ in answers()}[doc]


def copy_of(db: Path, folder: Path) -> Path:
    """A copy of a built project (WAL checkpointed by closing), so each test writes its own."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / db.name
    shutil.copyfile(db, target)
    return target


Build = Callable[[Path], Path]
