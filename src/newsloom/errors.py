"""One catalogue of coded messages for every input newsloom refuses."""

from __future__ import annotations

from enum import StrEnum

from newsloom.model import Skipped


class Reason(StrEnum):
    """Why an input was skipped: a stable code and a message template."""

    UNKNOWN_KIND = (
        "NL001",
        "unknown file kind {detail!r}: expected .txt, .html, .htm, .jsonl, .json sidecar, "
        ".rss, .atom or .xml feed",
    )
    BINARY = ("NL002", "binary file, not text")
    UNDECODABLE = ("NL003", "bytes that are not valid UTF-8 text: {detail}")
    EMPTY = ("NL004", "no article text{detail}")
    BAD_JSON = ("NL005", "broken JSON: {detail}")
    BAD_RECORD = ("NL006", "not an article record: {detail}")
    UNREADABLE = ("NL007", "cannot be read: {detail}")
    NO_MAIN_TEXT = ("NL008", "no main text found in the HTML page")
    BAD_FEED = ("NL009", "not a readable RSS or Atom feed: {detail}")
    BAD_METADATA = ("NL010", "sidecar metadata ignored: {detail}")
    NOT_FOUND = ("NL011", "no such file or directory")
    # NL010 speaks of sidecars; a bad field inside a JSONL record, JSON file or feed entry needs
    # its own wording. The article is still read, without the field.
    BAD_FIELD = ("NL012", "field ignored: {detail}")
    # A link inside a folder is followed only to a file inside that folder: a link out of it
    # ("passwd.txt -> /etc/passwd") would store whatever it points at.
    LINK_NOT_FOLLOWED = ("NL013", "symbolic link not followed: {detail}")
    # Past the limits in ingest/sources/limits.py an input costs memory or time out of all
    # proportion to any news article; it is refused rather than read.
    TOO_LARGE = ("NL014", "over the size limit: {detail}")
    # One article whose parse or extraction raised: it is stored without its extraction so
    # the articles beside it are not lost.
    ANALYSIS_FAILED = ("NL015", "analysis failed, stored without extraction: {detail}")
    # The skip report of one file is capped (limits.MAX_SKIPS_PER_FILE); the rest are counted.
    MORE_SKIPPED = ("NL016", "{detail} more problems in this file, not listed one by one")
    # Fetching (`newsloom fetch`, `newsloom watch`): each refused or failed URL is one skip.
    # A URL that cannot be asked for at all: not http(s), no host, credentials in it.
    BAD_URL = ("NL017", "not a URL newsloom fetches: {detail}")
    # The request did not get an answer: DNS failure, refused connection, timeout, a broken
    # transfer, or retries used up on a server that kept failing.
    FETCH_FAILED = ("NL018", "could not be fetched: {detail}")
    # The server answered, with a status that carries no page (404, 410, 500 after retries).
    HTTP_STATUS = ("NL019", "the server answered {detail}")
    # Safe by default: a host that resolves to a loopback, private, link-local, multicast,
    # reserved or unspecified address is never contacted (server-side request forgery).
    PRIVATE_ADDRESS = (
        "NL020",
        "refused: {detail} is not a public internet address (--allow-private fetches it)",
    )
    # The site's robots.txt asks crawlers like newsloom to leave this URL alone.
    ROBOTS_DISALLOWED = ("NL021", "robots.txt disallows fetching it: {detail}")
    # More hops than fetch.policy.MAX_REDIRECTS, or a redirect back to a URL already visited.
    TOO_MANY_REDIRECTS = ("NL022", "redirects not followed: {detail}")
    # Only text, HTML and XML are read: an image, a PDF or a video is never downloaded.
    WRONG_CONTENT_TYPE = ("NL023", "not a text, HTML or XML response: {detail}")
    # A feed entry whose page could not be fetched or read: its title and summary are stored.
    SUMMARY_KEPT = ("NL024", "the entry's page was not read, its feed summary is kept: {detail}")
    # One article the embedder could not read: stored with its extraction but in no story (a
    # story is found by the embedding), so the articles beside it are embedded and placed.
    EMBEDDING_FAILED = ("NL025", "embedding failed, stored without a story: {detail}")

    def __new__(cls, code: str, template: str) -> Reason:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.template = template  # type: ignore[attr-defined]
        return obj

    @property
    def code(self) -> str:
        """The stable code, for example NL004."""
        return str(self.value)

    def skip(self, origin: str, detail: str = "") -> Skipped:
        """A Skipped record for this reason at the given origin."""
        message = self.template.format(detail=detail)  # type: ignore[attr-defined]
        return Skipped(origin=origin, code=self.code, message=message)


# Reasons under which the article itself is kept (a field or its extraction is lost, not the
# article): listed with the skipped inputs, but they do not make an ingest's exit status 1.
KEPT_ARTICLE = frozenset(
    {
        Reason.BAD_METADATA,
        Reason.BAD_FIELD,
        Reason.ANALYSIS_FAILED,
        Reason.SUMMARY_KEPT,
        Reason.EMBEDDING_FAILED,
    }
)


def loses_input(skipped: Skipped) -> bool:
    """Whether a skip record stands for input that was not stored (not only a warning)."""
    return skipped.code not in {r.code for r in KEPT_ARTICLE}


class NewsloomError(Exception):
    """An error the CLI reports to the user without a traceback."""


class NotFoundError(NewsloomError):
    """A story, article or page asked for by id or name does not exist."""
