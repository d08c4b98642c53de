"""What `newsloom watch` is told to follow: feed URLs, OPML subscription lists, URL lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from newsloom.errors import NewsloomError, Reason
from newsloom.ingest.fetch.client import url_problem
from newsloom.ingest.sources import kinds
from newsloom.model import Skipped

# A subscription list is a few KB to a few hundred; past this it is no list a person keeps.
MAX_LIST_BYTES = 8 * 1024 * 1024


@dataclass
class SourceList:
    """The feed URLs named, in order without repeats, and the lines that named none."""

    urls: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, url: str, origin: str) -> None:
        """Add one URL, or a skip saying why it is not one newsloom fetches."""
        problem = url_problem(url)
        if problem is not None:
            self.skipped.append(Reason.BAD_URL.skip(origin, problem))
        elif url not in self.urls:
            self.urls.append(url)


def read_sources(given: list[str]) -> SourceList:
    """The feed URLs of each SOURCE: a URL itself, or the URLs of an OPML or a text file."""
    found = SourceList()
    for source in given:
        if source.lower().startswith(("http://", "https://")):
            found.add(source.strip(), source)
            continue
        path = Path(source)
        if not path.is_file():
            raise NewsloomError(
                f"{source}: not an http(s) URL and no such file (give a feed URL, an OPML file "
                "or a text file of URLs)"
            )
        if path.stat().st_size > MAX_LIST_BYTES:
            raise NewsloomError(f"{source}: over {MAX_LIST_BYTES:,} bytes, not a source list")
        data = path.read_bytes()
        if _is_opml(data):
            _read_opml(data, source, found)
        else:
            _read_lines(data, source, found)
    return found


def _is_opml(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and b"<opml" in head[: kinds.BINARY_SNIFF_BYTES].lower()


def _read_opml(data: bytes, origin: str, found: SourceList) -> None:
    """Every outline with an xmlUrl, however deeply the list folds them into folders."""
    # No entities, no DTDs, no network: an OPML file is data, never instructions to the parser.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise NewsloomError(f"{origin}: not a readable OPML file ({error})") from None
    for number, outline in enumerate(root.iter("outline"), start=1):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            found.add(url, f"{origin}#outline{number}")


def _read_lines(data: bytes, origin: str, found: SourceList) -> None:
    """One URL a line; blank lines and lines starting with # are left out."""
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            found.add(line, f"{origin}:{number}")
