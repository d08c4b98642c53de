"""Rendering web pages from the package's Jinja2 templates, autoescaped, control characters out."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi.responses import HTMLResponse
from jinja2 import Environment

from newsloom import __version__
from newsloom.brief.render import html_environment


def path_segment(value: object) -> str:
    """A value quoted as one URL path segment (a slash in a name stays inside the segment)."""
    return quote(str(value), safe="")


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """A query string from params with some values changed; empty and None values left out."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def web_environment() -> Environment:
    """The web pages' template environment: the brief's HTML environment plus URL helpers."""
    env = html_environment()
    env.filters["seg"] = path_segment
    env.globals.update(query_string=query_string, version=__version__, web=True)
    return env


class Pages:
    """Renders a page template with the context every page shares."""

    def __init__(self) -> None:
        self.env = web_environment()

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """The template rendered as an HTML response."""
        page = self.env.get_template(template).render(**context)
        return HTMLResponse(page, status_code=status)
