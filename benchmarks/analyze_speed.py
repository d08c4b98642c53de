"""Analysis throughput in words/s against bare spaCy on the same Reuters texts, in one run.

    python benchmarks/analyze_speed.py [--data PATH] [--limit N] [--repeat R]
                                       [--workers 1 2] [--no-embedding] [--profile]

Reads Reuters-21578 (``reuters21578-articles.jsonl.gz``) from ``--data``, ``$NEWSLOOM_DATA``
or ``../shared/data`` beside the repository and times, on the first N articles:

- ``bare``: ``nlp.pipe`` of the pinned spaCy model loaded as the analyzer loads it (the
  same components disabled), the spaCy work newsloom needs;
- ``extraction``: ``Analyzer.pipe`` without the sentence embedding (the embedding is a
  separate stage, timed by embed_speed.py): spaCy with newsloom's entity ruler and resolver,
  then dates, quantities, quotes and PLOVER events;
- ``spacy_default``: the model with every component enabled (lemmatizer included), for
  reference, and once at the end ``with_embedding``: the whole ``Analyzer.pipe``.

In each timed pass bare spaCy and extraction alternate every --slice articles (which goes
first alternates too), so both meet the same load from other processes; the references run
over all the texts after them. A system's rate is its best pass (other processes only ever
slow a pass); the ratio is extraction/bare of the best passes, and ``ratio_all_passes`` that
of all passes together. With one worker the CPU time of this process is reported too: it is
what contention changes least. With ``--workers 2`` newsloom parses in two worker processes
that stay up between calls and is compared with ``bare_pool``: the bare model in a pool of
two processes that stay up, fed the same chunks; bare ``nlp.pipe(n_process=2)``, which starts
its processes on every call, is timed as a reference. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import multiprocessing
import os
import platform
import pstats
import resource
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from bench_common import cpu_name, data_dir
from newsloom.analyze.analyzer import (
    DISABLED_PIPES,
    MAX_PARSE_CHARS,
    SPACY_BATCH,
    SPACY_MODEL,
    WORKER_CHUNK,
    Analyzer,
    load_spacy,
)
from newsloom.analyze.embed import load_embedder
from newsloom.model import Article

REUTERS_FILE = "reuters21578-articles.jsonl.gz"
DEFAULT_LIMIT = 1000
DEFAULT_REPEAT = 3
# The compared pair alternates every this many articles: short enough that both meet the same
# load from other processes, long enough for spaCy's batches and both workers' chunks.
DEFAULT_SLICE = 100
# Articles parsed once before timing: the first calls allocate spaCy's and numpy's buffers.
WARMUP_ARTICLES = 32
TARGET_RATIO = 0.8


def data_file(given: Path | None) -> Path:
    """The Reuters file: as given, else under $NEWSLOOM_DATA or ../shared/data."""
    return given if given is not None else data_dir() / REUTERS_FILE


def read_articles(path: Path, limit: int) -> list[Article]:
    """The first `limit` Reuters articles with a text, as newsloom Articles."""
    articles: list[Article] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if len(articles) >= limit:
                break
            record = json.loads(line)
            if (record.get("text") or "").strip():
                articles.append(
                    Article(
                        text=record["text"], origin=str(record.get("id")),
                        title=record.get("title"), outlet=record.get("outlet"),
                        published=record.get("published"),
                    )
                )  # fmt: skip
    return articles


class _NoEmbedding:
    """An embedder that returns nothing, so Analyzer.pipe times extraction alone."""

    def embed(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        return [() for _ in texts]


_bare_worker: Any = None


def _start_bare_worker() -> None:
    """Load the bare model once in a worker process of the pooled baseline."""
    global _bare_worker
    _bare_worker = spacy.load(SPACY_MODEL, disable=list(DISABLED_PIPES))


def _parse_in_worker(texts: list[str]) -> int:
    """Parse a chunk with bare spaCy in a worker; only a count comes back."""
    return sum(len(doc) for doc in _bare_worker.pipe(texts, batch_size=SPACY_BATCH))


def pooled_bare(pool: ProcessPoolExecutor, texts: Sequence[str], workers: int) -> int:
    """Bare spaCy over worker processes that stay up, chunked as Analyzer.pipe chunks."""
    size = min(WORKER_CHUNK, -(-len(texts) // workers))
    chunks = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
    return sum(pool.map(_parse_in_worker, chunks))


def timed(run: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds (this process only) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def profile_extraction(analyzer: Analyzer, articles: Sequence[Article], top: int = 25) -> str:
    """cProfile's top functions by own time over one extraction pass."""
    profiler = cProfile.Profile()
    profiler.runcall(analyzer.extract, articles)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


@dataclass(frozen=True)
class Corpus:
    """The articles timed, their texts as parsed and how many words those hold."""

    articles: list[Article]
    texts: list[str]
    words: int


@dataclass(frozen=True)
class Models:
    """The spaCy pipelines timed: bare, with every component, and the analyzer's."""

    bare: Language
    default: Language
    nlp: Language


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help=f"path of {REUTERS_FILE}")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="articles (%(default)s)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="timed passes (best)")
    parser.add_argument(
        "--slice", type=int, default=DEFAULT_SLICE, help="articles per alternation (%(default)s)"
    )
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="process counts to time (%(default)s)"
    )
    parser.add_argument("--no-embedding", action="store_true", help="skip the with-embedding pass")
    parser.add_argument("--profile", action="store_true", help="print cProfile of one extraction")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, time the systems, print the JSON report."""
    args = parse_args(argv)
    path = data_file(args.data)
    if not path.is_file():
        print(
            f"analyze_speed: {REUTERS_FILE} not found at {path}; put the evaluation data in "
            "../shared/data beside the repository, set $NEWSLOOM_DATA, or pass --data",
            file=sys.stderr,
        )
        return 2
    print(json.dumps(run_benchmark(args, path), indent=2))
    return 0


def run_benchmark(args: argparse.Namespace, path: Path) -> dict[str, Any]:
    """Time the systems on the Reuters file at `path` as the options ask; the JSON report."""
    articles = read_articles(path, args.limit)
    texts = [a.text[:MAX_PARSE_CHARS] for a in articles]
    words = sum(len(t.split()) for t in texts)

    bare = spacy.load(SPACY_MODEL, disable=list(DISABLED_PIPES))
    default = spacy.load(SPACY_MODEL)
    nlp = load_spacy()
    report: dict[str, Any] = {
        "data": str(path), "articles": len(articles), "words": words,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs ({cpu_name()})",
        "python": platform.python_version(), "spacy": spacy.__version__, "model": SPACY_MODEL,
        "bare_pipes": bare.pipe_names, "analyzer_pipes": nlp.pipe_names,
        "batch_size": SPACY_BATCH, "repeat": args.repeat, "slice": args.slice, "runs": [],
    }  # fmt: skip

    corpus = Corpus(articles, texts, words)
    for workers in args.workers:
        report["runs"].append(time_workers(workers, args, Models(bare, default, nlp), corpus))

    if not args.no_embedding:
        full = Analyzer(nlp, load_embedder(), workers=max(args.workers))
        full.pipe(articles[:WARMUP_ARTICLES])
        wall, _ = timed(lambda: full.pipe(articles))
        full.close()
        report["with_embedding_words_per_s"] = round(words / wall)
        report["with_embedding_workers"] = max(args.workers)
    report["load_average_after"] = round(os.getloadavg()[0], 2)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.profile:
        plain = Analyzer(nlp, _NoEmbedding())  # type: ignore[arg-type]
        print(profile_extraction(plain, articles), file=sys.stderr)
    return report


def time_workers(
    workers: int, args: argparse.Namespace, models: Models, corpus: Corpus
) -> dict[str, Any]:
    """One run's report: the systems timed with this many worker processes."""
    bare, texts = models.bare, corpus.texts
    analyzer = Analyzer(models.nlp, _NoEmbedding(), workers=workers)  # type: ignore[arg-type]
    pool = None
    if workers > 1:
        # Bare spaCy in a pool of processes that stay up between calls, fed the chunks
        # Analyzer.pipe sends its workers: like with like (nlp.pipe(n_process=...) starts
        # its processes on every call, timed as a reference below).
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_bare_worker,
        )  # fmt: skip
        pooled_bare(pool, texts[: 2 * workers], workers)
    base = "bare" if workers == 1 else "bare_pool"
    # The compared pair runs slice by slice, alternating, so both meet the same load.
    pair: dict[str, Callable[[int, int], Any]] = {
        base: (
            (lambda lo, hi: list(bare.pipe(texts[lo:hi], batch_size=SPACY_BATCH)))
            if pool is None
            else (lambda lo, hi: pooled_bare(pool, texts[lo:hi], workers))
        ),
        "extraction": lambda lo, hi: analyzer.pipe(corpus.articles[lo:hi]),
    }
    # References, over all the texts once a pass.
    references: dict[str, Callable[[], Any]] = {
        "spacy_default": lambda: list(
            models.default.pipe(texts, batch_size=SPACY_BATCH, n_process=workers)
        ),
    }
    if workers > 1:
        references["bare_n_process"] = lambda: list(
            bare.pipe(texts, batch_size=SPACY_BATCH, n_process=workers)
        )
    # Warm up: load the workers, touch every code path once.
    list(bare.pipe(texts[:WARMUP_ARTICLES]))
    list(models.default.pipe(texts[:WARMUP_ARTICLES]))
    analyzer.pipe(corpus.articles[: max(WARMUP_ARTICLES, 2 * workers)])
    walls, cpus = timed_passes(pair, references, args, corpus, workers)
    analyzer.close()
    if pool is not None:
        pool.shutdown()
    return run_report(workers, base, walls, cpus, corpus.words)


def timed_passes(
    pair: dict[str, Callable[[int, int], Any]],
    references: dict[str, Callable[[], Any]],
    args: argparse.Namespace,
    corpus: Corpus,
    workers: int,
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of each pass of each system: the pair alternating, then references."""
    names = [*pair, *references]
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    count = len(corpus.texts)
    slices = [(lo, min(lo + args.slice, count)) for lo in range(0, count, args.slice)]
    for i in range(args.repeat):
        spent = {name: [0.0, 0.0] for name in pair}
        for j, (lo, hi) in enumerate(slices):
            order = list(pair) if (i + j) % 2 == 0 else list(reversed(pair))
            for name in order:
                wall, cpu = timed(partial(pair[name], lo, hi))
                spent[name][0] += wall
                spent[name][1] += cpu
        for name, (wall, cpu) in spent.items():
            walls[name].append(wall)
            cpus[name].append(cpu)
        for name, run_all in references.items():
            wall, cpu = timed(run_all)
            walls[name].append(wall)
            cpus[name].append(cpu)
        rates = ", ".join(f"{n} {corpus.words / walls[n][-1]:,.0f}" for n in names)
        print(f"workers={workers} pass {i + 1} words/s: {rates}", file=sys.stderr, flush=True)
    return walls, cpus


def run_report(
    workers: int,
    base: str,
    walls: dict[str, list[float]],
    cpus: dict[str, list[float]],
    words: int,
) -> dict[str, Any]:
    """Rates and ratios of one run from the seconds of its passes."""
    run: dict[str, Any] = {"workers": workers, "baseline": base}
    for name in walls:
        run[f"{name}_words_per_s"] = round(words / min(walls[name]))
    run["ratio_extraction_to_bare"] = round(min(walls[base]) / min(walls["extraction"]), 3)
    run["ratio_per_pass"] = [
        round(b / e, 3) for b, e in zip(walls[base], walls["extraction"], strict=True)
    ]
    run["ratio_all_passes"] = round(sum(walls[base]) / sum(walls["extraction"]), 3)
    if workers > 1:
        run["ratio_extraction_to_bare_n_process"] = round(
            min(walls["bare_n_process"]) / min(walls["extraction"]), 3
        )
    if workers == 1:
        cpu_ratio = min(cpus["bare"]) / min(cpus["extraction"])
        run["cpu_ratio_extraction_to_bare"] = round(cpu_ratio, 3)
        run["cpu_extraction_words_per_s"] = round(words / min(cpus["extraction"]))
        run["cpu_bare_words_per_s"] = round(words / min(cpus["bare"]))
    run["meets_target"] = run["ratio_extraction_to_bare"] >= TARGET_RATIO
    return run


if __name__ == "__main__":
    raise SystemExit(main())
