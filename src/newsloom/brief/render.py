"""The brief's shareable renderings, Markdown and HTML, from Jinja2 templates in newsloom.data."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from newsloom import __version__
from newsloom.brief.model import StoryBrief
from newsloom.brief.records import FusedEntity

# Entities the Markdown and HTML briefs list, most widely named first: the people, bodies and
# places a reader scans for; the full list is in the JSON brief (`--json`).
BRIEF_ENTITIES = 15

# Characters that start Markdown syntax or raw HTML inline. Article text is untrusted: each is
# backslash-escaped, so a title cannot open a link, a tag or emphasis in a CommonMark renderer.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# Control characters (other than tab and line breaks) a stored string may carry: never shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def markdown_escape(value: Any) -> str:
    """A value as inline Markdown text: special characters escaped, line breaks flattened."""
    if value is None:
        return ""
    text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(value)))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def safe_url(url: str | None) -> bool:
    """Whether a stored URL may become a link: http or https only (no javascript: or data:)."""
    return bool(url) and urlsplit(str(url)).scheme in ("http", "https")


def markdown_url(url: str) -> str:
    """A web address as a Markdown link target: characters that would end the target (spaces,
    brackets, parentheses) percent-encoded; the rest left to the Markdown escaping."""
    return quote(url, safe=":/?#@!$&'*+,;=%~[]")


def entity_about(e: FusedEntity) -> str:
    """What the story says an entity is (label, role, country), and its other names."""
    about = ", ".join(x for x in (e.label, e.role, e.country) if x)
    also = [n for n in e.names if n != e.name]
    return about + (f"; also named {', '.join(also)}" if also else "")


def html_text(value: Any) -> Any:
    """A value bound for HTML with control characters dropped (autoescaping does the rest);
    markup built by the templates themselves passes untouched."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL.sub("", value)
    return value


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun in the right number: "1 article", "2 articles" ("story",
    "stories" where the plural is given)."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def _environment(*, html: bool) -> Environment:
    """A template environment: HTML autoescaped, Markdown escaped by `finalize` on every value."""
    env = Environment(
        loader=PackageLoader("newsloom.data", "templates"),
        autoescape=html,
        finalize=html_text if html else markdown_escape,
        undefined=StrictUndefined,
    )
    env.globals.update(entity_about=entity_about, safe_url=safe_url, web=False)
    env.filters["md_url"] = markdown_url
    env.filters["count"] = count
    return env


def html_environment() -> Environment:
    """The HTML template environment the brief file and the web pages share."""
    return _environment(html=True)


def brief_context(brief: StoryBrief, *, articles_shown: int | None = None) -> dict[str, Any]:
    """What the brief templates (file and web page) are rendered with; the HTML article list
    stops after `articles_shown` articles when given (the file lists them all)."""
    return {
        "b": brief,
        "articles": brief.articles if articles_shown is None else brief.articles[:articles_shown],
        "entities": brief.entities[:BRIEF_ENTITIES],
        # Evidence links to its article's own address, where that is a web address.
        "article_urls": {a.id: a.url for a in brief.articles if safe_url(a.url)},
        "version": __version__,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def to_markdown(brief: StoryBrief) -> str:
    """The brief as a Markdown document; article text is escaped, never read as markup."""
    return _environment(html=False).get_template("brief.md.j2").render(brief_context(brief))


def to_html(brief: StoryBrief) -> str:
    """The brief as one self-contained HTML page; every piece of article text is escaped."""
    return _environment(html=True).get_template("brief.html.j2").render(brief_context(brief))
