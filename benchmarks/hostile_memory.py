"""Peak memory of ingesting the largest input ingest accepts, and of refusing larger ones.

    python benchmarks/hostile_memory.py [--case largest|bomb|overlong]

Each case runs in a fresh process (one per call, so peaks do not mix), writes its input to a
temporary folder, ingests it into a temporary store with the pinned analyzer and prints one
JSON object: the case, what the report says, and the process's peak RSS (``ru_maxrss``) after
loading the analyzer and after the ingest, in MiB.

- ``largest``: one JSONL record whose text is ``MAX_ARTICLE_CHARS`` characters of English-like
  words (the largest text kept), on a line under ``MAX_LINE_BYTES``;
- ``overlong``: one JSONL line of 50 MB (refused as NL014, counted past, never held);
- ``bomb``: a gzip of 3 GiB of ``{}`` lines, a few MB compressed (stopped as NL014).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import tempfile
import time
from pathlib import Path

from newsloom.analyze.analyzer import Analyzer
from newsloom.ingest.pipeline import ingest_paths
from newsloom.ingest.sources.limits import MAX_ARTICLE_CHARS

# Words for the synthetic text: varied enough that MinHash sees as many distinct shingles as
# a real article of that length would (the shingle count is what costs memory).
WORDS = [
    "the",
    "minister",
    "said",
    "talks",
    "on",
    "the",
    "border",
    "ceasefire",
    "would",
    "resume",
    "in",
    "the",
    "capital",
    "after",
    "flooding",
    "closed",
    "the",
    "harbour",
    "and",
    "markets",
    "fell",
    "as",
    "rescuers",
    "reached",
    "villages",
    "where",
    "officials",
    "counted",
    "damage",
    "to",
    "roads",
    "bridges",
    "and",
    "power",
    "lines",
    "across",
    "the",
    "region",
]
OVERLONG_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 3 * 1024**3
BOMB_CHUNK = 64 * 1024 * 1024


def peak_mib() -> float:
    """The process's peak resident set so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_largest(folder: Path) -> Path:
    """One record with the longest text kept."""
    rng = random.Random(7)
    words: list[str] = []
    size = 0
    while size < MAX_ARTICLE_CHARS - 20:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)[: MAX_ARTICLE_CHARS - 1] + "."
    path = folder / "largest.jsonl"
    path.write_text(json.dumps({"id": "largest", "text": text}) + "\n", encoding="utf-8")
    return path


def write_overlong(folder: Path) -> Path:
    """One line of 50 MB, then one good record."""
    path = folder / "overlong.jsonl"
    with path.open("wb") as out:
        out.write(b'{"text": "')
        out.write(b"word " * (OVERLONG_BYTES // 5))
        out.write(b'"}\n')
        out.write(json.dumps({"id": "good", "text": "A short report after it."}).encode())
    return path


def write_bomb(folder: Path) -> Path:
    """3 GiB of "{}" lines: one 64 MiB block compressed once, written as repeated gzip members."""
    path = folder / "bomb.jsonl.gz"
    member = gzip.compress(b"{}\n" * (BOMB_CHUNK // 3), compresslevel=9)
    with path.open("wb") as out:
        for _ in range(BOMB_BYTES // BOMB_CHUNK):
            out.write(member)
    return path


def main() -> None:
    """Run one case and print its JSON result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("largest", "overlong", "bomb"), default="largest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        writer = {"largest": write_largest, "overlong": write_overlong, "bomb": write_bomb}
        path = writer[args.case](folder)
        input_bytes = path.stat().st_size
        analyzer = Analyzer.load(workers=1)
        loaded = peak_mib()
        started = time.perf_counter()
        report = ingest_paths([path], folder / "bench.db", analyzer=analyzer)
        elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "case": args.case,
                "input_bytes": input_bytes,
                "new": report.new,
                "skipped": [f"{s.code} {s.message}" for s in report.skipped],
                "peak_rss_mib_after_loading": round(loaded, 1),
                "peak_rss_mib": round(peak_mib(), 1),
                "seconds": round(elapsed, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
