"""Corrupt and hostile REFI-QDA files: one-line InputErrors naming the file, nothing extracted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from themecoder.core.errors import InputError
from themecoder.io.refi import read_qde, read_qdpx

PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
  <CodeBook><Codes><Code guid="aaaaaaaa-0000-4000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="bbbbbbbb-0000-4000-8000-000000000001" name="t" plainTextPath="internal://t.txt">
      <PlainTextSelection guid="cccccccc-0000-4000-8000-000000000001" startPosition="{start}" endPosition="{end}">
        <Coding guid="dddddddd-0000-4000-8000-000000000001">
          <CodeRef targetGUID="aaaaaaaa-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol4;"/>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return path


def good_members(start: int = 0, end: int = 4) -> dict[str, bytes]:
    return {
        "project.qde": PROJECT.format(start=start, end=end).encode(),
        "sources/t.txt": b"some text",
    }


def refused(path: Path, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_qdpx(path)
    text = str(caught.value)
    assert text.startswith(f"{path.name}:")
    assert message in text
    assert "\n" not in text


def test_the_well_formed_archive_reads(tmp_path: Path) -> None:
    project = read_qdpx(make_zip(tmp_path / "ok.qdpx", good_members()))
    assert project.sources[0].text == "some text"


@pytest.mark.parametrize(
    "member,message",
    [
        ("../evil.txt", "escape"),
        ("sources/../../evil.txt", "escape"),
        ("..\\evil.txt", "escape"),
        ("/etc/cron.d/evil", "absolute"),
        ("\\windows\\evil.txt", "absolute"),
        ("C:/Users/evil.txt", "absolute"),
    ],
)
def test_members_escaping_the_target_folder_are_refused(
    tmp_path: Path, member: str, message: str
) -> None:
    path = make_zip(tmp_path / "evil.qdpx", {**good_members(), member: b"x"})
    refused(path, message)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_billion_laughs_in_the_qde_is_refused(tmp_path: Path) -> None:
    refused(make_zip(tmp_path / "laughs.qdpx", {"project.qde": BILLION_LAUGHS.encode()}), "refused")


def test_external_entities_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^x\.qde: refused"):
        read_qde(EXTERNAL_ENTITY.encode(), label="x.qde")


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "text.qdpx"
    path.write_text("this is not an archive")
    refused(path, "not a readable zip archive")


def test_a_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "absent.qdpx", "file not found")


def test_an_archive_without_a_qde(tmp_path: Path) -> None:
    refused(make_zip(tmp_path / "empty.qdpx", {"sources/t.txt": b"x"}), "no .qde")


def test_an_archive_with_two_qde_files(tmp_path: Path) -> None:
    members = {**good_members(), "copy/other.qde": good_members()["project.qde"]}
    refused(make_zip(tmp_path / "two.qdpx", members), "several .qde")


def test_a_selection_outside_its_text(tmp_path: Path) -> None:
    refused(make_zip(tmp_path / "out.qdpx", good_members(2, 40)), "lies outside the text")
    refused(make_zip(tmp_path / "neg.qdpx", good_members(-1, 4)), "lies outside the text")


def test_a_position_that_is_not_a_number(tmp_path: Path) -> None:
    members = good_members()
    members["project.qde"] = members["project.qde"].replace(
        b'startPosition="0"', b'startPosition="x"'
    )
    refused(make_zip(tmp_path / "nan.qdpx", members), "is not a number")


def test_malformed_xml(tmp_path: Path) -> None:
    refused(
        make_zip(tmp_path / "bad.qdpx", {"project.qde": b"<Project name='p'>"}), "not well-formed"
    )


def test_a_binary_text_source(tmp_path: Path) -> None:
    members = {**good_members(), "sources/t.txt": b"\x00\x01\x02binary"}
    refused(make_zip(tmp_path / "bin.qdpx", members), "binary")


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    members = {**good_members(), "sources/bomb.txt": bytes(17 * 1024 * 1024)}
    refused(make_zip(tmp_path / "bomb.qdpx", members), "zip bomb")


def test_a_corrupt_member(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "crc.qdpx", {"project.qde": PROJECT.format(start=0, end=4).encode()})
    data = bytearray(path.read_bytes())
    middle = data.index(b"project.qde") + len("project.qde") + 40
    data[middle : middle + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    refused(path, "project.qde")


def test_deeply_nested_codes(tmp_path: Path) -> None:
    depth = 5000
    code = '<Code guid="aaaaaaaa-0000-4000-8000-{:012d}" name="c" isCodable="true">'
    codes = "".join(code.format(i) for i in range(depth)) + "</Code>" * depth
    project = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>{codes}</Codes></CodeBook></Project>'
    refused(
        make_zip(tmp_path / "deep.qdpx", {"project.qde": project.encode()}), "nested too deeply"
    )
