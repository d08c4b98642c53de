"""Online story assignment: latency per article and memory at 10k to 1M stories, synthetic data.

    python benchmarks/assign_latency.py --sizes 10000,100000,1000000 --queries 2000

For each size N, in a fresh child process (so memory figures do not carry over from one size
to the next), it:

1. generates N synthetic stories and their articles' profiles (`ArticleProfile`). Story sizes
   follow a power law (most stories are one article, a few are long; `--size-exponent`), and an
   assigner only keeps up to 16 exemplar profiles of a story, so that many are generated. Story
   vectors come from the clustered Generator of story_index_latency.py, and an article's vector
   is its story's plus noise. Words are drawn from a Zipf-distributed vocabulary of 50k hashed
   words, mostly from the story's own pool; names (who / where / org), numbers, years and dates
   come from pools of realistic size, shared within a story;
2. adds every profile with `StoryAssigner.add(..., update_index=False)` and builds the index with
   `index_all()`, as a rebuild from the store does (timed);
3. times --queries `assign()` calls: 3 in 4 are new articles of an existing story (picked in
   proportion to story size), 1 in 4 belong to no story. The profiles are ready-made, so the
   embedding and the text analysis are not timed; the index search, the scoring of the
   candidates' exemplars and the upsert of the chosen story are.

The garbage collector's pauses during the timed calls are reported by generation (`gc_pauses`):
its full passes walk every loaded story's profiles and are what the worst cases are made of.

Memory: the index's own estimate (`StoryIndex.memory_usage`), the resident-set growth of the
whole assigner (profiles, story states, index), and a breakdown measured on a sample of stories.
Prints a markdown table, then one JSON object with every number.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

# usearch's extension must load after onnxruntime's (see story_index._usearch_index_class), and the
# shared Generator module imports usearch: so onnxruntime first, where installed.
with contextlib.suppress(ImportError):
    import onnxruntime  # noqa: F401

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import int_list  # noqa: E402
from newsloom.stories import assigner as cluster  # noqa: E402
from newsloom.stories import index as si  # noqa: E402
from newsloom.stories.assigner import StoryAssigner  # noqa: E402
from newsloom.stories.profile import GROUPS, ArticleProfile  # noqa: E402
from story_index_latency import DIM, Generator, machine_info, percentiles, rss_bytes  # noqa: E402

# Vocabulary of hashed content words; word r (0-based) has Zipf probability ∝ 1 / (r + 1).
VOCABULARY = 50_000
# Words a story's articles mostly draw from (the rest come from the whole vocabulary).
STORY_POOL = 128
STORY_WORD_SHARE = 0.7
# Words drawn per article, and for its lead; a word drawn twice counts once, which leaves
# ~40-64 distinct words per article (story_profile keeps at most 64) and ~20 in the lead.
MIN_TERMS, MAX_TERMS = 44, 72
LEAD_TERMS = 21
KEPT_TERMS = 64
# Distinct names in each entity group's pool, and per story at most this many of each.
NAME_POOLS = {"who": 200_000, "where": 30_000, "org": 60_000}
STORY_NAMES = {"who": 4, "where": 3, "org": 3}
# Share of a story's names an article names prominently (salient), and extra names it mentions.
SALIENT_SHARE = 0.7
EXTRA_NAMES = 2
# Distinct number strings ("3.5", "1,200", ...), and per story at most this many.
NUMBER_POOL = 20_000
STORY_NUMBERS = 5
# Stories start on a day within these years; an article is published 0-5 days after its story.
FIRST_DAY, LAST_DAY = date(2021, 1, 1).toordinal(), date(2025, 12, 31).toordinal()
# Share of articles without a publication date, and without a latest year.
UNDATED = 0.1
NO_YEAR = 0.2
# Length of the noise added to a story's vector for each of its articles: an article then sits
# at cosine ~0.86 from its story's point and ~0.74 from a sibling article.
ARTICLE_NOISE = 0.6
# A story's size in articles is drawn from P(k) ∝ k ** -exponent, 1 <= k <= MAX_STORY.
MAX_STORY = 1_000
# Share of timed articles that continue an existing story.
JOIN_SHARE = 0.75
# Stories generated per block.
CHUNK = 25_000
EXEMPLARS = cluster.FIRST_EXEMPLARS + cluster.LATEST_EXEMPLARS
# With --max-active, stories are unloaded past that many after every this many articles,
# as the pipeline does after each batch it writes (pipeline.BATCH_SIZE).
TRIM_EVERY = 64


def zipf_cdf(n: int, exponent: float = 1.0) -> np.ndarray:
    """Cumulative probabilities of ranks 0..n-1 under P(r) ∝ (r + 1) ** -exponent."""
    p = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    cdf = np.cumsum(p)
    return cdf / cdf[-1]


def draw(cdf: np.ndarray, shape: int | tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Ranks drawn from the distribution whose cumulative probabilities are cdf."""
    return np.minimum(np.searchsorted(cdf, rng.random(shape)), len(cdf) - 1).astype(np.int64)


@dataclass
class Pools:
    """Everything articles draw from: word hashes and weights, names, numbers."""

    hashes: np.ndarray  # uint32 hash per vocabulary rank, all distinct
    idf: np.ndarray  # float32 weight per vocabulary rank: rarer words weigh more
    word_cdf: np.ndarray
    names: dict[str, list[str]]
    name_cdf: dict[str, np.ndarray]
    numbers: list[str]
    number_cdf: np.ndarray

    @classmethod
    def make(cls, rng: np.random.Generator) -> Pools:
        hashes = np.unique(rng.integers(0, 2**32 - 1, VOCABULARY * 2, dtype=np.uint32))
        hashes = rng.permutation(hashes)[:VOCABULARY]
        # An IDF-like weight: the commonest content words ~1.5 (wordfreq Zipf ~7.5 below a
        # ceiling of 9), the rarest ~6.2; the floor of 0.5 is never reached.
        idf = (1.5 + np.log10(np.arange(1, VOCABULARY + 1))).astype(np.float32)
        syllables = [
            "an",
            "bel",
            "cor",
            "da",
            "el",
            "fa",
            "gor",
            "han",
            "is",
            "jo",
            "ka",
            "li",
            "mar",
            "no",
            "os",
            "pe",
            "qui",
            "ra",
            "sa",
            "tor",
            "u",
            "vi",
            "wen",
            "zo",
        ]

        def name(i: int, parts: int) -> str:
            words = []
            for _ in range(parts):
                word = ""
                for _ in range(2 + i % 2):
                    word += syllables[i % len(syllables)]
                    i //= len(syllables)
                words.append(word + syllables[i % 7])
                i //= 7
            return " ".join(words)

        names = {
            "who": [name(i * 7919 + 11, 2) for i in range(NAME_POOLS["who"])],
            "where": [name(i * 104_729 + 3, 1) for i in range(NAME_POOLS["where"])],
            "org": [name(i * 15_485_863 + 5, 2) + " group" for i in range(NAME_POOLS["org"])],
        }
        numbers = []
        for i in range(NUMBER_POOL):
            kind = i % 4
            if kind == 0:
                numbers.append(str(i // 4 + 1))
            elif kind == 1:
                numbers.append(f"{(i // 4) / 10:.1f}")
            elif kind == 2:
                numbers.append(f"{(i // 4 + 1) * 100:,}")
            else:
                numbers.append(f"{(i // 4 + 1) * 1.25:.2f}")
        return cls(
            hashes=hashes,
            idf=idf,
            word_cdf=zipf_cdf(VOCABULARY),
            names=names,
            name_cdf={g: zipf_cdf(len(v), 0.8) for g, v in names.items()},
            numbers=numbers,
            number_cdf=zipf_cdf(NUMBER_POOL),
        )


def story_sizes(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Articles per story, from P(k) ∝ k ** -exponent (every story has one when exponent is 0)."""
    if exponent <= 0:
        return np.ones(n, dtype=np.int64)
    return draw(zipf_cdf(MAX_STORY, exponent), n, rng) + 1


def sparse_rows(
    ranks: np.ndarray, valid: np.ndarray, tf: np.ndarray, pools: Pools
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-row sorted unique hashes and unit weights, flattened: (keys, weights, row lengths)."""
    sentinel = np.uint32(2**32 - 1)  # above every hash (integers() drew below it)
    keys = np.where(valid, pools.hashes[ranks], sentinel)
    weights = np.where(valid, tf * pools.idf[ranks], 0.0).astype(np.float32)
    order = np.argsort(keys, axis=1, kind="stable")
    keys = np.take_along_axis(keys, order, axis=1)
    weights = np.take_along_axis(weights, order, axis=1)
    keep = keys != sentinel
    keep[:, 1:] &= keys[:, 1:] != keys[:, :-1]  # a word drawn twice counts once
    keep &= np.cumsum(keep, axis=1) <= KEPT_TERMS  # as story_profile.MAX_TERMS caps it
    weights *= keep
    weights /= np.maximum(np.linalg.norm(weights, axis=1, keepdims=True), 1e-12)
    return keys[keep], weights[keep], keep.sum(axis=1)


def split(flat: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """flat cut into consecutive pieces of the given lengths (views)."""
    return np.split(flat, np.cumsum(lengths)[:-1])


def make_profiles(
    story_vectors: np.ndarray,
    story_of: np.ndarray,
    rng: np.random.Generator,
    pools: Pools,
) -> list[ArticleProfile]:
    """One article profile per entry of story_of, an index into story_vectors.

    Each story's word pool, names, numbers, year and first day are drawn once here, so that the
    articles of one story (which must come in the same call) agree with each other.
    """
    m = len(story_of)
    s_count = len(story_vectors)
    # Story attributes for the whole chunk, indexed by story_of.
    pool = draw(pools.word_cdf, (s_count, STORY_POOL), rng)
    names = {g: draw(pools.name_cdf[g], (s_count, k), rng) for g, k in STORY_NAMES.items()}
    name_count = {
        g: rng.integers(0 if g != "where" else 1, k + 1, s_count) for g, k in STORY_NAMES.items()
    }
    nums = draw(pools.number_cdf, (s_count, STORY_NUMBERS), rng)
    num_count = rng.integers(0, STORY_NUMBERS + 1, s_count)
    year = rng.integers(1990, 2026, s_count)
    first_day = rng.integers(FIRST_DAY, LAST_DAY + 1, s_count)

    noise = rng.standard_normal((m, DIM), dtype=np.float32) * np.float32(ARTICLE_NOISE / DIM**0.5)
    vectors = story_vectors[story_of] + noise
    del noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    # Words: a random choice without repeats from the story's pool, some swapped for words of
    # the whole vocabulary; the first LEAD_TERMS drawn make the lead.
    picks = np.argsort(rng.random((m, STORY_POOL), dtype=np.float32), axis=1)[:, :MAX_TERMS]
    ranks = np.take_along_axis(pool[story_of], picks, axis=1)
    del picks
    general = rng.random((m, MAX_TERMS)) >= STORY_WORD_SHARE
    ranks[general] = draw(pools.word_cdf, int(general.sum()), rng)
    del general
    tf = (1.0 + np.log1p(rng.geometric(0.6, (m, MAX_TERMS)) - 1)).astype(np.float32)
    length = rng.integers(MIN_TERMS, MAX_TERMS + 1, m)
    valid = np.arange(MAX_TERMS) < length[:, None]
    t_keys, t_weights, t_len = sparse_rows(ranks, valid, tf, pools)
    l_keys, l_weights, l_len = sparse_rows(
        ranks[:, :LEAD_TERMS], valid[:, :LEAD_TERMS], tf[:, :LEAD_TERMS], pools
    )
    terms = zip(split(t_keys, t_len), split(t_weights, t_len), strict=True)
    leads = zip(split(l_keys, l_len), split(l_weights, l_len), strict=True)

    salient_draw = rng.random((m, max(STORY_NAMES.values()))) < SALIENT_SHARE
    extra = {g: draw(pools.name_cdf[g], (m, EXTRA_NAMES), rng) for g in GROUPS}
    extra_count = rng.integers(0, EXTRA_NAMES + 1, (m, len(GROUPS)))
    num_keep = rng.random((m, STORY_NUMBERS)) < 0.6
    day_offset = rng.integers(0, 6, m)
    undated = rng.random(m) < UNDATED
    no_year = rng.random(m) < NO_YEAR
    has_day = rng.random(m) < 0.6

    # Python objects per article; everything above was drawn in bulk.
    story_of_l = story_of.tolist()
    salient_l, extra_count_l, num_keep_l = (
        salient_draw.tolist(),
        extra_count.tolist(),
        num_keep.tolist(),
    )
    day_l, undated_l, no_year_l, has_day_l = (
        day_offset.tolist(),
        undated.tolist(),
        no_year.tolist(),
        has_day.tolist(),
    )
    name_lists = {g: names[g].tolist() for g in GROUPS}
    name_counts = {g: name_count[g].tolist() for g in GROUPS}
    extra_l = {g: extra[g].tolist() for g in GROUPS}
    nums_l, num_count_l, year_l, first_l = (
        nums.tolist(),
        num_count.tolist(),
        year.tolist(),
        first_day.tolist(),
    )
    out = []
    for i, (term, lead) in enumerate(zip(terms, leads, strict=True)):
        s = story_of_l[i]
        sal_row = salient_l[i]
        salient, named, leading = {}, {}, {}
        for gi, g in enumerate(GROUPS):
            pool_names = pools.names[g]
            own = name_lists[g][s][: name_counts[g][s]]
            if own:  # the story's first name of the group opens its articles' leads
                leading[g] = pool_names[own[0]]
            sal = frozenset(pool_names[x] for j, x in enumerate(own) if sal_row[j])
            salient[g] = sal
            named[g] = sal.union(pool_names[x] for x in own).union(
                pool_names[x] for x in extra_l[g][i][: extra_count_l[i][gi]]
            )
        nrow = num_keep_l[i]
        numbers = frozenset(
            pools.numbers[x] for j, x in enumerate(nums_l[s][: num_count_l[s]]) if nrow[j]
        )
        day = first_l[s] + day_l[i]
        days = frozenset((date.fromordinal(first_l[s]),)) if has_day_l[i] else frozenset()
        out.append(
            ArticleProfile(
                vector=vectors[i],
                terms=term,
                lead=lead,
                salient=salient,
                named=named,
                latest_year=None if no_year_l[i] else year_l[s],
                days=days,
                numbers=numbers,
                published=None if undated_l[i] else date.fromordinal(day),
                leading=leading,
            )
        )
    return out


def settled_rss() -> int:
    """Resident set size after a garbage collection and, on glibc, after handing freed heap
    back to the system (numpy's temporaries of up to 32 MiB come from the heap, and glibc would
    otherwise keep their pages resident)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_bytes()


def deep_size(obj: object, seen: set[int]) -> int:
    """Bytes of obj and everything it holds that seen does not already count."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, np.ndarray):
        if obj.base is not None:  # a view: count its share of the buffer
            size += obj.nbytes
        return size
    if isinstance(obj, dict):
        return size + sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    if isinstance(obj, list | tuple | set | frozenset):
        return size + sum(deep_size(x, seen) for x in obj)
    if hasattr(obj, "__dict__"):
        return size + deep_size(vars(obj), seen)
    return size


def breakdown(assigner: StoryAssigner, sample: int, rng: np.random.Generator) -> dict[str, Any]:
    """Bytes per story by part, measured on a random sample of stories.

    Names and numbers are strings from shared pools here, so a string is counted once however
    many sampled profiles hold it; profiles read back from the store (`from_stored`) hold their
    own copies, so that part is also measured on a round trip of the same profiles through the
    stored form.
    """
    stories = assigner._stories  # noqa: SLF001 - a benchmark looks inside
    ids = rng.choice(
        np.fromiter(stories, dtype=np.int64, count=len(stories)),
        min(sample, len(stories)),
        replace=False,
    ).tolist()
    parts = dict.fromkeys(
        ("vectors", "words", "names_numbers_dates", "profile_objects", "story_state"), 0
    )
    read_back = 0
    profiles = 0
    seen: set[int] = set()
    seen_back: set[int] = set()
    kept_alive = []  # so that no id in seen_back is reused by a later object
    for sid in ids:
        story = stories[sid]
        parts["story_state"] += (
            sys.getsizeof(story)
            + (sys.getsizeof(vars(story)) if hasattr(story, "__dict__") else 0)
            + deep_size(story.vector_sum, seen)
            + sys.getsizeof(story.first_exemplars)
            + sys.getsizeof(story.latest_exemplars)
        )
        for p in story.exemplars:
            profiles += 1
            parts["vectors"] += deep_size(p.vector, seen)
            parts["words"] += deep_size(p.terms, seen) + deep_size(p.lead, seen)
            facts = (p.salient, p.named, p.days, p.numbers, p.published)
            parts["names_numbers_dates"] += sum(deep_size(f, seen) for f in facts)
            parts["profile_objects"] += sys.getsizeof(p) + sys.getsizeof(vars(p))
            back = ArticleProfile.from_stored(p.to_bytes(), p.vector, p.published)
            kept_alive.append(back)
            facts = (back.salient, back.named, back.days, back.numbers, back.published)
            read_back += sum(deep_size(f, seen_back) for f in facts)
    n = len(ids)
    per_story = {k: round(v / n) for k, v in parts.items()}
    # The assigner's table: one dict slot and one int key per story.
    per_story["story_table"] = round(sys.getsizeof(stories) / len(stories) + 28)
    return {
        "stories_sampled": n,
        "profiles_per_story": round(profiles / n, 3),
        "bytes_per_story": per_story,
        "bytes_per_story_total": sum(per_story.values()),
        "names_numbers_dates_read_back": round(read_back / n),
    }


def shelf_memory(assigner: StoryAssigner, sample: int, rng: np.random.Generator) -> dict[str, Any]:
    """The assigner's own memory with unloaded stories: loaded ones measured as in breakdown,
    unloaded ones by the size of their state (slots, dates) and table slot, plus the index."""
    stories = assigner._stories  # noqa: SLF001 - a benchmark looks inside
    loaded = [s for s, st in stories.items() if st.loaded]
    dormant = [s for s, st in stories.items() if not st.loaded]
    table = sys.getsizeof(stories) / max(1, len(stories)) + 28
    picked = (
        rng.choice(dormant, min(sample, len(dormant)), replace=False).tolist() if dormant else []
    )
    seen: set[int] = set()
    dormant_each = (
        sum(
            sys.getsizeof(stories[s])
            + deep_size(stories[s].first, seen)
            + deep_size(stories[s].last, seen)
            for s in picked
        )
        / len(picked)
        + table
        if picked
        else 0.0
    )
    sub = StoryAssigner.__new__(StoryAssigner)
    sub._stories = {s: stories[s] for s in loaded}  # noqa: SLF001
    loaded_part = breakdown(sub, sample, rng) if loaded else {"bytes_per_story_total": 0}
    total = (
        dormant_each * len(dormant)
        + loaded_part["bytes_per_story_total"] * len(loaded)
        + assigner.index.memory_usage
    )
    return {
        "loaded_stories": len(loaded),
        "unloaded_stories": len(dormant),
        "bytes_per_unloaded_story": round(dormant_each),
        "bytes_per_loaded_story": loaded_part["bytes_per_story_total"],
        "index_mib": round(assigner.index.memory_usage / 2**20, 1),
        "assigner_total_mib": round(total / 2**20, 1),
    }


class GcPauses:
    """Garbage-collector pauses by generation, timed through `gc.callbacks`."""

    def __init__(self) -> None:
        self.started = 0.0
        self.ms: dict[int, list[float]] = {0: [], 1: [], 2: []}

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.ms[info["generation"]].append((time.perf_counter() - self.started) * 1e3)

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            f"gen{g}": {
                "count": len(v),
                "max_ms": round(max(v, default=0.0), 2),
                "total_ms": round(sum(v), 1),
            }
            for g, v in self.ms.items()
        }


class ProfileShelf:
    """Profiles kept in an SQLite file, read back per story: the store's part in a restart.

    Profiles are stored and read back as the store's loader reads them (`ArticleProfile.to_bytes`,
    `ArticleProfile.stored_lazily`), in a column declared TEXT as the store's is."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="assign-bench-")
        self.conn = sqlite3.connect(
            os.path.join(self._dir.name, "profiles.db"), isolation_level=None
        )
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute(
            "CREATE TABLE profiles (story INTEGER, vector BLOB, profile TEXT, published TEXT)"
        )
        self.loads = 0

    def put(self, rows: list[tuple[int, ArticleProfile]]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany(
            "INSERT INTO profiles VALUES (?, ?, ?, ?)",
            [
                (
                    s,
                    p.vector.astype(np.float32).tobytes(),
                    p.to_bytes(),
                    p.published.isoformat() if p.published else None,
                )
                for s, p in rows
            ],
        )
        self.conn.execute("COMMIT")

    def finish(self) -> None:
        """Index the profiles by story once the bulk load is done (as the store's index does)."""
        self.conn.execute("CREATE INDEX profiles_story ON profiles(story)")

    def load(self, story_id: int) -> list[ArticleProfile]:
        self.loads += 1
        rows = self.conn.execute(
            "SELECT vector, profile, published FROM profiles WHERE story = ? ORDER BY rowid",
            (story_id,),
        ).fetchall()
        return [
            ArticleProfile.stored_lazily(
                stored,
                np.frombuffer(vec, dtype=np.float32),
                date.fromisoformat(pub) if pub else None,
            )
            for vec, stored, pub in rows
        ]


def run_one(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement for one size, in this process."""
    rng = np.random.default_rng(args.seed + n)
    gen = Generator(args.centres, args.topics, args.noise_decay, args.seed)
    pools = Pools.make(np.random.default_rng(args.seed))
    sizes = story_sizes(n, args.size_exponent, rng)
    kept = np.minimum(sizes, args.exemplars)

    joins = round(args.queries * JOIN_SHARE)
    targets = rng.choice(n, joins, p=sizes / sizes.sum())  # busy stories get more news

    shelf = ProfileShelf() if args.max_active else None
    if shelf is not None:
        assigner = StoryAssigner(max_active=args.max_active, loader=shelf.load)
    else:
        assigner = StoryAssigner()
    rss0 = settled_rss()
    started = time.perf_counter()
    index_s = 0.0
    join_queries: list[tuple[int, ArticleProfile]] = []
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        story_vectors = gen.stories(hi - lo, rng)
        members = np.repeat(np.arange(hi - lo), kept[lo:hi])
        mine = targets[(targets >= lo) & (targets < hi)]
        story_of = np.concatenate([members, mine - lo])
        profiles = make_profiles(story_vectors, story_of, rng, pools)
        stored = list(zip((lo + members).tolist(), profiles, strict=False))
        if shelf is None:
            for story_id, profile in stored:
                assigner.add(story_id, profile, update_index=False)
        else:
            # As a restart does: the store holds the profiles, memory only sizes and dates,
            # and the index gets each chunk's centroids in one bulk upsert.
            shelf.put(stored)
            for story_id, profile in stored:
                assigner.restore(story_id, profile.published)
            sums = np.zeros((hi - lo, DIM), dtype=np.float32)
            np.add.at(sums, members, np.stack([p.vector for _, p in stored]))
            t0 = time.perf_counter()
            assigner.index.upsert_many(list(range(lo, hi)), sums)
            index_s += time.perf_counter() - t0
        join_queries += list(zip(mine.tolist(), profiles[len(members) :], strict=True))
        del profiles, stored
    generate_s = time.perf_counter() - started - index_s
    rss_profiles = settled_rss()

    started = time.perf_counter()
    if shelf is None:
        assigner.index_all()
    else:
        shelf.finish()
    build_s = time.perf_counter() - started + index_s
    rss_built = settled_rss()
    index_memory = assigner.index.memory_usage

    # Articles of no existing story: stories of their own, drawn the same way.
    fresh = make_profiles(
        gen.stories(args.queries - joins, rng), np.arange(args.queries - joins), rng, pools
    )
    queries: list[tuple[int | None, ArticleProfile]] = [*join_queries, *((None, p) for p in fresh)]
    order = rng.permutation(len(queries))

    wall: list[float] = []
    cpu: list[float] = []
    scored: list[int] = []
    pauses = GcPauses()
    gc.callbacks.append(pauses)
    joined = created = to_target = 0
    for qi, i in enumerate(order.tolist()):
        target, profile = queries[i]
        pairs = assigner.pairs_scored
        c0 = time.thread_time()
        t0 = time.perf_counter()
        result = assigner.assign(profile, n + qi)
        t1 = time.perf_counter()
        c1 = time.thread_time()
        wall.append((t1 - t0) * 1e3)
        cpu.append((c1 - c0) * 1e3)
        scored.append(assigner.pairs_scored - pairs)
        created += result.created
        joined += not result.created
        to_target += target is not None and result.story_id == target
        if shelf is not None:
            shelf.put([(result.story_id, profile)])
            if (qi + 1) % TRIM_EVERY == 0:
                assigner.trim()  # the pipeline trims after each batch it writes
    gc.callbacks.remove(pauses)
    gc.collect()
    sample = (
        breakdown(assigner, args.sample, np.random.default_rng(args.seed))
        if shelf is None
        else shelf_memory(assigner, args.sample, np.random.default_rng(args.seed))
    )
    row: dict[str, Any] = {
        "stories": n,
        "max_active": args.max_active,
        "loaded_after": assigner.loaded,
        "story_loads_from_store": shelf.loads if shelf is not None else 0,
        "profiles": int(kept.sum()),
        "articles": int(sizes.sum()),
        "graph": assigner.index.approximate,
        "generate_s": round(generate_s, 1),
        "build_s": round(build_s, 1),
        "assign_ms": percentiles(wall),
        "assign_cpu_ms": percentiles(cpu),
        "pair_scores_per_article": {
            "mean": round(float(np.mean(scored)), 1),
            "p95": float(np.percentile(scored, 95)),
        },
        "gc_pauses": pauses.summary(),
        "outcome": {
            "continuing": joins,
            "joined": joined,
            "joined_intended_story": to_target,
            "created": created,
        },
        "index_memory_mib": round(index_memory / 2**20, 1),
        "rss_mib": {
            "profiles_and_states": round((rss_profiles - rss0) / 2**20, 1),
            "index_build": round((rss_built - rss_profiles) / 2**20, 1),
            "total_growth": round((rss_built - rss0) / 2**20, 1),
            "peak_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        },
        "sample": sample,
    }
    return row


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as a markdown table."""
    lines = [
        "| stories | exemplar profiles | build s | assign p50 / p95 / p99 / max ms"
        " | assign CPU p50 / p95 ms | pair scores per article, mean / p95"
        " | joined (intended) / created | index MiB | RSS growth: profiles+states / index"
        " / total MiB | peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        a, c, o, m = r["assign_ms"], r["assign_cpu_ms"], r["outcome"], r["rss_mib"]
        lines.append(
            f"| {r['stories']:,} | {r['profiles']:,} | {r['build_s']} "
            f"| {a['p50']} / {a['p95']} / {a['p99']} / {a['max']} | {c['p50']} / {c['p95']} "
            f"| {r['pair_scores_per_article']['mean']} / {r['pair_scores_per_article']['p95']} "
            f"| {o['joined']} ({o['joined_intended_story']} of {o['continuing']}) / {o['created']} "
            f"| {r['index_memory_mib']} | {m['profiles_and_states']} / {m['index_build']} "
            f"/ {m['total_growth']} | {m['peak_process']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int_list, default=int_list("10000,100000,1000000"))
    parser.add_argument("--queries", type=int, default=2000, help="articles assigned per size")
    parser.add_argument(
        "--size-exponent",
        type=float,
        default=2.2,
        help="story sizes follow P(k) ∝ k ** -exponent (0: every story one article)",
    )
    parser.add_argument(
        "--exemplars",
        type=int,
        default=EXEMPLARS,
        help="profiles generated per story at most (the assigner keeps 16)",
    )
    parser.add_argument("--sample", type=int, default=2000, help="stories in the memory breakdown")
    parser.add_argument(
        "--max-active",
        type=int,
        default=None,
        help=(
            "keep only this many stories loaded, the rest in an SQLite file (as ingest does: 20000)"
        ),
    )
    parser.add_argument("--centres", type=int, default=4000)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--noise-decay", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one is not None:  # child: one size, JSON on stdout
        print(json.dumps(run_one(args.one, args)))
        return 0

    load_start = os.getloadavg()
    started = time.perf_counter()
    rows = []
    passthrough = sys.argv[1:]
    for n in args.sizes:
        child = subprocess.run(
            [sys.executable, __file__, *passthrough, "--one", str(n)],
            stdout=subprocess.PIPE,
            check=False,
        )
        if child.returncode != 0:
            print(f"size {n}: child exited with {child.returncode}", file=sys.stderr, flush=True)
            rows.append({"stories": n, "failed": child.returncode})
            continue
        rows.append(json.loads(child.stdout))
        print(
            f"{time.perf_counter() - started:.0f}s {json.dumps(rows[-1])}",
            file=sys.stderr,
            flush=True,
        )
    result = {
        "command": " ".join(["python", "benchmarks/assign_latency.py", *sys.argv[1:]]),
        "machine": machine_info(load_start),
        "settings": {
            "candidates": cluster.CANDIDATES,
            "exemplars": args.exemplars,
            "size_exponent": args.size_exponent,
            "vocabulary": VOCABULARY,
            "name_pools": NAME_POOLS,
            "exact_below": si.EXACT_BELOW,
            "search_expansion": si.SEARCH_EXPANSION,
        },
        "total_s": round(time.perf_counter() - started),
        "sizes": rows,
    }
    print(markdown([r for r in rows if "failed" not in r]))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
