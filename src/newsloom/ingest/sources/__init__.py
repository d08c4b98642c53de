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

import errno
import itertools
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from newsloom.errors import NewsloomError, Reason
from newsloom.ingest.sources import kinds
from newsloom.ingest.sources.dates import normalise_published
from newsloom.ingest.sources.decode import binary_skip
from newsloom.ingest.sources.feed import read_feed
from newsloom.ingest.sources.html import read_html
from newsloom.ingest.sources.jsonl import (
    CHUNK_BYTES,
    inflate,
    read_json_document,
    read_jsonl_chunks,
    read_jsonl_file,
)
from newsloom.ingest.sources.limits import MAX_DOCUMENT_BYTES, MAX_SKIPS_PER_FILE
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
    return capped(_read_bytes(data, origin, kind, outlet=outlet, published=published), origin)


def capped(items: Iterator[Article | Skipped], origin: str) -> Iterator[Article | Skipped]:
    """The items with at most MAX_SKIPS_PER_FILE problems listed; the rest counted in one."""
    problems = 0
    for item in items:
        # A problem with the file as a whole (a gzip bomb stopped, a broken tail) is always
        # listed: it says why the rest of the file was not read.
        if isinstance(item, Skipped) and item.origin != origin:
            problems += 1
            if problems > MAX_SKIPS_PER_FILE:
                continue
        yield item
    if problems > MAX_SKIPS_PER_FILE:
        yield Reason.MORE_SKIPPED.skip(origin, f"{problems - MAX_SKIPS_PER_FILE:,}")


def _read_bytes(
    data: bytes,
    origin: str,
    kind: str | None = None,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    kind = kind or kinds.sniff_kind(data)
    if kind == kinds.JSONL_GZ:
        chunks = inflate([data], origin)
        yield from read_jsonl_chunks(chunks, origin, outlet=outlet, published=published)
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
        yield from read_jsonl_chunks([data], origin, outlet=outlet, published=published)
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
    return capped(_read_stream(stream, origin, outlet=outlet, published=published), origin)


def _read_stream(
    stream: BinaryIO, origin: str, *, outlet: str | None, published: str | None
) -> Iterator[Article | Skipped]:
    try:
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        yield Reason.UNREADABLE.skip(origin, str(error))
        return
    if len(data) <= MAX_DOCUMENT_BYTES:
        yield from _read_bytes(data, origin, outlet=outlet, published=published)
        return
    kind = kinds.sniff_kind(data)
    if kind not in (kinds.JSONL, kinds.JSONL_GZ):
        yield _too_large(origin)
        return
    # JSONL is read line by line, so a long stream of it is read on in chunks, never held whole.
    chunks = itertools.chain([data], iter(lambda: stream.read(CHUNK_BYTES), b""))
    if kind == kinds.JSONL_GZ:
        chunks = inflate(chunks, origin)  # type: ignore[assignment]
    yield from read_jsonl_chunks(chunks, origin, outlet=outlet, published=published)


def _too_large(origin: str) -> Skipped:
    return Reason.TOO_LARGE.skip(origin, f"a document of more than {MAX_DOCUMENT_BYTES:,} bytes")


def read_file(
    path: Path,
    origin: str | None = None,
    *,
    outlet: str | None = None,
    published: str | None = None,
) -> Iterator[Article | Skipped]:
    """Articles from one file, read by the reader its name calls for."""
    origin = origin or str(path)
    items = _read_file(path, origin, outlet=outlet, published=published)
    return capped(items, origin)


def _read_file(
    path: Path, origin: str, *, outlet: str | None, published: str | None
) -> Iterator[Article | Skipped]:
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
        # Read whole: checked first, so a huge page or text never reaches memory.
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            yield _too_large(origin)
            return
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
    yield from _read_bytes(data, origin, kind, outlet=outlet, published=published)


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
        elif path.is_symlink():
            yield Reason.UNREADABLE.skip(shown, _link_problem(path) or "a symbolic link")
        else:
            yield Reason.NOT_FOUND.skip(shown)


def _walk(directory: Path, shown: str) -> Iterator[tuple[Path, str] | Skipped]:
    """The files under a folder, sorted, depth first; hidden files and folders are never news.

    A stack of listings, not recursion: a folder tree nested thousands deep cannot exhaust
    Python's recursion limit. Links are followed only to files inside the folder given.
    """
    root = directory.resolve()
    stack: list[Iterator[tuple[Path, str]]] = []
    listing = _listing(directory, shown)
    if isinstance(listing, Skipped):
        yield listing
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, entry_shown = entry
        found = _classify(path, entry_shown, root, shown)
        if isinstance(found, Path):
            listing = _listing(path, entry_shown)
            if isinstance(listing, Skipped):
                yield listing
            else:
                stack.append(listing)
        elif found is not None:
            yield found


def _listing(directory: Path, shown: str) -> Iterator[tuple[Path, str]] | Skipped:
    """A folder's visible entries in sorted order, or why it cannot be listed."""
    try:
        with os.scandir(directory) as listing:
            names = sorted(entry.name for entry in listing if not entry.name.startswith("."))
    except OSError as error:
        return Reason.UNREADABLE.skip(shown, error.strerror or str(error))
    return iter([(directory / name, os.path.join(shown, name)) for name in names])


def _classify(
    path: Path, shown: str, root: Path, root_shown: str
) -> Path | tuple[Path, str] | Skipped | None:
    """A folder to walk (its path), a file to read (path, shown), or why neither."""
    try:
        mode = path.lstat().st_mode
    except OSError as error:
        return Reason.UNREADABLE.skip(shown, error.strerror or str(error))
    if stat.S_ISDIR(mode):
        return path
    if stat.S_ISREG(mode):
        return path, shown
    if not stat.S_ISLNK(mode):
        return Reason.UNREADABLE.skip(shown, f"not a regular file but {_file_type(mode)}")
    problem = _link_problem(path)
    if problem is not None:
        return Reason.UNREADABLE.skip(shown, problem)
    target = path.resolve()
    if not target.is_relative_to(root):
        return Reason.LINK_NOT_FOLLOWED.skip(shown, f"it points outside {root_shown}, to {target}")
    if target.is_dir():
        # A folder link inside the tree reaches files that are read anyway, or loops back up.
        return Reason.LINK_NOT_FOLLOWED.skip(shown, "a link to a folder")
    if not target.is_file():
        return Reason.UNREADABLE.skip(
            shown, f"a link to {_file_type(target.stat().st_mode)}, not a regular file"
        )
    return path, shown


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link leads nowhere (a loop, a missing target), or None when it leads on."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        if error.errno == errno.ENOENT:
            return f"a broken symbolic link (its target {os.readlink(path)!r} does not exist)"
        return error.strerror or str(error)
    return None


def _file_type(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _checked_published(published: str | None) -> str | None:
    if not published:
        return None
    try:
        return normalise_published(published)
    except ValueError as error:
        raise NewsloomError(f"published date given: {error}") from None
