"""Which reader a file or a stream needs: by file name, or by sniffing the bytes."""

from __future__ import annotations

import re
from pathlib import Path

from newsloom.ingest.sources.decode import BINARY_SNIFF_BYTES

TEXT = "text"
HTML = "html"
JSONL = "jsonl"
JSONL_GZ = "jsonl.gz"
JSON = "json"
FEED = "feed"
XML = "xml"  # a feed or not: decided by its root element

KIND_BY_SUFFIX = {
    ".txt": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".jsonl": JSONL,
    ".jsonl.gz": JSONL_GZ,
    ".json": JSON,
    ".rss": FEED,
    ".atom": FEED,
    ".xml": XML,
}

# The root element of a feed: <rss>, Atom's <feed>, RSS 1.0's <rdf:RDF>.
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# First elements that mark an HTML page, or a fragment of one, when no doctype says so.
HTML_ROOTS = frozenset(
    {"html", "head", "body", "article", "main", "section", "div", "p", "h1", "meta"}
)

_GZIP_MAGIC = b"\x1f\x8b"
_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_DOCTYPE = re.compile(rb"\s*<!DOCTYPE\s+([A-Za-z]+)[^>]*>", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"\s*<(?:[A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")


def kind_of_path(path: Path) -> str | None:
    """The kind of a file from its name (".jsonl.gz" included), or None when unknown."""
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return JSONL_GZ
    return KIND_BY_SUFFIX.get(path.suffix.lower())


def sniff_kind(data: bytes) -> str:
    """The kind of unnamed bytes (stdin): gzip JSONL, JSONL, feed, HTML, else plain text."""
    if data.startswith(_GZIP_MAGIC):
        return JSONL_GZ  # the one compressed kind newsloom reads
    head = data[:BINARY_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{"):
        return JSONL
    if head.startswith(b"<"):
        if looks_like_feed(head):
            return FEED
        if looks_like_html(head):
            return HTML
    return TEXT


def looks_like_feed(data: bytes) -> bool:
    """Whether the bytes start like an RSS or Atom document."""
    return _root_element(data)[1] in FEED_ROOTS


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes start like an HTML page or fragment."""
    doctype, root = _root_element(data)
    return doctype == "html" or root in HTML_ROOTS


def _root_element(data: bytes) -> tuple[str | None, str | None]:
    # The doctype's name and the first element's local name, past declarations and comments.
    head = data[:BINARY_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    position, doctype = 0, None
    while True:
        prologue = _PROLOGUE.match(head, position)
        declared = _DOCTYPE.match(head, position)
        if prologue:
            position = prologue.end()
        elif declared:
            doctype, position = declared.group(1).decode("ascii").lower(), declared.end()
        else:
            break
    element = _FIRST_ELEMENT.match(head, position)
    return doctype, element.group(1).decode("ascii").lower() if element else None
