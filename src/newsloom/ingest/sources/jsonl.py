"""Article records in JSON: JSONL files (.jsonl, .jsonl.gz, streamed) and lone .json files."""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsloom.errors import Reason
from newsloom.ingest.sources.decode import BINARY_SNIFF_BYTES, binary_skip, decode_text, decode_utf8
from newsloom.ingest.sources.limits import (
    MAX_LINE_BYTES,
    MAX_SUSTAINED_RATIO,
    RATIO_CHECKED_FROM_BYTES,
    inflated_limit,
)
from newsloom.ingest.sources.records import (
    JSONLimitError,
    has_lone_surrogate,
    load_json,
    split_record,
    with_defaults,
    without_surrogates,
)
from newsloom.model import Article, Skipped

_UTF8_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"
# Bytes read from a file, and inflated from a gzip stream, per step: small enough that no step
# holds much, large enough that the per-step cost is nothing.
CHUNK_BYTES = 1024 * 1024
# zlib's window bits for a gzip header and trailer.
_GZIP_WBITS = 16 + zlib.MAX_WBITS

# What a stream of JSONL content yields: bytes, or a Skipped that ends it (a broken gzip tail,
# a stream past its size limit).
Chunk = bytes | Skipped
# What the line splitter yields: a line, the length of a line too long to keep, or a Skipped.
Line = bytes | int | Skipped


def read_jsonl_file(
    path: Path, origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """Articles from a JSONL file, gzip-compressed when named .gz, read in bounded chunks."""
    compressed = path.name.lower().endswith(".gz")
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Reason.UNREADABLE.skip(origin, error.strerror or str(error))
        return
    with stream:
        chunks: Iterable[Chunk] = _file_chunks(stream, origin)
        if compressed:
            chunks = inflate(chunks, origin)
        yield from read_jsonl_chunks(chunks, origin, outlet=outlet, published=published)


def read_jsonl_chunks(
    chunks: Iterable[Chunk],
    origin: str,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    """Articles from JSONL content in chunks: binary content refused, lines bounded."""
    stream = iter(chunks)
    head: list[Chunk] = []
    size = 0
    for chunk in stream:
        head.append(chunk)
        if isinstance(chunk, Skipped):
            break
        size += len(chunk)
        if size >= BINARY_SNIFF_BYTES:
            break
    sniffed = b"".join(c for c in head if isinstance(c, bytes))
    refused = binary_skip(sniffed, origin)
    if refused is not None and not _holds_a_record(sniffed):
        yield refused
        return
    lines = split_lines(itertools.chain(head, stream), MAX_LINE_BYTES)
    yield from read_jsonl_lines(lines, origin, outlet=outlet, published=published)


def read_jsonl_lines(
    lines: Iterable[Line], origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """Articles from JSONL lines, each reported as origin:line; blank lines are passed over."""
    records = 0
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, Skipped):
            yield raw
            records += 1
            continue
        line_origin = f"{origin}:{number}"
        if isinstance(raw, int):
            records += 1
            yield Reason.TOO_LARGE.skip(
                line_origin, f"a line of {raw:,} bytes (at most {MAX_LINE_BYTES:,})"
            )
            continue
        if number == 1:
            raw = raw.removeprefix(_UTF8_BOM)
        if not raw.strip():
            continue
        records += 1
        yield from read_record_bytes(raw, line_origin, outlet=outlet, published=published)
    if not records:
        # An empty or blank file is named, not passed over: it was given and held nothing.
        yield Reason.EMPTY.skip(origin, ": the file holds no records")


def _holds_a_record(head: bytes) -> bool:
    """Whether any whole line of the head is a JSON object: then it is JSONL with bad lines in it
    (a NUL byte, random bytes), read line by line, not a binary file refused whole."""
    for line in head.split(b"\n")[:-1]:
        if line.strip().removeprefix(_UTF8_BOM).startswith(b"{"):
            try:
                if isinstance(json.loads(line.removeprefix(_UTF8_BOM)), dict):
                    return True
            except (ValueError, RecursionError):
                continue
    return False


def split_lines(chunks: Iterable[Chunk], max_line: int) -> Iterator[Line]:
    """Lines of chunked content without their newlines; a line over max_line bytes as its length.

    A long line is counted past, never held: memory stays within max_line whatever comes.
    """
    pending = bytearray()
    overlong = 0  # bytes of the current line once it is past max_line
    for chunk in chunks:
        if isinstance(chunk, Skipped):
            # The stream ends here. The last line is read as it stands: after a complete gzip
            # member it is whole, after a cut one it is reported as broken JSON.
            if overlong or pending:
                yield overlong or bytes(pending)
            yield chunk
            return
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            if overlong:
                overlong += len(piece)
            elif len(pending) + len(piece) > max_line:
                overlong, pending = len(pending) + len(piece), bytearray()
            else:
                pending += piece
            if end < 0:
                break
            yield overlong or bytes(pending)
            pending, overlong, start = bytearray(), 0, end + 1
    if overlong or pending:
        yield overlong or bytes(pending)


def inflate(chunks: Iterable[Chunk], origin: str) -> Iterator[Chunk]:
    """The inflated content of gzip chunks (several members read in turn), bounded in size.

    What was inflated before a corrupt or truncated stream, or trailing bytes that are not
    gzip, stands; the problem ends the content as a Skipped.
    """
    inflater = _Inflater(origin)
    for chunk in chunks:
        if isinstance(chunk, Skipped):
            yield chunk
            return
        yield from inflater.feed(chunk)
        if inflater.problem is not None:
            break
    problem = inflater.finish()
    if problem is not None:
        yield problem


class _Inflater:
    """Inflates gzip members in turn, counting the bytes that go in and come out."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.decompressor: Any = None
        self.pending = b""
        self.taken = 0
        self.given = 0
        self.problem: Skipped | None = None

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The content inflated from one more chunk; sets problem when the stream goes bad."""
        self.taken += len(chunk)
        self.pending += chunk
        while self.pending and self.problem is None and self._member_started():
            out = self._step()
            if out:
                yield out

    def finish(self) -> Skipped | None:
        """The problem with the stream as a whole, once every chunk is fed."""
        if self.problem is not None:
            return self.problem
        if self.decompressor is not None:
            return Reason.UNREADABLE.skip(
                self.origin, f"gzip stream cut short after {self.given:,} bytes"
            )
        return self._broken_tail() if self.pending else None

    def _member_started(self) -> bool:
        if self.decompressor is not None:
            return True
        if not self.pending.strip(b"\x00"):
            self.pending = b""  # zero padding after the last member, which gzip allows
            return False
        if len(self.pending) < len(_GZIP_MAGIC):
            return False  # too little to tell a next member from trailing bytes
        if not self.pending.startswith(_GZIP_MAGIC):
            self.problem = self._broken_tail()
            return False
        self.decompressor = zlib.decompressobj(_GZIP_WBITS)
        return True

    def _step(self) -> bytes:
        try:
            out: bytes = self.decompressor.decompress(self.pending, CHUNK_BYTES)
        except zlib.error as error:
            self.problem = Reason.UNREADABLE.skip(
                self.origin, f"corrupt gzip data after {self.given:,} bytes: {error}"
            )
            return b""
        self.given += len(out)
        if self.decompressor.eof:
            self.pending, self.decompressor = self.decompressor.unused_data, None
        else:
            self.pending = self.decompressor.unconsumed_tail
        self.problem = self._too_large()
        return b"" if self.problem is not None else out

    def _too_large(self) -> Skipped | None:
        """NL014 when the output passes the allowance, or keeps a bomb's ratio past 1 MiB."""
        limit = inflated_limit(self.taken)
        if self.given > limit:
            return Reason.TOO_LARGE.skip(
                self.origin, f"gzip inflates past {limit:,} bytes from {self.taken:,}"
            )
        consumed = max(1, self.taken - len(self.pending))  # compressed bytes inflated so far
        if self.given > RATIO_CHECKED_FROM_BYTES and self.given > MAX_SUSTAINED_RATIO * consumed:
            return Reason.TOO_LARGE.skip(
                self.origin,
                f"gzip inflates {self.given // consumed:,} times ({self.given:,} bytes from "
                f"{consumed:,}): a compression bomb, read no further",
            )
        return None

    def _broken_tail(self) -> Skipped:
        if not self.given:
            return Reason.UNREADABLE.skip(self.origin, "not a gzip file")
        return Reason.UNREADABLE.skip(
            self.origin,
            f"bytes after the gzip stream ignored (the {self.given:,} bytes before them are read)",
        )


def _file_chunks(stream: Any, origin: str) -> Iterator[Chunk]:
    """A file's bytes in chunks; a read error ends them as a Skipped."""
    while True:
        try:
            chunk = stream.read(CHUNK_BYTES)
        except OSError as error:
            yield Reason.UNREADABLE.skip(origin, error.strerror or str(error))
            return
        if not chunk:
            return
        yield chunk


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
        value = load_json(decoded)
    except JSONLimitError as error:
        yield Reason.BAD_JSON.skip(origin, str(error))
        return
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            # Several documents one after another: a JSONL file under a .json name.
            lines = split_lines([data], MAX_LINE_BYTES)
            yield from read_jsonl_lines(lines, origin, outlet=outlet, published=published)
        else:
            yield Reason.BAD_JSON.skip(origin, describe_json_error(error))
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
        value = load_json(decoded)
    except JSONLimitError as error:
        yield Reason.BAD_JSON.skip(origin, str(error))
        return
    except json.JSONDecodeError as error:
        yield Reason.BAD_JSON.skip(origin, describe_json_error(error))
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
    problems: list[str] = []
    if has_lone_surrogate(text):
        # Half a character among the words: replaced, so the rest of the text is kept.
        text = without_surrogates(text)
        problems.append("lone UTF-16 surrogates in 'text' replaced by U+FFFD")
    record = split_record(value)
    article = Article(text=text, origin=origin, extra=record.extra, **record.fields)
    yield with_defaults(article, outlet=outlet, published=published)
    for problem in (*problems, *record.problems):
        yield Reason.BAD_FIELD.skip(origin, problem)


def describe_json_error(error: json.JSONDecodeError) -> str:
    """Where and why JSON broke, in one phrase ("Expecting value at column 1")."""
    where = (
        f"column {error.colno}"
        if error.lineno == 1
        else f"line {error.lineno} column {error.colno}"
    )
    # Some of json's messages already end in "at" ("Unterminated string starting at").
    joint = " " if error.msg.endswith(" at") else " at "
    return f"{error.msg}{joint}{where}"
