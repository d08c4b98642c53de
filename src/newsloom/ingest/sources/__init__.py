"""Sources: the only stage that reads the outside world; files, folders and stdin to articles.

Every reader yields ``Article | Skipped`` and never raises for bad input: a bad file, line or
feed entry becomes a ``Skipped`` whose ``origin`` names it ("a.jsonl:17", "feed.rss#<link>").

Metadata precedence, the same for every kind: what the article states about itself (a sidecar,
a JSONL field, the page's own date, a feed entry's date or <source>) wins; ``outlet`` and
``published`` given by the caller (the command line) fill in what it lacks; names taken from
the container (a feed's title, an HTML site name) are guesses and rank below the caller's
``outlet``.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from newsloom.errors import NewsloomError, Reason
from newsloom.ingest.sources import kinds
from newsloom.ingest.sources.dates import normalise_published
from newsloom.ingest.sources.decode import binary_skip
from newsloom.ingest.sources.feed import read_feed
from newsloom.ingest.sources.html import read_html
from newsloom.ingest.sources.jsonl import read_json_document, read_jsonl_file, read_jsonl_lines
from newsloom.ingest.sources.text import is_sidecar, read_sidecar, read_text, sidecar_path
from newsloom.model import Article, Skipped

__all__ = ["STDIN", "STDIN_ORIGIN", "read_bytes", "read_file", "read_paths", "read_stream"]

STDIN = "-"  # the path that means standard input
STDIN_ORIGIN = "<stdin>"


def read_paths(
    paths: Sequence[str | Path], *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """Articles from files, folders (recursed in sorted order) and "-" for stdin."""
    # The caller's date is checked now, not at the first article: it is a usage error.
    default_published = _checked_published(published)
    return _read_all(list(paths), outlet=outlet or None, published=default_published)


def read_bytes(
    data: bytes,
    origin: str,
    kind: str | None = None,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    """Articles from bytes of a known kind (see ``kinds``), or of the kind the bytes look like."""
    kind = kind or kinds.sniff_kind(data)
    if kind == kinds.JSONL_GZ:
        try:
            data, kind = gzip.decompress(data), kinds.JSONL
        except (OSError, EOFError, zlib.error) as error:
            yield Reason.UNREADABLE.skip(origin, str(error))
            return
    if kind == kinds.XML:
        if not kinds.looks_like_feed(data):
            refused = binary_skip(data, origin)
            yield refused or Reason.UNKNOWN_KIND.skip(
                origin, ".xml that is not an RSS or Atom feed"
            )
            return
        kind = kinds.FEED
    yield from _read_kind(data, origin, kind, outlet=outlet, published=published)


def _read_kind(
    data: bytes, origin: str, kind: str, *, outlet: str | None, published: str | None
) -> Iterator[Article | Skipped]:
    """Articles from bytes of one kind, by that kind's reader."""
    if kind == kinds.TEXT:
        yield from read_text(data, origin, outlet=outlet, published=published)
    elif kind == kinds.HTML:
        yield from read_html(data, origin, outlet=outlet, published=published)
    elif kind == kinds.FEED:
        yield from read_feed(data, origin, outlet=outlet, published=published)
    elif kind == kinds.JSON:
        yield from read_json_document(data, origin, outlet=outlet, published=published)
    elif kind == kinds.JSONL:
        refused = binary_skip(data, origin)
        if refused:
            yield refused
            return
        yield from read_jsonl_lines(data.split(b"\n"), origin, outlet=outlet, published=published)
    else:
        yield Reason.UNKNOWN_KIND.skip(origin, kind)


def read_stream(
    stream: BinaryIO,
    origin: str = STDIN_ORIGIN,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    """Articles from a byte stream of unnamed kind, such as stdin."""
    try:
        data = stream.read()
    except OSError as error:
        yield Reason.UNREADABLE.skip(origin, str(error))
        return
    yield from read_bytes(data, origin, outlet=outlet, published=published)


def read_file(
    path: Path,
    origin: str | None = None,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    """Articles from one file, read by the reader its name calls for."""
    origin = origin or str(path)
    kind = kinds.kind_of_path(path)
    if kind is None:
        yield Reason.UNKNOWN_KIND.skip(origin, path.suffix or "no extension")
        return
    if kind == kinds.JSON and is_sidecar(path):
        return  # metadata of the .txt beside it, read with that file
    if kind in (kinds.JSONL, kinds.JSONL_GZ):
        yield from read_jsonl_file(path, origin, outlet=outlet, published=published)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Reason.UNREADABLE.skip(origin, error.strerror or str(error))
        return
    if kind == kinds.TEXT:
        sidecar = sidecar_path(path)
        metadata = None
        if sidecar.is_file():
            found = read_sidecar(sidecar)
            metadata = found.record
            yield from found.skipped
        yield from read_text(data, origin, metadata=metadata, outlet=outlet, published=published)
        return
    yield from read_bytes(data, origin, kind, outlet=outlet, published=published)


def _read_all(
    paths: list[str | Path], *, outlet: str | None, published: str | None
) -> Iterator[Article | Skipped]:
    for given in paths:
        shown = str(given)
        if shown == STDIN:
            yield from read_stream(sys.stdin.buffer, outlet=outlet, published=published)
            continue
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, shown):
                if isinstance(found, Skipped):
                    yield found
                else:
                    yield from read_file(found[0], found[1], outlet=outlet, published=published)
        elif path.exists():
            yield from read_file(path, shown, outlet=outlet, published=published)
        else:
            yield Reason.NOT_FOUND.skip(shown)


def _walk(directory: Path, shown: str) -> Iterator[tuple[Path, str] | Skipped]:
    # Sorted, depth first; hidden files and folders (".git", ".DS_Store") are never news.
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield Reason.UNREADABLE.skip(shown, error.strerror or str(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path, entry_shown = Path(entry.path), os.path.join(shown, entry.name)
        try:
            # Folder links are not followed: a link back up the tree would never end.
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk(path, entry_shown)
        elif entry.is_file():
            yield path, entry_shown


def _checked_published(published: str | None) -> str | None:
    if not published:
        return None
    try:
        return normalise_published(published)
    except ValueError as error:
        raise NewsloomError(f"published date given: {error}") from None
