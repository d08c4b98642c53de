"""`newsloom analyze`: everything extracted from articles, with offsets into the text as given."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsloom.analyze.analyzer import ANALYSED_LANGUAGES, Analyzer
from newsloom.analyze.timex import estimate_published
from newsloom.ingest.clean import clean_article
from newsloom.ingest.offsets import OffsetMap
from newsloom.model import Actor, Analysis, Article, Skipped

# Articles are analysed this many at a time (spaCy and ONNX both batch well).
REPORT_BATCH = 32


@dataclass
class AnalyzeResult:
    """Per-article extraction records and the inputs that were skipped."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _span(mapping: OffsetMap, start: int, end: int) -> dict[str, Any]:
    a, b = mapping.span(start, end)
    return {"text": mapping.original[a:b], "start": a, "end": b}


def article_record(
    original: Article, cleaned: Article, analysis: Analysis | None, estimate: Any
) -> dict[str, Any]:
    """The JSON record of one analysed article; offsets point into original.text."""
    mapping = OffsetMap(original.text, cleaned.text)
    record: dict[str, Any] = {
        "id": original.external_id,
        "origin": original.origin,
        "title": cleaned.title,
        "outlet": cleaned.outlet,
        "published": cleaned.published,
        "published_estimate": None,
        "language": cleaned.language,
        # the text every offset below points into: the article as read, before cleaning
        "text": original.text,
        "analysed": analysis is not None,
        "entities": [],
        "timexes": [],
        "quantities": [],
        "quotes": [],
        "events": [],
    }
    if estimate is not None:
        record["published_estimate"] = estimate.as_dict()
    if analysis is None:
        return record
    record["entities"] = [
        {
            **_span(mapping, e.start, e.end),
            "label": e.label,
            "canonical": e.canonical,
            "role": e.role,
            "country": e.country,
        }
        for e in analysis.entities
    ]
    record["timexes"] = [
        {
            **_span(mapping, t.start, t.end),
            "type": t.type,
            "value": t.value,
            "range": {"begin": t.range_begin, "end": t.range_end}
            if t.range_begin or t.range_end
            else None,
            "clause": t.clause,
        }
        for t in analysis.timexes
    ]
    record["quantities"] = [
        {
            **_span(mapping, q.start, q.end),
            "kind": q.kind,
            "value": q.value,
            "unit": q.unit,
            "measures": q.measures,
        }
        for q in analysis.quantities
    ]
    record["quotes"] = [
        {
            **_span(mapping, q.start, q.end),
            "speaker": q.speaker,
            "quote": q.quote,
            "direct": q.direct,
        }
        for q in analysis.quotes
    ]
    record["events"] = [
        {
            **_span(mapping, ev.start, ev.end),
            "type": ev.type,
            "mode": ev.mode,
            "cameo": ev.cameo,
            "score": ev.score,
            "quad_class": ev.quad_class,
            "status": ev.status,
            "date": ev.date,
            "date_basis": ev.date_basis,
            "location": ev.location,
            "trigger": ev.trigger,
            "confidence": ev.confidence,
            "source": _actor(ev.source),
            "target": _actor(ev.target),
        }
        for ev in analysis.events
    ]
    return record


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "text": actor.text,
        "canonical": actor.canonical,
        "code": actor.code,
        "sector": actor.sector,
    }


def _chunks(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
    chunk: list[Article | Skipped] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyze_items(items: Iterable[Article | Skipped], analyzer: Analyzer) -> AnalyzeResult:
    """Clean and analyse every article without storing anything."""
    result = AnalyzeResult()
    for chunk in _chunks(items, REPORT_BATCH):
        prepared: list[tuple[Article, Article, Any]] = []
        for item in chunk:
            if isinstance(item, Skipped):
                result.skipped.append(item)
                continue
            cleaned = clean_article(item)
            if isinstance(cleaned, Skipped):
                result.skipped.append(cleaned)
                continue
            article = cleaned.article
            estimate = None
            if not article.published:
                estimate = estimate_published(article.text)
                if estimate is not None:
                    article = article.with_changes(published=estimate.value)
            prepared.append((item, article, estimate))
        to_analyse = [a for _, a, _ in prepared if a.language in ANALYSED_LANGUAGES]
        analyses = iter(analyzer.pipe(to_analyse))
        result.skipped.extend(analyzer.take_failures())  # kept, but its extraction failed
        for original, article, estimate in prepared:
            analysis = next(analyses) if article.language in ANALYSED_LANGUAGES else None
            result.articles.append(article_record(original, article, analysis, estimate))
    return result
