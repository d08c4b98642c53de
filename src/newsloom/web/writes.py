"""The write route: `POST /api/articles` ingests through the same pipeline as `newsloom ingest`."""

from __future__ import annotations

import threading

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from newsloom.api import Newsloom
from newsloom.ingest.sources import kinds, read_bytes
from newsloom.ingest.sources.limits import MAX_DOCUMENT_BYTES
from newsloom.web.security import check_write_token

router = APIRouter()
# The largest body a write accepts: the same bound as one document read from a file.
MAX_BODY_BYTES = MAX_DOCUMENT_BYTES
# Where skip messages say a posted record came from ("POST /api/articles:3").
POST_ORIGIN = "POST /api/articles"
# Content types that mean one JSON record per line.
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")
# One ingest at a time inside this process too: a second write waits here rather than holding
# a worker thread on the store's file lock.
_WRITING = threading.Lock()


async def _body(request: Request) -> bytes:
    """The request body, refused (413) past MAX_BODY_BYTES without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(413, f"a write may carry at most {MAX_BODY_BYTES:,} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(413, f"a write may carry at most {MAX_BODY_BYTES:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest(nl: Newsloom, body: bytes, kind: str) -> dict[str, object]:
    """Ingest the posted articles; the report as a dict."""
    from newsloom.ingest.pipeline import ingest_items

    with _WRITING:
        report = ingest_items(read_bytes(body, POST_ORIGIN, kind), nl.path, analyzer=nl.analyzer)
    return {**report.as_dict(), "ok": report.ok}


@router.post(
    "/api/articles",
    summary="Ingest articles",
    responses={401: {"description": "no or wrong token"}, 403: {"description": "writes off"}},
)
async def post_articles(request: Request) -> JSONResponse:
    """Ingest one article (a JSON object), a JSON list of them, or JSONL (one per line), in the
    article schema of `newsloom ingest`; answers with the ingest report. Needs
    `Authorization: Bearer <token>`. Bad records are skipped and listed; the rest are stored."""
    check_write_token(request, request.app.state.token)
    body = await _body(request)
    if not body.strip():
        raise HTTPException(400, "the request body is empty: send a JSON article or JSONL")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    kind = kinds.JSONL if content_type in JSONL_TYPES else kinds.JSON
    report = await run_in_threadpool(_ingest, request.app.state.nl, body, kind)
    return JSONResponse(report)


def register_writes(app: FastAPI) -> None:
    """Add the write route to the app."""
    app.include_router(router)
