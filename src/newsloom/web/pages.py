"""The read routes: each page and its `.json` twin render the same view model."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from newsloom.api import Newsloom
from newsloom.brief.relations import PERIODS, QUAD_COLOURS
from newsloom.brief.render import brief_context
from newsloom.store.stories import SEARCH_MAX_CHARS
from newsloom.store.story_pages import MAX_PAGE_SIZE, PAGE_SIZE, StoryFilter
from newsloom.web.origins import public_article, public_brief
from newsloom.web.render import Pages
from newsloom.web.views import (
    CHART_BOTTOM,
    CHART_HEIGHT,
    CHART_LEFT,
    CHART_TOP,
    CHART_WIDTH,
    EventsView,
    entity_view,
    events_view,
    relations_view,
    search_view,
    story_list_view,
)

router = APIRouter()
# The deepest page of the story list a request may ask for: past it, OFFSET scans grow long.
MAX_PAGE = 10_000
# Search hits a page shows by default, and at most.
SEARCH_HITS = 20
MAX_SEARCH_HITS = 200
# Articles a story's page lists before a link to the whole list: a 400-article story's rows
# took most of its page's rendering, and a reader scans the first reports (the JSON twin and
# the brief file list them all).
BRIEF_PAGE_ARTICLES = 100
Sort = Literal["size", "sources", "newest", "oldest"]
Period = Literal["month", "week"]
assert set(PERIODS) == {"month", "week"}


def _nl(request: Request) -> Newsloom:
    nl: Newsloom = request.app.state.nl
    return nl


def _pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


def _blank(value: str | None) -> str | None:
    """A form field left empty means no filter."""
    return value.strip() or None if value is not None else None


def story_filter(
    sort: Sort = "size",
    since: str | None = Query(None, description="stories reported on or after (YYYY[-MM[-DD]])"),
    until: str | None = Query(None, description="stories first reported on or before"),
    outlet: str | None = Query(None, description="stories with an article from this outlet"),
    entity: str | None = Query(None, description="stories naming this canonical entity"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> StoryFilter:
    """The story list's filter from the query string."""
    return StoryFilter(
        sort, _blank(since), _blank(until), _blank(outlet), _blank(entity), page, per_page
    )


FilterQuery = Annotated[StoryFilter, Depends(story_filter)]


def _json(model: Any) -> JSONResponse:
    return JSONResponse(model.as_dict())


# -- JSON twins first: "/stories/7.json" must not be read as the page of story "7.json" ------


@router.get("/stories.json", summary="The story list (filtered, sorted, paged)")
def stories_json(request: Request, f: FilterQuery) -> JSONResponse:
    """One page of stories: headline, articles, independent sources, dates, top entities."""
    return _json(story_list_view(_nl(request), f))


@router.get("/stories/{story_id}.json", summary="A story's brief")
def story_json(request: Request, story_id: int) -> Response:
    """The brief: summary, corroborated, conflicting, updated and single-source claims with
    their evidence, timeline, coverage, entities, articles. A merged id redirects."""
    nl = _nl(request)
    kept = nl.resolve_story(story_id)
    if kept != story_id:
        return RedirectResponse(f"/stories/{kept}.json", status_code=301)
    return _json(public_brief(nl.brief(story_id)))


@router.get("/articles/{article_id}.json", summary="One article with its analysis")
def article_json(request: Request, article_id: int) -> JSONResponse:
    """The cleaned text, metadata, entities, dates, quantities, quotes and events."""
    return _json(public_article(_nl(request).article(article_id)))


@router.get("/search.json", summary="Full-text search")
def search_json(
    request: Request,
    q: str = Query("", max_length=SEARCH_MAX_CHARS),
    limit: int = Query(SEARCH_HITS, ge=1, le=MAX_SEARCH_HITS),
) -> JSONResponse:
    """Ranked hits; each snippet marks the matched words with [brackets]."""
    return _json(search_view(_nl(request), q, limit=limit))


@router.get("/entities/{name:path}.json", summary="An entity's stories and events")
def entity_json(request: Request, name: str) -> JSONResponse:
    """How many articles and stories name the entity, its stories and its events."""
    return _json(entity_view(_nl(request), name))


@router.get("/events.json", summary="Stored events (filters as `newsloom events`)")
def events_json(
    request: Request,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the query parameter's public name
    since: str | None = None,
    until: str | None = None,
) -> JSONResponse:
    """PLOVER-coded events, oldest first, filtered by actor, type and date."""
    return _json(_events(request, actor, type, since, until))


@router.get("/relations/{a}/{b}.json", summary="Two actors' relations over time")
def relations_json(request: Request, a: str, b: str, by: Period = "month") -> JSONResponse:
    """Counts by quad class and mean score per period, both directions."""
    return _json(relations_view(_nl(request), a, b, by=by))


# -- pages ------------------------------------------------------------------------------------


@router.get("/", include_in_schema=False)
def home(request: Request, f: FilterQuery) -> Response:
    view = story_list_view(_nl(request), f)
    params = {k: v for k, v in f.as_dict().items() if k not in ("page", "per_page")}
    return _pages(request).render(
        "web/stories.html.j2", title="stories", view=view, f=f, params=params
    )


@router.get("/stories", include_in_schema=False)
def stories_page(request: Request) -> Response:
    query = request.url.query
    return RedirectResponse("/" + (f"?{query}" if query else ""), status_code=301)


@router.get("/stories/{story_id}", include_in_schema=False)
def story_page(request: Request, story_id: int, articles: Literal["all"] | None = None) -> Response:
    nl = _nl(request)
    kept = nl.resolve_story(story_id)
    if kept != story_id:
        query = request.url.query
        return RedirectResponse(
            f"/stories/{kept}" + (f"?{query}" if query else ""), status_code=301
        )
    brief = public_brief(nl.brief(story_id))
    context = brief_context(brief, articles_shown=None if articles else BRIEF_PAGE_ARTICLES)
    return _pages(request).render("web/story.html.j2", title=brief.headline, **context)


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, article_id: int) -> Response:
    view = public_article(_nl(request).article(article_id))
    return _pages(request).render("web/article.html.j2", title=view.title or "article", a=view)


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    q: str = Query("", max_length=SEARCH_MAX_CHARS),
    limit: int = Query(SEARCH_HITS, ge=1, le=MAX_SEARCH_HITS),
) -> Response:
    view = search_view(_nl(request), q, limit=limit)
    return _pages(request).render("web/search.html.j2", title=f"search: {q}", view=view)


@router.get("/entities/{name:path}", include_in_schema=False)
def entity_page(request: Request, name: str) -> Response:
    view = entity_view(_nl(request), name)
    return _pages(request).render("web/entity.html.j2", title=name, view=view)


@router.get("/events", include_in_schema=False)
def events_page(
    request: Request,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the query parameter's public name
    since: str | None = None,
    until: str | None = None,
) -> Response:
    view = _events(request, actor, type, since, until)
    return _pages(request).render("web/events.html.j2", title="events", view=view)


def _events(
    request: Request, actor: str | None, kind: str | None, since: str | None, until: str | None
) -> EventsView:
    """The events view both the page and its JSON twin show, blank filters left out."""
    return events_view(
        _nl(request),
        actor=_blank(actor),
        event_type=_blank(kind),
        since=_blank(since),
        until=_blank(until),
    )


@router.get("/relations/{a}/{b}", include_in_schema=False)
def relations_page(request: Request, a: str, b: str, by: Period = "month") -> Response:
    view = relations_view(_nl(request), a, b, by=by)
    chart = {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "top": CHART_TOP,
        "colours": QUAD_COLOURS,
    }
    title = f"relations {view.series.a} – {view.series.b}"
    return _pages(request).render("web/relations.html.j2", title=title, view=view, chart=chart)


@router.get("/docs", include_in_schema=False)
def docs_page(request: Request) -> Response:
    spec = request.app.openapi()
    return _pages(request).render("web/docs.html.j2", title="API", spec=spec)


def register_pages(app: FastAPI) -> None:
    """Add the read routes to the app."""
    app.include_router(router)
