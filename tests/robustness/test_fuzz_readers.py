"""Every reader, fed damaged copies of valid files, either reads them or raises a one-line InputError.

Hypothesis drives the mutations (byte flips, inserted tokens, cuts, repeats; for zip-based formats
also damaged, missing, renamed or repeated members), derandomised so every run tests the same cases
and a failure shrinks to a small repro. `benchmarks/fuzz_bench.py` runs 10,000 random cases per reader.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.mutations import READERS, mutate, outcome, seed_files
from themecoder.core.errors import InputError
from themecoder.io import read_document

# Fewer cases for the formats whose libraries are slow to open a file (python-docx, PyYAML, openpyxl).
CASES = {".docx": 120, ".yaml": 150, ".xlsx": 150}
DEFAULT_CASES = 300
# Crashes found and reported to the owners of those modules; remove a mark once it is fixed.
KNOWN_BUGS: dict[str, pytest.MarkDecorator] = {}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return seed_files(tmp_path_factory.mktemp("seeds"))


@pytest.mark.filterwarnings("ignore::UserWarning")  # libraries warn about odd files they still read
@pytest.mark.parametrize(
    "ext", [pytest.param(ext, marks=KNOWN_BUGS.get(ext, ())) for ext in sorted(READERS)]
)
def test_reader_refuses_damaged_files_with_one_line(
    ext: str, seeds: dict[str, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert outcome(seeds[ext]) == "accepted"  # the fuzzing starts from a valid file
    data = seeds[ext].read_bytes()
    seen: dict[str, int] = {}

    @settings(
        max_examples=CASES.get(ext, DEFAULT_CASES),
        deadline=None,
        derandomize=True,
        database=None,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(rng=st.randoms(use_true_random=False))
    def damaged(rng) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / f"case{ext}"
        path.write_bytes(mutate(rng, data, ext))
        result = outcome(path)  # anything but InputError escaping fails here, with the repro
        seen[result] = seen.get(result, 0) + 1

    damaged()
    assert seen.get("input-error", 0) > 0, seen  # the mutations do reach the error paths
    assert capfd.readouterr().out == "", "a reader printed to stdout"


def test_truncated_odt_content_is_refused_not_half_imported(
    seeds: dict[str, Path], tmp_path: Path
) -> None:
    """odfpy prints a part it cannot parse and carries on with what it read; the reader must refuse."""
    cut = tmp_path / "cut.odt"
    with zipfile.ZipFile(seeds[".odt"]) as source, zipfile.ZipFile(cut, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(
                info, data[: len(data) * 6 // 10] if info.filename == "content.xml" else data
            )
    with pytest.raises(
        InputError, match=r"cut\.odt: not a readable OpenDocument text \(damaged content\.xml"
    ):
        read_document(cut)


@pytest.mark.parametrize("ext", [".qdc", ".qdpx"])
def test_an_unknown_xml_encoding_is_bad_input(ext: str, tmp_path: Path) -> None:
    declaration = b'<?xml version="1.0" encoding="u-f-8"?>'
    path = tmp_path / f"odd{ext}"
    if ext == ".qdc":
        path.write_bytes(
            declaration + b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
        )
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(
                "project.qde", declaration + b'<Project xmlns="urn:QDA-XML:project:1.0"/>'
            )
    assert outcome(path) == "input-error"


def test_a_zip_from_the_future_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "future.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", b'<Project xmlns="urn:QDA-XML:project:1.0"/>')
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (66).to_bytes(2, "little")  # "version needed to extract" 6.6
    path.write_bytes(bytes(data))
    assert outcome(path) == "input-error"
