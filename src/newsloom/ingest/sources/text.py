"""Plain-text articles (.txt): strict UTF-8, a headline on the first line, an optional sidecar."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsloom.errors import Reason
from newsloom.ingest.sources.decode import decode_text, decode_utf8
from newsloom.ingest.sources.jsonl import describe_json_error
from newsloom.ingest.sources.limits import MAX_DOCUMENT_BYTES
from newsloom.ingest.sources.records import (
    JSONLimitError,
    RecordFields,
    load_json,
    split_record,
    with_defaults,
)
from newsloom.model import Article, Skipped

# Headlines run five to fifteen words; twenty leaves room for long wire headlines while the
# opening sentence of a report (the usual first line when there is no headline) runs longer.
TITLE_MAX_WORDS = 20
# A character cap catches long lines made of long words that pass the word count.
TITLE_MAX_CHARS = 200
# One word alone on the first line is a section label or dateline ("WORLD", "LONDON").
TITLE_MIN_WORDS = 2
# Without a blank line after it, a first line counts as a headline only in headline style:
# nearly all its longer words capitalised, as in "Raisi Set for Landmark Visit to Pakistan".
TITLE_CASE_SHARE = 0.8
# Shorter words (of, to, for, the, and) stay lower case in headline style, so they are not counted.
TITLE_CASE_MIN_LETTERS = 4
# At least this many longer words, or the headline-style share says nothing.
TITLE_CASE_MIN_WORDS = 2

# A headline may end in "?" or "!", but a sentence or a clause ends in these.
_SENTENCE_ENDINGS = (".", ",", ";", ":", "…")
_CLOSING_QUOTES = "\"'”’»)"
_BYLINE_PREFIXES = ("by ", "from ")


@dataclass(frozen=True)
class Sidecar:
    """Metadata read from NAME.json beside NAME.txt, and the problems found in it."""

    record: RecordFields
    skipped: tuple[Skipped, ...] = ()


def sidecar_path(text_path: Path) -> Path:
    """Where the sidecar of a .txt file would be: same name, .json suffix."""
    return text_path.with_suffix(".json")


def is_sidecar(json_path: Path) -> bool:
    """Whether a .json file is the sidecar of a .txt file beside it."""
    return json_path.suffix.lower() == ".json" and json_path.with_suffix(".txt").is_file()


def read_sidecar(path: Path) -> Sidecar:
    """The metadata in a sidecar file; a broken one yields no fields and a BAD_METADATA Skipped."""
    origin = str(path)
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            return _broken(origin, f"more than {MAX_DOCUMENT_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as error:
        return _broken(origin, f"cannot be read: {error.strerror or error}")
    decoded = decode_utf8(data, origin)
    if isinstance(decoded, Skipped):
        return _broken(origin, decoded.message)
    try:
        value = load_json(decoded)
    except JSONLimitError as error:
        return _broken(origin, f"broken JSON: {error}")
    except json.JSONDecodeError as error:
        return _broken(origin, f"broken JSON: {describe_json_error(error)}")
    if not isinstance(value, dict):
        return _broken(origin, f"expected a JSON object, got {type(value).__name__}")
    record = split_record(value, leave_out=())
    skipped = tuple(Reason.BAD_METADATA.skip(origin, problem) for problem in record.problems)
    return Sidecar(record=record, skipped=skipped)


def read_text(
    data: bytes,
    origin: str,
    *,
    metadata: RecordFields | None = None,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    """One article from plain-text bytes; metadata (a sidecar) wins over outlet/published."""
    decoded = decode_text(data, origin)
    if isinstance(decoded, Skipped):
        yield decoded
        return
    lines = decoded.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    fields = dict(metadata.fields) if metadata else {}
    title, body = split_headline(lines, known_title=fields.get("title"))
    if not body:
        yield Reason.EMPTY.skip(origin)
        return
    if title and "title" not in fields:
        fields["title"] = title
    article = Article(
        text=body, origin=origin, extra=dict(metadata.extra) if metadata else {}, **fields
    )
    yield with_defaults(article, outlet=outlet, published=published)


def split_headline(lines: list[str], *, known_title: str | None = None) -> tuple[str | None, str]:
    """The headline on the first line (or None) and the body text after it."""
    text = "\n".join(lines).strip()
    if not lines or not lines[0].strip():
        return None, text
    first = lines[0].strip()
    rest = "\n".join(lines[1:]).strip()
    if not rest:
        return None, text  # a lone line is the article, not a headline over nothing
    followed_by_blank = len(lines) > 1 and not lines[1].strip()
    same_as_known = known_title is not None and _squash(first) == _squash(known_title)
    if same_as_known or looks_like_headline(first, followed_by_blank=followed_by_blank):
        return first, rest
    return None, text


def looks_like_headline(line: str, *, followed_by_blank: bool) -> bool:
    """Whether a first line reads as a headline rather than the start of the report."""
    words = line.split()
    if not TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS or len(line) > TITLE_MAX_CHARS:
        return False
    if line.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_ENDINGS):
        return False
    if line.lower().startswith(_BYLINE_PREFIXES):
        return False
    first_letter = next((char for char in line if char.isalpha()), "")
    if not first_letter.isupper():
        return False
    return followed_by_blank or _in_headline_style(words)


def _in_headline_style(words: list[str]) -> bool:
    long_words = [
        word for word in words if sum(char.isalpha() for char in word) >= TITLE_CASE_MIN_LETTERS
    ]
    if len(long_words) < TITLE_CASE_MIN_WORDS:
        return False
    capitalised = sum(1 for word in long_words if next(c for c in word if c.isalpha()).isupper())
    return capitalised / len(long_words) >= TITLE_CASE_SHARE


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _broken(origin: str, detail: str) -> Sidecar:
    return Sidecar(record=RecordFields(), skipped=(Reason.BAD_METADATA.skip(origin, detail),))
