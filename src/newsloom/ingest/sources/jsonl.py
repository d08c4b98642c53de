"""Article records in JSON: JSONL files (.jsonl, .jsonl.gz, streamed) and lone .json files."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsloom.errors import Reason
from newsloom.ingest.sources.decode import BINARY_SNIFF_BYTES, binary_skip, decode_text, decode_utf8
from newsloom.ingest.sources.records import split_record, with_defaults
from newsloom.model import Article, Skipped

_UTF8_BOM = b"\xef\xbb\xbf"


def read_jsonl_file(
    path: Path, origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """Articles from a JSONL file, gzip-compressed when named .gz, read line by line."""
    compressed = path.name.lower().endswith(".gz")
    try:
        with _open(path, compressed) as stream:
            refused = binary_skip(stream.read(BINARY_SNIFF_BYTES), origin)
        if refused is not None:
            yield refused
            return
        with _open(path, compressed) as stream:
            yield from read_jsonl_lines(stream, origin, outlet=outlet, published=published)
    except (OSError, EOFError, zlib.error) as error:
        # A truncated or corrupt gzip stream fails part-way: what was read so far stands.
        yield Reason.UNREADABLE.skip(origin, str(getattr(error, "strerror", None) or error))


def read_jsonl_lines(
    lines: Iterable[bytes], origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """Articles from JSONL lines, each reported as origin:line; blank lines are passed over."""
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(_UTF8_BOM)
        if not raw.strip():
            continue
        yield from read_record_bytes(raw, f"{origin}:{number}", outlet=outlet, published=published)


def read_json_document(
    data: bytes, origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """Articles from a .json file: one record, a list of records (origin#n), or JSONL after all."""
    decoded = decode_text(data, origin)
    if isinstance(decoded, Skipped):
        yield decoded
        return
    if not decoded.strip():
        yield Reason.EMPTY.skip(origin)
        return
    try:
        value = json.loads(decoded)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            # Several documents one after another: a JSONL file under a .json name.
            yield from read_jsonl_lines(
                data.split(b"\n"), origin, outlet=outlet, published=published
            )
        else:
            yield Reason.BAD_JSON.skip(origin, _describe(error))
        return
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from read_record(item, f"{origin}#{number}", outlet=outlet, published=published)
    else:
        yield from read_record(value, origin, outlet=outlet, published=published)


def read_record_bytes(
    raw: bytes, origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """The article in one encoded JSON record, or why there is none."""
    decoded = decode_utf8(raw, origin)
    if isinstance(decoded, Skipped):
        yield decoded
        return
    try:
        value = json.loads(decoded)
    except json.JSONDecodeError as error:
        yield Reason.BAD_JSON.skip(origin, _describe(error))
        return
    yield from read_record(value, origin, outlet=outlet, published=published)


def read_record(
    value: Any, origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """The article in one decoded JSON record of the article schema, or why there is none."""
    if not isinstance(value, dict):
        yield Reason.BAD_RECORD.skip(origin, f"expected a JSON object, got {type(value).__name__}")
        return
    if "text" not in value:
        yield Reason.BAD_RECORD.skip(origin, "no 'text' field")
        return
    text = value["text"]
    if not isinstance(text, str):
        yield Reason.BAD_RECORD.skip(origin, f"'text' is {type(text).__name__}, not a string")
        return
    if not text.strip():
        yield Reason.EMPTY.skip(origin)
        return
    record = split_record(value)
    article = Article(text=text, origin=origin, extra=record.extra, **record.fields)
    yield with_defaults(article, outlet=outlet, published=published)
    for problem in record.problems:
        yield Reason.BAD_FIELD.skip(origin, problem)


def _open(path: Path, compressed: bool) -> gzip.GzipFile | io.BufferedReader:
    return gzip.open(path, "rb") if compressed else path.open("rb")


def _describe(error: json.JSONDecodeError) -> str:
    return (
        f"{error.msg} at column {error.colno}"
        if error.lineno == 1
        else (f"{error.msg} at line {error.lineno} column {error.colno}")
    )
