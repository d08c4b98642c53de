"""Clean article text: fix Unicode, drop edge boilerplate, tidy whitespace, detect language."""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy

from newsloom.errors import Reason
from newsloom.ingest.detokenize import detokenize
from newsloom.ingest.language import detect_language
from newsloom.ingest.sources.limits import MAX_ARTICLE_CHARS
from newsloom.ingest.sources.records import tidy_value, without_surrogates
from newsloom.model import Article, Skipped

__all__ = ["CleanResult", "clean_article", "detect_language", "is_boilerplate", "normalise_text"]

# A boilerplate line is short: a long line that happens to mention "share" or a
# copyright is real prose, and dropping prose is worse than keeping a footer.
MAX_BOILERPLATE_WORDS = 16
# Never strip more than this many lines from either edge: a run longer than this
# is more likely an article that looks odd than a block of scraped chrome.
MAX_EDGE_LINES = 6

_BOILERPLATE = re.compile(
    r"""^(?:
        brought\ to\ you\ by\b.*
      | (?:read|see)\ (?:more|also)\b.*
      | related(?:\ (?:articles?|stories|coverage))?\s*:.*
      | share\ (?:this|on|via)\b.*
      | share\s*$
      | (?:follow|like)\ us\b.*
      | (?:subscribe|sign\ up|click\ here|tap\ here)\b.*
      | (?:advertisement|sponsored(?:\ content)?|ad)\s*$
      | (?:copyright|\(c\)|©).*
      | .*\ball\ rights\ reserved\b.*
      | (?:facebook|twitter|x|whatsapp|email|linkedin)
        (?:\s*[|·,/]\s*(?:facebook|twitter|x|whatsapp|email|linkedin))+\s*$
      | (?:print|email|comments?)\s*$
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_MULTI_BLANK = re.compile(r"\n{3,}")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")


@dataclass(frozen=True)
class CleanResult:
    """The cleaned article and the boilerplate lines that were removed."""

    article: Article
    dropped: tuple[str, ...]


def is_boilerplate(line: str) -> bool:
    """Whether a single line looks like scraped page chrome rather than prose."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped.split()) > MAX_BOILERPLATE_WORDS:
        return False
    return bool(_BOILERPLATE.match(stripped))


def _strip_edges(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop boilerplate lines (and the blanks around them) from both ends."""
    dropped: list[str] = []

    def trim(seq: list[str]) -> list[str]:
        removed = 0
        while seq and removed <= MAX_EDGE_LINES:
            if not seq[0].strip():
                seq = seq[1:]
            elif is_boilerplate(seq[0]):
                dropped.append(seq[0].strip())
                seq = seq[1:]
                removed += 1
            else:
                break
        return seq

    lines = trim(lines)
    lines = list(reversed(trim(list(reversed(lines)))))
    return lines, dropped


def normalise_text(text: str) -> str:
    """Fix mojibake and odd Unicode, unify line ends and inline whitespace."""
    # Curly quotes stay curly: the text is evidence, and quotes are how we find speech.
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _MULTI_BLANK.sub("\n\n", "\n".join(lines)).strip()


def clean_article(article: Article) -> CleanResult | Skipped:
    """Cleaned copy of the article, or a Skipped when no text is left."""
    if len(article.text) > MAX_ARTICLE_CHARS:
        # Checked before any work: repair and shingling cost memory in proportion to the text.
        return Reason.TOO_LARGE.skip(
            article.origin,
            f"{len(article.text):,} characters of text (at most {MAX_ARTICLE_CHARS:,})",
        )
    article = _encodable(article)
    # Treebank-tokenised text (research corpora) is rejoined first: " , " and " 's" otherwise
    # count as words and split sentences and quotes wrongly.
    text = detokenize(normalise_text(article.text))
    lines, dropped = _strip_edges(text.split("\n"))
    text = _MULTI_BLANK.sub("\n\n", "\n".join(lines)).strip()
    title = detokenize(normalise_text(article.title)) if article.title else None
    if title and text.startswith(title + "\n"):
        text = text[len(title) :].lstrip()
    if not text:
        return Reason.EMPTY.skip(article.origin, " after removing boilerplate" if dropped else "")
    if not any(char.isalnum() for char in text):
        # Zero-width spaces, marks or punctuation alone: nothing a reader could read.
        return Reason.EMPTY.skip(article.origin, ": no letters or digits")
    language = article.language or detect_language(text)
    cleaned = article.with_changes(text=text, title=title or None, language=language)
    return CleanResult(article=cleaned, dropped=tuple(dropped))


def _encodable(article: Article) -> Article:
    """The article with lone UTF-16 surrogates replaced by U+FFFD in every string it holds.

    Any reader may let one through (JSON's "\\ud800" escape); the article key and the store
    encode text as UTF-8, which a lone surrogate cannot be.
    """
    changes = {
        name: without_surrogates(value)
        for name, value in vars(article).items()
        if isinstance(value, str) and value != without_surrogates(value)
    }
    extra = tidy_value(dict(article.extra)) if article.extra else None
    if extra is not None and extra != dict(article.extra):
        changes["extra"] = extra
    return article.with_changes(**changes) if changes else article
