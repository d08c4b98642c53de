"""Article JSONL (plain and gzip) and lone JSON files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from newsloom.errors import Reason
from newsloom.ingest.sources import read_paths

RECORDS = [
    {
        "id": "wire-0411",
        "title": "Copper price climbs on supply worries",
        "text": (
            "Copper rose 2 percent in London trading on Monday after a landslide closed one of "
            "the largest mines in the region."
        ),
        "url": "https://wire.example/copper-0411",
        "outlet": "Metals Wire",
        "published": "2024-04-08T10:15:00Z",
        "language": "en",
        "author": "Lena Hoffmann",
        "topic": 7,
        "gold_event": "7_copper",
    },
    {
        "id": 412,
        "text": (
            "Zinc and nickel followed copper higher, while aluminium slipped on weaker demand "
            "from carmakers."
        ),
        "published": "Mon, 08 Apr 2024 11:30:00 GMT",
    },
]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_with_extra_fields_and_external_ids(tmp_path, split):
    path = write_lines(tmp_path / "wire.jsonl", [json.dumps(record) for record in RECORDS])
    [first, second], skipped = split(read_paths([path], outlet="Default Desk"))
    assert skipped == []
    assert first.external_id == "wire-0411"
    assert first.title == "Copper price climbs on supply worries"
    assert first.text == RECORDS[0]["text"]
    assert first.outlet == "Metals Wire"
    assert first.url == "https://wire.example/copper-0411"
    assert first.published == "2024-04-08T10:15:00+00:00"
    assert first.language == "en"
    assert first.author == "Lena Hoffmann"
    assert first.extra == {"topic": 7, "gold_event": "7_copper"}
    assert first.origin == f"{path}:1"
    assert second.external_id == "412"
    assert second.outlet == "Default Desk"  # the record has none: the command line fills in
    assert second.published == "2024-04-08T11:30:00+00:00"
    assert second.origin == f"{path}:2"


def test_gzip_compressed(tmp_path, split):
    path = tmp_path / "wire.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write("\n".join(json.dumps(record) for record in RECORDS) + "\n")
    articles, skipped = split(read_paths([path]))
    assert skipped == []
    assert [article.external_id for article in articles] == ["wire-0411", "412"]
    assert articles[1].origin == f"{path}:2"


def test_broken_line_in_the_middle_does_not_stop_the_file(tmp_path, split):
    lines = [
        json.dumps(RECORDS[0]),
        "",
        '{"id": "wire-0413", "text": "Tin prices were unchanged',
        json.dumps(RECORDS[1]),
    ]
    path = write_lines(tmp_path / "wire.jsonl", lines)
    articles, [problem] = split(read_paths([path]))
    assert [article.origin for article in articles] == [f"{path}:1", f"{path}:4"]
    assert problem.code == Reason.BAD_JSON.code
    assert problem.origin == f"{path}:3"


def test_bad_records(tmp_path, split):
    lines = [
        json.dumps({"id": "a", "title": "No body here"}),
        json.dumps({"id": "b", "text": 42}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "c", "text": "   \n "}),
        json.dumps(
            {
                "id": "d",
                "text": "Gold held near its record high as investors waited for US jobs data.",
            }
        ),
    ]
    path = write_lines(tmp_path / "bad.jsonl", lines)
    [article], skipped = split(read_paths([path]))
    assert article.external_id == "d"
    assert [(problem.origin, problem.code) for problem in skipped] == [
        (f"{path}:1", Reason.BAD_RECORD.code),
        (f"{path}:2", Reason.BAD_RECORD.code),
        (f"{path}:3", Reason.BAD_RECORD.code),
        (f"{path}:4", Reason.EMPTY.code),
    ]
    assert "'text'" in skipped[0].message


def test_unreadable_date_is_dropped_and_reported(tmp_path, split):
    record = {
        "text": "Silver eased slightly in thin holiday trading.",
        "published": "around Easter",
    }
    path = write_lines(tmp_path / "silver.jsonl", [json.dumps(record)])
    [article], [problem] = split(read_paths([path], published="2024-03-29"))
    assert article.published == "2024-03-29"
    assert problem.code == Reason.BAD_FIELD.code
    assert problem.origin == f"{path}:1"
    assert "around Easter" in problem.message


def test_non_string_field_is_dropped_and_reported(tmp_path, split):
    record = {
        "text": "Platinum fell for a third day.",
        "title": ["Platinum", "falls"],
        "outlet": "Metals Wire",
    }
    path = write_lines(tmp_path / "platinum.jsonl", [json.dumps(record)])
    [article], [problem] = split(read_paths([path]))
    assert article.title is None
    assert article.outlet == "Metals Wire"
    assert problem.code == Reason.BAD_FIELD.code


def test_undecodable_line(tmp_path, split):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(
        b'{"text": "caf\xe9 owners protest rent rises"}\n' + json.dumps(RECORDS[1]).encode() + b"\n"
    )
    [article], [problem] = split(read_paths([path]))
    assert problem.code == Reason.UNDECODABLE.code
    assert problem.origin == f"{path}:1"
    assert article.origin == f"{path}:2"


def test_truncated_gzip_keeps_what_was_read(tmp_path, split):
    whole = gzip.compress(("\n".join(json.dumps(RECORDS[0]) for _ in range(200)) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 3 // 4])
    articles, skipped = split(read_paths([path]))
    assert articles, "records before the cut are read"
    assert skipped[-1].code == Reason.UNREADABLE.code


def test_lone_json_object_and_list(tmp_path, split):
    single = tmp_path / "single.json"
    single.write_text(json.dumps(RECORDS[0]), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps(RECORDS + [{"title": "no text"}]), encoding="utf-8")
    articles, skipped = split(read_paths([single, many]))
    assert [article.origin for article in articles] == [str(single), f"{many}#1", f"{many}#2"]
    assert [(problem.origin, problem.code) for problem in skipped] == [
        (f"{many}#3", Reason.BAD_RECORD.code)
    ]


def test_json_file_holding_jsonl(tmp_path, split):
    path = write_lines(tmp_path / "lines.json", [json.dumps(record) for record in RECORDS])
    articles, skipped = split(read_paths([path]))
    assert skipped == []
    assert [article.origin for article in articles] == [f"{path}:1", f"{path}:2"]


def test_broken_json_file(tmp_path, split):
    path = tmp_path / "broken.json"
    path.write_text('{"text": "Lead prices', encoding="utf-8")
    [], [problem] = split(read_paths([path]))
    assert problem.code == Reason.BAD_JSON.code
    assert problem.origin == str(path)
