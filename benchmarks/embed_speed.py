"""Embedding throughput of the ONNX int8 path, and its agreement with the numpy fp32 reference.

    python benchmarks/embed_speed.py [--data PATH] [--limit N] [--max-tokens 64 128 256]
                                     [--lead-chars 300] [--repeat 3] [--compare]

Reads Reuters-21578 (``reuters21578-articles.jsonl.gz``: one JSON object a line with
``title`` and ``text``) from ``$NEWSLOOM_DATA`` or ``../shared/data`` beside the repository,
embeds ``article_text_for_embedding(title, text)`` for the first N articles and prints
articles/s (best of --repeat timed passes after one warm-up batch; text preparation,
tokenisation, inference and pooling all count). With --compare it also embeds the ``text`` of
every document in ``ecbplus-dev.jsonl`` with both the ONNX int8 model and the numpy fp32
reference, and prints the mean and minimum cosine between the two.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench_common import cpu_name, data_dir
from newsloom.analyze.embed import (
    DEFAULT_BATCH_SIZE,
    LEAD_CHARS,
    PIPELINE_MAX_TOKENS,
    Embedder,
    article_text_for_embedding,
)

# The numpy fp32 reference is a test oracle: it lives with the tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "analyze"))
from minilm_reference import NumpyMiniLM  # noqa: E402

REUTERS_FILE = "reuters21578-articles.jsonl.gz"
ECB_FILE = "ecbplus-dev.jsonl"
# Articles timed by default: enough for a stable rate, about a minute at the slowest setting.
DEFAULT_LIMIT = 2000
# Timed passes per setting; the best is reported because other processes only ever slow a pass.
DEFAULT_REPEAT = 3
# Texts in the untimed warm-up call (first runs allocate ORT's memory arena).
WARMUP_TEXTS = 32
# Throughput the pipeline is meant to reach on a 2-core laptop-class CPU.
TARGET_PER_S = 100.0


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Up to limit JSON objects from a .jsonl or .jsonl.gz file."""
    opener = gzip.open if path.suffix == ".gz" else open
    records: list[dict[str, Any]] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(records) >= limit:
                break
            if line.strip():
                records.append(json.loads(line))
    return records


def require(path: Path, what: str) -> Path:
    """path if it exists, else exit with a message saying where the file was looked for."""
    if not path.is_file():
        sys.exit(
            f"embed_speed: {what} not found at {path}\n"
            "Put the evaluation data in ../shared/data (beside the repository) or point "
            "$NEWSLOOM_DATA at the folder that holds it, or pass the file explicitly."
        )
    return path


def prepare(records: list[dict[str, Any]], lead_chars: int) -> list[str]:
    """The pipeline's embedding input (title + lead) for each record."""
    return [
        article_text_for_embedding(r.get("title"), r.get("text") or "", lead_chars) for r in records
    ]


def time_embedder(
    embedder: Embedder, records: list[dict[str, Any]], lead_chars: int, repeat: int
) -> dict[str, float]:
    """Best articles/s over repeat passes, with token statistics of the inputs."""
    texts = prepare(records, lead_chars)
    lengths = np.array([len(e.ids) for e in embedder._tokenizer.encode_batch(texts)])
    embedder.embed(texts[:WARMUP_TEXTS])
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        vectors = embedder.embed(prepare(records, lead_chars))
        elapsed = time.perf_counter() - start
        best = max(best, len(records) / elapsed)
    assert vectors.shape == (len(records), 384)
    return {
        "per_s": best,
        "mean_tokens": float(lengths.mean()),
        "truncated": float(np.mean(lengths >= embedder.max_tokens)),
    }


def compare(path: Path, max_tokens: int, threads: int | None) -> dict[str, float]:
    """Mean / min / 5th-percentile cosine between ONNX int8 and numpy fp32 on every document."""
    texts = [r.get("text") or "" for r in read_jsonl(path)]
    onnx = Embedder(max_tokens=max_tokens, threads=threads).embed(texts)
    start = time.perf_counter()
    reference = NumpyMiniLM(max_tokens=max_tokens).embed(texts)
    ref_s = time.perf_counter() - start
    cosines = (onnx * reference).sum(axis=1)
    return {
        "docs": float(len(texts)),
        "mean": float(cosines.mean()),
        "min": float(cosines.min()),
        "p05": float(np.percentile(cosines, 5)),
        "reference_s": ref_s,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the timings (and the comparison), print a report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help=f"path of {REUTERS_FILE}")
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help="articles to embed (default %(default)s)"
    )
    parser.add_argument(
        "--max-tokens",
        type=int,
        nargs="+",
        default=sorted({PIPELINE_MAX_TOKENS, 128, 256}),
        help="token caps to time (default %(default)s)",
    )
    parser.add_argument(
        "--lead-chars",
        type=int,
        nargs="+",
        default=[LEAD_CHARS],
        help="body characters kept after the title (default %(default)s)",
    )
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="texts per call")
    parser.add_argument("--threads", type=int, help="ORT intra-op threads (default: all cores)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="timed passes (best)")
    parser.add_argument(
        "--compare", action="store_true", help=f"also compare with the fp32 reference on {ECB_FILE}"
    )
    parser.add_argument("--ecb", type=Path, help=f"path of {ECB_FILE}")
    args = parser.parse_args(argv)

    reuters = require(args.data or data_dir() / REUTERS_FILE, "Reuters-21578 articles")
    ecb = require(args.ecb or data_dir() / ECB_FILE, "ECB+ dev documents") if args.compare else None
    records = read_jsonl(reuters, args.limit)

    machine = f"{platform.machine()}, {os.cpu_count()} CPUs ({cpu_name()})"
    print(f"machine: {machine}, python {platform.python_version()}")
    print(f"data: {reuters} ({len(records)} articles)")
    columns = ("max_tokens", "lead_chars", "mean_tokens", "truncated", "articles/s")
    print(" ".join(f"{c:>11}" for c in columns))
    for lead in args.lead_chars:
        for max_tokens in args.max_tokens:
            embedder = Embedder(max_tokens, batch_size=args.batch_size, threads=args.threads)
            result = time_embedder(embedder, records, lead, args.repeat)
            flag = "" if result["per_s"] >= TARGET_PER_S else f"  (< {TARGET_PER_S:.0f}/s)"
            print(
                f"{max_tokens:>11} {lead:>11} {result['mean_tokens']:>11.1f} "
                f"{result['truncated']:>11.1%} {result['per_s']:>11.1f}{flag}",
                flush=True,
            )
            del embedder
    print(f"load average after timing: {os.getloadavg()[0]:.2f} (other processes slow the numbers)")

    if ecb is not None:
        print(f"\nONNX int8 vs numpy fp32 on {ecb} (full text, truncated at max_tokens):")
        for max_tokens in args.max_tokens:
            result = compare(ecb, max_tokens, args.threads)
            print(
                f"  max_tokens={max_tokens}: {result['docs']:.0f} docs, "
                f"cosine mean {result['mean']:.4f}, min {result['min']:.4f}, "
                f"5th percentile {result['p05']:.4f} "
                f"(reference took {result['reference_s']:.0f}s)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
