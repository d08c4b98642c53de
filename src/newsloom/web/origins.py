"""What the web app says of where an article was read: a file's name, never its folder.

The CLI and the Python API give the origin as stored ("/home/ana/leaks/x.txt"); a page or JSON
answer served to others would tell them the layout of the disk the store was built on. A web
address stays whole, a local file keeps its name and what follows it (":17" for a JSONL line,
"#<link>" for a feed entry).
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsloom.brief.article_view import ArticleView
from newsloom.brief.model import StoryBrief

__all__ = ["public_article", "public_brief", "public_origin"]

# An origin that is a web address (a fetched page or feed): shown as it is.
_WEB_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# Folder separators of POSIX and Windows paths.
_SEPARATORS = re.compile(r"[/\\]")


def public_origin(origin: str) -> str:
    """The origin as the web app shows it: a URL whole, a local path cut to its file name."""
    if _WEB_ADDRESS.match(origin):
        return origin
    # A feed entry's origin is "<file>#<entry link>": the link may hold slashes of its own.
    path, mark, entry = origin.partition("#")
    return _SEPARATORS.split(path)[-1] + mark + entry


def public_brief(brief: StoryBrief) -> StoryBrief:
    """The brief with each article's origin as the web app shows it."""
    articles = tuple(replace(a, origin=public_origin(a.origin)) for a in brief.articles)
    return replace(brief, articles=articles)


def public_article(view: ArticleView) -> ArticleView:
    """The article view with its origin as the web app shows it."""
    return replace(view, origin=public_origin(view.origin))
