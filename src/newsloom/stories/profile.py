"""What the story assigner keeps of one article, and how alike two articles are.

An `ArticleProfile` is a compact summary of an analysed article: its embedding, its weighted
content words (whole text and lead), the people, places and organisations it is about (and
which of them its lead names first), the latest year and the full dates it names, and the
numbers in it. `pair_probability` turns the comparison of two profiles into the probability
that both report the same event, with logistic models over the features (and, for the pairs
in play, their products) whose weights (story_weights.py) were fitted on pairs of ECB+ dev
articles (see newsloom.stories.fit and docs/clustering.md); `pair_probabilities`
gives the same for one article against many, in one pass of numpy calls.

Words are weighed twice: by their rarity in general English, and by their rarity in a
`Neighbourhood` of nearby articles (the candidate stories' exemplars). Two reports of
different events of one kind share the words of their kind ("heavyweight", "title",
"Klitschko"); what tells them apart are the words the neighbourhood does not share
("Thompson", "sixth round").

Pure computation: no I/O beyond the word-frequency table of the `wordfreq` package.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsloom.analyze.entities.orgs import CORPORATE_SUFFIXES
from newsloom.model import Analysis
from newsloom.stories import weights as story_weights

# Entity labels grouped by the question they answer about an event.
ENTITY_GROUPS = {
    "PERSON": "who",
    "GPE": "where",
    "LOC": "where",
    "FAC": "where",
    "ORG": "org",
    "NORP": "org",
    "EVENT": "org",
}
GROUPS = ("who", "where", "org")
# The group of organisations, matched by their whole names (`_same_org`), not by a last word.
ORG = "org"
# Sentences that make up the lead: news puts who, what, where and when in the first two.
LEAD_SENTENCES = 2
# An entity is salient when named at least this often, or when named in the lead.
SALIENT_MENTIONS = 2
# Content words kept per text, by weight: enough for the cosine, small at a million stories.
MAX_TERMS = 64
# Lowest Zipf frequency: a word wordfreq has never seen is as rare as this.
ZIPF_CEILING = 9.0
# Floor of a term's weight, so the commonest content words still count a little.
MIN_IDF = 0.5
# Two full dates this close (days) count as the same day of news.
NEAR_DAYS = 3
# Years that can be a news event's year: guards against counts read as years.
MIN_YEAR, MAX_YEAR = 1800, 2200
# Articles whose word counts make a neighbourhood: the article being placed and its nearest
# exemplars among the candidate stories. On the ECB+ dev topics (about 22 articles, two
# events each) 20 and 40 nearest articles gave the same held-out clustering (0.904, 0.903).
NEIGHBOURS = 20
# Fewest articles in a neighbourhood for the second-order similarity to mean anything; below
# it (the first articles of a stream) the feature is 0.
MIN_CORRELATED = 5
# Texts with fewer distinct content words than SHORT_TERMS are short: headlines, a feed's
# one-line summaries, briefs. They have no lead and no second mention of anyone, so the features
# built on those say little, and the aggregators that group them group by topic more broadly
# than by one event. A pair's `shortness` mixes a model fitted on headlines into the one fitted
# on full reports, so neither kind of news bends the other's weights: 1 when the shorter text
# has HEADLINE_TERMS words or fewer, 0 from SHORT_TERMS up, in between linearly. Headlines hold
# 4 to 10 (5th-95th percentile on the aggregator dev file); a three-line earnings notice about
# 18, and is judged as a report, where leads naming two companies keep it apart.
HEADLINE_TERMS = 10
SHORT_TERMS = 16
# Fewest articles a neighbourhood's word counts are taken over. Among two articles every word
# they share has the highest count there is, and the reweighting would erase exactly what the
# pair has in common (the seeds, two reports of one visit, fell from a word contrast of 0.48 to
# 0.06 that way); a smaller neighbourhood is counted as if the articles it lacks used none of
# its words. The same floor as the second-order similarity's, for the same reason: too few
# neighbours to estimate anything from.
MIN_CONTRASTED = MIN_CORRELATED

# A sparse unit vector: (sorted uint32 word hashes, float32 weights; float64 once reweighted).
Sparse = tuple[np.ndarray, np.ndarray]

_WORD = re.compile(r"[a-z0-9]+")
# Punctuation left at a name's edges by the tagger ("qantas airways ltd>" from "<QAN.S>").
_NAME_EDGES = "<>()[],.;:'\"-"
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
_YEAR_LIKE = re.compile(r"(?:1[89]|2[01])\d\d")
_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_YEAR = re.compile(r"^(\d{4})")
# A time expression left without its year (timex value "XXXX", "XXXX-01", "XXXX-SU",
# "XXXX-08-07"): "this year", "in January", "Aug. 7" in an undated text. Such a text speaks of a
# year it never names, so the latest year it does name may not be its own. Weekdays
# ("XXXX-WXX-1") are left out: they place a day near the time of writing, not in a year.
_YEARLESS = re.compile(r"^XXXX(?:$|-(?!W))")

# Names of the pair features, in the order of `pair_features`.
FEATURES = (
    "embedding_cosine",
    "terms_cosine",
    "lead_cosine",
    "who_overlap",
    "where_overlap",
    "org_overlap",
    "who_unshared",
    "where_unshared",
    "same_latest_year",
    "different_latest_year",
    "numbers_overlap",
    "near_dates",
    "terms_contrast",
    "lead_contrast",
    "who_lead_conflict",
    "where_lead_conflict",
    "org_lead_conflict",
    "neighbour_correlation",
    "lead_names_conflict",
    "names_contrast",
    "published_apart",
    "shortness",
)
# The features the models weigh: all but `shortness`, which says how much of each model
# a pair gets (see `_probabilities`).
WEIGHED = FEATURES[:-1]


@dataclass(frozen=True)
class ArticleProfile:
    """The parts of an article that tell one event from another."""

    vector: np.ndarray  # unit-length float32 embedding
    terms: tuple[np.ndarray, np.ndarray]  # (sorted uint32 term hashes, unit-length float32 weights)
    lead: tuple[np.ndarray, np.ndarray]
    salient: dict[str, frozenset[str]]  # group -> canonical names named often or in the lead
    named: dict[str, frozenset[str]]  # group -> every canonical name
    latest_year: int | None
    days: frozenset[date]
    numbers: frozenset[str]
    published: date | None = None
    # group -> the first canonical name its lead gives (who the report is about first)
    leading: dict[str, str] = field(default_factory=dict)
    # latest_year is only a lower bound: the text also speaks of a year it does not name
    year_open: bool = False

    def to_json(self) -> str:
        """Everything but the vector and the date (stored beside it), as JSON."""
        return json.dumps(
            {
                "t": [self.terms[0].tolist(), _rounded(self.terms[1])],
                "l": [self.lead[0].tolist(), _rounded(self.lead[1])],
                "s": {g: sorted(v) for g, v in self.salient.items()},
                "n": {g: sorted(v) for g, v in self.named.items()},
                "y": self.latest_year,
                "d": sorted(d.isoformat() for d in self.days),
                "u": sorted(self.numbers),
                "f": self.leading,
                "o": self.year_open,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str, vector: np.ndarray, published: date | None) -> ArticleProfile:
        """The profile written by `to_json`, with its vector and publication date."""
        raw = json.loads(text)
        return cls(
            vector=np.asarray(vector, dtype=np.float32),
            terms=_sparse(raw["t"]),
            lead=_sparse(raw["l"]),
            salient={g: frozenset(raw["s"].get(g, ())) for g in GROUPS},
            named={g: frozenset(raw["n"].get(g, ())) for g in GROUPS},
            latest_year=raw["y"],
            days=frozenset(date.fromisoformat(d) for d in raw["d"]),
            numbers=frozenset(raw["u"]),
            published=published,
            leading=dict(raw.get("f", {})),  # absent from profiles stored before it existed
            year_open=bool(raw.get("o", False)),  # likewise
        )

    def to_bytes(self) -> bytes:
        """Everything but the vector and the date, in the stored binary form.

        A header (_PACKED), the word hashes and weights and the days as little-endian arrays,
        then the names and numbers as JSON. Weights are rounded as `to_json` rounds them, so a
        profile read back is the same whichever form it was stored in. On the profiles of
        benchmarks/assign_latency.py it reads back in under half the time of the JSON form
        (~20 µs against ~45 µs, most of which went on parsing ~170 numbers from text) and is
        about half the size (~870 bytes against ~1,600).
        """
        days = sorted(d.toordinal() for d in self.days)
        header = _PACKED.pack(
            _PACKED_VERSION,
            (self.latest_year is not None) | (_YEAR_OPEN if self.year_open else 0),
            len(self.terms[0]),
            len(self.lead[0]),
            len(days),
            self.latest_year or 0,
        )
        names = json.dumps(
            [sorted(self.salient.get(g, ())) for g in GROUPS]
            + [sorted(self.named.get(g, ())) for g in GROUPS]
            + [sorted(self.numbers), self.leading],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return b"".join(
            (
                header,
                np.asarray(self.terms[0], dtype=_U4).tobytes(),
                np.asarray(_rounded(self.terms[1]), dtype=_F4).tobytes(),
                np.asarray(self.lead[0], dtype=_U4).tobytes(),
                np.asarray(_rounded(self.lead[1]), dtype=_F4).tobytes(),
                np.asarray(days, dtype=_I4).tobytes(),
                names.encode("utf-8"),
            )
        )

    @classmethod
    def stored_lazily(
        cls, data: bytes | str, vector: np.ndarray, published: date | None
    ) -> ArticleProfile:
        """The profile as stored (see `from_stored`), decoded only when something other than its
        vector or date is first looked at.

        A story read back from the store is compared by its exemplars nearest the new article,
        picked by vector: the others are never decoded (about 20 µs each)."""
        profile = object.__new__(_LazyProfile)
        profile.__dict__.update(
            vector=np.asarray(vector, dtype=np.float32), published=published, _stored=data
        )
        return profile

    @classmethod
    def from_stored(
        cls, data: bytes | str, vector: np.ndarray, published: date | None
    ) -> ArticleProfile:
        """The profile as stored by `to_bytes`, or by `to_json` (a str: stores written before
        the binary form), with its vector and publication date."""
        if isinstance(data, str):
            return cls.from_json(data, vector, published)
        version, year_flags, n_terms, n_lead, n_days, year = _PACKED.unpack_from(data)
        if version != _PACKED_VERSION:
            raise ValueError(f"stored profile of unknown version {version}")
        # One view of all the 4-byte words, cut into its arrays (a frombuffer call costs as
        # much as the cuts and views together).
        nt, nl = n_terms, n_lead
        words = np.frombuffer(data, dtype=_U4, count=2 * (nt + nl) + n_days, offset=_PACKED.size)
        lists = json.loads(data[_PACKED.size + 4 * len(words) :].decode("utf-8"))
        groups = len(GROUPS)
        return cls(
            vector=np.asarray(vector, dtype=np.float32),
            terms=(words[:nt], words[nt : 2 * nt].view(_F4)),
            lead=(words[2 * nt : 2 * nt + nl], words[2 * nt + nl : 2 * (nt + nl)].view(_F4)),
            salient=dict(zip(GROUPS, map(frozenset, lists[:groups]), strict=True)),
            named=dict(zip(GROUPS, map(frozenset, lists[groups : 2 * groups]), strict=True)),
            latest_year=year if year_flags & _HAS_YEAR else None,
            days=frozenset(map(date.fromordinal, words[2 * (nt + nl) :].view(_I4).tolist())),
            numbers=frozenset(lists[-2]),
            published=published,
            leading=lists[-1],
            year_open=bool(year_flags & _YEAR_OPEN),
        )


class _LazyProfile(ArticleProfile):
    """An ArticleProfile made by `ArticleProfile.stored_lazily`: until decoded, its instance holds
    only the vector, the date and the stored form, so looking up any other field falls through
    to __getattr__, which decodes the stored form once and sets every field from it."""

    def __getattr__(self, name: str) -> object:
        # Dunder lookups (copy's __deepcopy__, ...) are not fields: they decode nothing.
        stored = None if name.startswith("__") else self.__dict__.get("_stored")
        if stored is None:  # decoded already, or no field: the attribute truly is missing
            raise AttributeError(name)
        self.__dict__.update(
            ArticleProfile.from_stored(stored, self.vector, self.published).__dict__
        )
        del self.__dict__["_stored"]  # only once decoded: a stored form that fails, fails again
        return getattr(self, name)


# Header of a profile's binary form: version, the year flags (whether it has a latest year,
# whether that year is open), the counts of its word hashes, lead word hashes and days, and the
# year. 12 bytes, so the arrays after it stay aligned to 4 bytes. Profiles stored before the
# open flag existed hold 0 or 1 in the flags byte and read back as closed.
_PACKED = struct.Struct("<BBHHHi")
_HAS_YEAR, _YEAR_OPEN = 1, 2
_PACKED_VERSION = 1
_U4, _F4, _I4 = np.dtype("<u4"), np.dtype("<f4"), np.dtype("<i4")


def _rounded(weights: np.ndarray) -> list[float]:
    """Word weights as stored: to 4 decimals, as the JSON form has always stored them."""
    return [round(float(w), 4) for w in weights]


def _sparse(pair: Sequence[Sequence[float]]) -> Sparse:
    return np.asarray(pair[0], dtype=np.uint32), np.asarray(pair[1], dtype=np.float32)


@lru_cache(maxsize=200_000)
def term_weight(word: str) -> float:
    """Inverse frequency of a word in general English: rare words say more about an event."""
    from wordfreq import zipf_frequency

    return max(MIN_IDF, ZIPF_CEILING - zipf_frequency(word, "en"))


def content_words(text: str) -> Counter[str]:
    """Lowercased words of a text without stop words and one-letter tokens."""
    return Counter(w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS)


def weighted_terms(words: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear tf × inverse frequency, the MAX_TERMS heaviest, unit length, sorted by hash."""
    weights = {w: (1.0 + math.log(n)) * term_weight(w) for w, n in words.items()}
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    merged: dict[int, float] = {}
    for word, weight in top:
        key = zlib.crc32(word.encode("utf-8"))
        merged[key] = merged.get(key, 0.0) + weight
    keys = np.fromiter(sorted(merged), dtype=np.uint32, count=len(merged))
    values = np.asarray([merged[int(k)] for k in keys], dtype=np.float32)
    norm = float(np.linalg.norm(values))
    return keys, (values / norm if norm else values)


def sparse_cosine(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """Dot product of two unit-length sparse vectors given as (sorted keys, weights), summed in
    float64 (the float32 products are exact there) as `sparse_cosines` sums them."""
    keys_a, keys_b = a[0], b[0]
    if not len(keys_a) or not len(keys_b):
        return 0.0
    # Where each of a's keys would sit in b's sorted keys; a hit when b has that key there.
    at = np.searchsorted(keys_b, keys_a)
    np.minimum(at, len(keys_b) - 1, out=at)
    hit = keys_b[at] == keys_a
    return float(np.dot(a[1][hit].astype(np.float64), b[1][at[hit]].astype(np.float64)))


def _lead_end(sentence_ends: Sequence[int], text_length: int) -> int:
    """Offset where the lead (the first LEAD_SENTENCES sentences) ends."""
    if not sentence_ends:
        return text_length
    return sentence_ends[min(LEAD_SENTENCES, len(sentence_ends)) - 1]


def build_profile(
    *,
    title: str | None,
    text: str,
    sentence_ends: Sequence[int],
    entities: Iterable[tuple[str, str, int]],
    timex_values: Iterable[str],
    vector: Sequence[float] | np.ndarray,
    published: date | None,
) -> ArticleProfile:
    """A profile from an article's text and analysis.

    sentence_ends are the end offsets of the text's sentences (the first LEAD_SENTENCES make
    the lead); entities are (canonical, label, start).
    """
    lead_end = _lead_end(sentence_ends, len(text))
    head = (title + "\n") if title else ""
    mentions: dict[str, Counter[str]] = {g: Counter() for g in GROUPS}
    in_lead: dict[str, set[str]] = {g: set() for g in GROUPS}
    leading: dict[str, str] = {}
    for canonical, label, start in sorted(entities, key=lambda e: e[2]):
        group = ENTITY_GROUPS.get(label)
        if group is None:
            continue
        key = canonical.casefold()
        mentions[group][key] += 1
        if start < lead_end:
            in_lead[group].add(key)
            leading.setdefault(group, key)
    years, days, year_open = [], set(), False
    for value in timex_values:
        year_open = year_open or bool(_YEARLESS.match(value))
        full = _FULL_DATE.match(value)
        if full:
            with contextlib.suppress(ValueError):
                days.add(date(int(full[1]), int(full[2]), int(full[3])))
        year = _YEAR.match(value)
        if year and MIN_YEAR <= int(year[1]) <= MAX_YEAR:
            years.append(int(year[1]))
    numbers = frozenset(n for n in _NUMBER.findall(text) if not _YEAR_LIKE.fullmatch(n))
    return ArticleProfile(
        vector=np.asarray(vector, dtype=np.float32),
        terms=weighted_terms(content_words(head + text)),
        lead=weighted_terms(content_words(head + text[:lead_end])),
        salient={
            g: frozenset(
                k for k, n in mentions[g].items() if n >= SALIENT_MENTIONS or k in in_lead[g]
            )
            for g in GROUPS
        },
        named={g: frozenset(mentions[g]) for g in GROUPS},
        latest_year=max(years) if years else None,
        days=frozenset(days),
        numbers=numbers,
        published=published,
        leading=leading,
        year_open=year_open and bool(years),
    )


class Stack(NamedTuple):
    """Several sparse vectors laid end to end, so that one numpy call handles them all."""

    keys: np.ndarray  # uint32: each vector's sorted keys, one vector after another
    weights: np.ndarray  # float32
    rows: np.ndarray  # intp: which vector each key belongs to
    offsets: np.ndarray  # intp: where each vector starts in keys, and the end (count + 1)

    @property
    def size(self) -> int:
        """Vectors stacked (some may be empty)."""
        return len(self.offsets) - 1

    def row(self, i: int) -> Sparse:
        """The i-th vector."""
        start, stop = self.offsets[i], self.offsets[i + 1]
        return self.keys[start:stop], self.weights[start:stop]

    def part(self, first: int, stop: int) -> Stack:
        """The vectors first to stop - 1, as a stack of their own."""
        start, end = self.offsets[first], self.offsets[stop]
        return Stack(
            self.keys[start:end],
            self.weights[start:end],
            self.rows[start:end] - first,
            self.offsets[first : stop + 1] - start,
        )


def stack(vectors: Sequence[Sparse]) -> Stack:
    """The sparse vectors laid end to end."""
    lengths = [len(keys) for keys, _ in vectors]
    offsets = np.zeros(len(vectors) + 1, dtype=np.intp)
    np.cumsum(lengths, out=offsets[1:])
    if not vectors:
        empty = np.zeros(0, dtype=np.intp)
        return Stack(empty.astype(np.uint32), empty.astype(np.float32), empty, offsets)
    return Stack(
        np.concatenate([keys for keys, _ in vectors]),
        np.concatenate([weights for _, weights in vectors]),
        np.repeat(np.arange(len(vectors)), lengths),
        offsets,
    )


def sparse_cosines(a: Sparse, others: Stack) -> np.ndarray:
    """`sparse_cosine` of a with each stacked vector, as float64.

    The float32 products are exact in float64 and each vector's are summed in key order by
    bincount, so a vector's cosine does not depend on what else is in the stack.
    """
    keys_a, weights_a = a
    if not len(keys_a) or not len(others.keys):
        return np.zeros(others.size)
    # Where each stacked key would sit in a's sorted keys; a hit when a has that key there.
    at = np.searchsorted(keys_a, others.keys)
    np.minimum(at, len(keys_a) - 1, out=at)
    hit = keys_a[at] == others.keys
    products = others.weights[hit] * weights_a[at[hit]].astype(np.float64)
    return np.bincount(others.rows[hit], weights=products, minlength=others.size)


class Neighbourhood:
    """How many of a group of nearby articles use each content word.

    `reweight` scales a profile's word weights by log((n + 1) / (df + 0.5)), the word's
    inverse document frequency among the n articles: words every neighbour uses (the kind of
    event, its recurring names) fade, words few of them use stand out. When every word is
    equally common there, the reweighted cosine equals the plain one.

    `shapes` serves the second-order similarity: two articles compared by how alike they are
    to each neighbour. Two reports of one event resemble the same neighbours, while a report of
    a sibling event resembles the sibling's reports instead, however close its own wording.
    """

    __slots__ = (
        "keys",
        "factors",
        "unseen",
        "vectors",
        "_memo",
        "_name_counts",
        "_size",
        "unseen_name",
    )

    def __init__(self, profiles: Sequence[ArticleProfile]) -> None:
        keys = (
            np.concatenate([p.terms[0] for p in profiles])
            if profiles
            else np.zeros(0, dtype=np.uint32)
        )
        self.keys, counts = np.unique(keys, return_counts=True)
        # Counted as if among at least MIN_CONTRASTED articles, the missing ones using none of
        # these words: what a few articles share then stays shared.
        size = max(len(profiles), MIN_CONTRASTED) + 1.0
        self._size = size
        self.unseen_name = math.log(size / 0.5)  # `name_weight` of a name none of them uses
        # How many of them name each entity (group, canonical name): `name_weight`.
        self._name_counts: Counter[tuple[str, str]] = Counter(
            (g, name) for p in profiles for g in GROUPS for name in p.named.get(g, ())
        )
        self.factors = np.maximum(np.log(size / (counts + 0.5)), 0.0).astype(np.float32)
        self.unseen = np.float32(math.log(size / 0.5))  # a word none of them uses
        # float64 from the start: the shapes are then the same to ~1e-16 whichever articles
        # they are computed with (float32 products summed by BLAS vary with the batch's size).
        self.vectors = None
        if len(profiles) >= MIN_CORRELATED:
            self.vectors = np.stack([p.vector for p in profiles]).astype(np.float64)
        # id(profile) -> (profile, its `side`); the profile is kept so its id stays valid.
        self._memo: dict[int, tuple[ArticleProfile, tuple[Sparse, Sparse, np.ndarray | None]]] = {}

    def name_weight(self, group: str, name: str) -> float:
        """A name's IDF among the articles, as words get theirs: a place every neighbour names
        (the country of a run of economic reports) weighs little, a name few of them use
        much."""
        return max(math.log(self._size / (self._name_counts[(group, name)] + 0.5)), 0.0)

    def _factors(self, keys: np.ndarray) -> np.ndarray:
        """Each key's IDF factor in the neighbourhood (float32)."""
        at = np.searchsorted(self.keys, keys)
        np.minimum(at, len(self.keys) - 1, out=at)
        return np.where(self.keys[at] == keys, self.factors[at], self.unseen)

    def reweight(self, vector: Sparse) -> Sparse:
        """The sparse vector with neighbourhood IDF applied, back to unit length (float64
        weights; the same as `reweight_all` gives it to ~1e-16)."""
        keys, weights = vector
        if not len(keys) or not len(self.keys):
            return vector
        scaled = (weights * self._factors(keys)).astype(np.float64)
        norm = math.sqrt(float(np.dot(scaled, scaled)))
        return keys, (scaled / norm if norm else scaled)

    def reweight_all(self, vectors: Stack) -> Stack:
        """Each stacked vector with neighbourhood IDF applied, back to unit length (float64
        weights)."""
        if not len(vectors.keys) or not len(self.keys):
            return vectors
        scaled = (vectors.weights * self._factors(vectors.keys)).astype(np.float64)
        norms = np.sqrt(np.bincount(vectors.rows, weights=scaled * scaled, minlength=vectors.size))
        return vectors._replace(weights=scaled / np.where(norms > 0.0, norms, 1.0)[vectors.rows])

    def shape(self, vector: np.ndarray) -> np.ndarray | None:
        """The embedding's column of `shapes`, computed alone (the same to ~1e-16)."""
        shapes = self.shapes(vector.astype(np.float64)[None, :])
        return None if shapes is None else shapes[:, 0]

    def shapes(self, vectors: np.ndarray) -> np.ndarray | None:
        """For each row of vectors (float64 unit embeddings), its cosines with the neighbours,
        centred and unit length, as columns (None in a neighbourhood of fewer than
        MIN_CORRELATED articles). The dot product of two columns is the Pearson correlation of
        the two articles' similarities to the neighbours."""
        if self.vectors is None:
            return None
        sims = self.vectors @ vectors.T
        sims -= sims.mean(axis=0)
        norms = np.sqrt((sims * sims).sum(axis=0))
        shaped: np.ndarray = sims / np.where(norms > 0.0, norms, 1.0)
        return shaped

    def side(self, profile: ArticleProfile) -> tuple[Sparse, Sparse, np.ndarray | None]:
        """The profile's terms and lead reweighted, and its `shape` (memoised, for one pair
        at a time: a per-pair scorer meets one article in several pairs)."""
        hit = self._memo.get(id(profile))
        if hit is None or hit[0] is not profile:
            terms, lead = self.reweight(profile.terms), self.reweight(profile.lead)
            hit = self._memo[id(profile)] = (profile, (terms, lead, self.shape(profile.vector)))
        return hit[1]


def names_contrast(a: ArticleProfile, b: ArticleProfile, near: Neighbourhood | None) -> float:
    """The share of the two articles' salient names (of every group) that both name, each
    shared name counted by its `Neighbourhood.name_weight` relative to a name no neighbour
    uses (the plain Jaccard without a neighbourhood).

    The overlap features count a shared name whatever it is; this one counts what the two
    share that their neighbours do not: two of a country's data releases share the country, as
    do all the reports around them, while two reports of one event share the names that set
    it apart.
    """
    shared = union = 0
    weight = 0.0
    for group in GROUPS:
        x, y = a.salient[group], b.salient[group]
        union += len(x | y)
        for name in x & y:
            shared += 1
            weight += 1.0 if near is None else near.name_weight(group, name) / near.unseen_name
    return weight / union if union else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def _unshared(a: ArticleProfile, b: ArticleProfile, group: str) -> float:
    """Largest share of one article's salient names that the other never mentions."""
    shares = []
    for x, y in ((a, b), (b, a)):
        salient = x.salient[group]
        if salient:
            shares.append(len(salient - y.named[group]) / len(salient))
    return max(shares) if shares else 0.0


@lru_cache(maxsize=100_000)
def _last_word(name: str) -> str:
    """The word a name is matched by: its last, after any corporate suffix ("Chrysler Corp" is
    matched by "chrysler", not by the "corp" every company shares) and stray punctuation."""
    words = name.split()
    while len(words) > 1 and words[-1].strip(_NAME_EDGES) in CORPORATE_SUFFIXES:
        words.pop()
    if not words:
        return name
    return words[-1].strip(_NAME_EDGES) or words[-1]


@lru_cache(maxsize=100_000)
def _org_words(name: str) -> tuple[str, ...]:
    """An organisation's name as words, without a leading "the", corporate suffixes or stray
    punctuation."""
    words = [w.strip(_NAME_EDGES) for w in name.split()]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return tuple(words)


def _same_org(x: str, y: str) -> bool:
    """Whether two organisation names can name one body: the words of one run unbroken inside
    the other's ("Chrysler" and "Chrysler Corp", "Commerce Department" and "U.S. Commerce
    Department"). A shared last word is not enough, as it is for people: "Fund", "Bank" and
    "Department" end the names of many bodies."""
    a, b, longer = _org_words(x), _org_words(y), y
    if len(a) > len(b):
        a, b, longer = b, a, x
    if not a:
        return False
    if len(a) == 1 and len(b) > 1 and a[0].replace(".", "") in _initials(longer):
        return True  # "AMC" and "American Motors Corp", "EU" and "the European Union"
    return any(b[i : i + len(a)] == a for i in range(len(b) - len(a) + 1))


@lru_cache(maxsize=100_000)
def _initials(name: str) -> tuple[str, str]:
    """A name's initials with and without its corporate suffixes."""
    full = [w for w in name.split() if w != "the" and w.strip(_NAME_EDGES)]
    return "".join(w[0] for w in full), "".join(w[0] for w in _org_words(name))


def _names_org(named: frozenset[str], name: str) -> bool:
    """Whether one of these organisation names can name the same body as name."""
    return name in named or any(_same_org(name, n) for n in named)


def mentions(profile: ArticleProfile, group: str, name: str) -> bool:
    """Whether the article names this entity: in full; an organisation by its name's words
    within another (`_same_org`), anyone else by the last word of the name."""
    named = profile.named[group]
    if group == ORG:
        return _names_org(named, name)
    if name in named:
        return True
    last = _last_word(name)
    return any(n == last or _last_word(n) == last for n in named)


def lead_conflict(a: ArticleProfile, b: ArticleProfile, group: str) -> float:
    """1 when each lead starts with a name of the group that the other article never names.

    Two reports of one arrest name the arrested player first; a report of another player's
    arrest names someone the first never mentions, and the other way round.
    """
    first_a, first_b = a.leading.get(group), b.leading.get(group)
    if not first_a or not first_b:
        return 0.0
    return float(not mentions(b, group, first_a) and not mentions(a, group, first_b))


def _name_ends(profile: ArticleProfile) -> frozenset[str]:
    """The last words of every name the article gives, whatever its group."""
    return frozenset(_last_word(name) for group in GROUPS for name in profile.named[group])


def _first_name_ends(profile: ArticleProfile) -> frozenset[str]:
    """The last words of the names its lead gives first, one per group."""
    return frozenset(_last_word(name) for name in profile.leading.values() if name)


def _names_conflict(
    firsts_a: frozenset[str],
    ends_a: frozenset[str],
    firsts_b: frozenset[str],
    ends_b: frozenset[str],
) -> float:
    """`lead_names_conflict` from each side's `_first_name_ends` and `_name_ends`."""
    if not firsts_a or not firsts_b:
        return 0.0
    return float(firsts_a.isdisjoint(ends_b) and firsts_b.isdisjoint(ends_a))


def lead_names_conflict(a: ArticleProfile, b: ArticleProfile) -> float:
    """1 when neither article names, in any group, any of the names the other's lead gives first.

    `lead_conflict` asks this within one group of names, where the tagger's labels must agree;
    this asks it across groups, so a company tagged as a person in one report and as an
    organisation in another still matches by name. Two routine notices of different companies
    ("Acme Widget Corp ... quarter net") name nothing of each other's, while their words and
    embeddings read alike. A name is matched by its last word, as `mentions` matches it.
    """
    return _names_conflict(_first_name_ends(a), _name_ends(a), _first_name_ends(b), _name_ends(b))


# Where each feature sits in a row of `pair_feature_rows`.
_COLUMN = {name: i for i, name in enumerate(FEATURES)}
# The features read off the two profiles' names, years, dates and numbers, in `_fact_rows` order.
_FACT_COLUMNS = [
    _COLUMN[name]
    for name in (
        "who_overlap",
        "where_overlap",
        "org_overlap",
        "who_unshared",
        "where_unshared",
        "same_latest_year",
        "different_latest_year",
        "numbers_overlap",
        "near_dates",
        "who_lead_conflict",
        "where_lead_conflict",
        "org_lead_conflict",
        "lead_names_conflict",
        "published_apart",
    )
]


def _year_agreement(a: ArticleProfile, b: ArticleProfile) -> tuple[float, float]:
    """(same latest year, different latest year) of a pair: 0 and 0 when either year is
    unknown, and when the earlier of the two is only a lower bound (`year_open`), since the
    text that names it also speaks of a later year it does not name."""
    if a.latest_year is None or b.latest_year is None:
        return 0.0, 0.0
    if a.latest_year == b.latest_year:
        return 1.0, 0.0
    earlier = a if a.latest_year < b.latest_year else b
    return 0.0, 0.0 if earlier.year_open else 1.0


def _fact_rows(a: ArticleProfile, others: Sequence[ArticleProfile]) -> list[tuple[float, ...]]:
    """For a paired with each of others, the features from names, years, dates and numbers, as
    `_FACT_COLUMNS` lists them: the values of `_jaccard`, `_unshared` and `lead_conflict`, with
    a's side of each looked at once."""
    who_a, where_a, org_a = a.salient["who"], a.salient["where"], a.salient["org"]
    leads_a = _leads(a)
    firsts_a, ends_a = _first_name_ends(a), _name_ends(a)
    rows = []
    for b in others:
        same_year, different_year = _year_agreement(a, b)
        close = 0.0
        if a.days and b.days:
            close = float(min(abs((x - y).days) for x in a.days for y in b.days) <= NEAR_DAYS)
        rows.append(
            (
                _jaccard(who_a, b.salient["who"]),
                _jaccard(where_a, b.salient["where"]),
                _jaccard(org_a, b.salient["org"]),
                _unshared(a, b, "who"),
                _unshared(a, b, "where"),
                same_year,
                different_year,
                _jaccard(a.numbers, b.numbers),
                close,
                *_lead_conflicts(a, leads_a, b),
                _names_conflict(firsts_a, ends_a, _first_name_ends(b), _name_ends(b)),
                published_apart(a, b),
            )
        )
    return rows


def published_apart(a: ArticleProfile, b: ArticleProfile) -> float:
    """1 when both articles carry a publication date and the dates differ, else 0.

    Weighed by the short-text model only (`fit.SHORT_ONLY`): the aggregator's headline stories
    each lie within a day, so a headline of another day is likely another story, while a
    developing story's reports run over days. An undated article (ECB+, a plain file) gives
    0, as when the dates agree; the estimate made from an undated text is not used, since it
    may be only a guess at the day. A headline story that does run over days still takes
    another day's headline by its centroid (`CentroidModel`), which the day does not enter."""
    if a.published is None or b.published is None:
        return 0.0
    return float(a.published != b.published)


# One group's first name in a lead, taken apart for `mentions`: (group's position in GROUPS,
# group, name, its last word, the last words of all the article's names of the group).
_Lead = tuple[int, str, str, str, frozenset[str]]


def _leads(profile: ArticleProfile) -> list[_Lead]:
    """The first name of each group the profile's lead names, taken apart once."""
    leads = []
    for i, group in enumerate(GROUPS):
        if first := profile.leading.get(group):
            last = _last_word(first)
            leads.append(
                (
                    i,
                    group,
                    first,
                    last,
                    frozenset(map(_last_word, profile.named[group])),
                )
            )
    return leads


def _lead_conflicts(a: ArticleProfile, leads_a: list[_Lead], b: ArticleProfile) -> list[float]:
    """`lead_conflict` of a and b for each group of GROUPS (leads_a: `_leads(a)`).

    `mentions(a, group, name)` is a lookup in the last words of a's names; `mentions(b, group,
    first_a)` holds when b names first_a, or its last word, or a name with that last word.
    """
    conflicts = [0.0] * len(GROUPS)
    for i, group, first_a, last_a, last_words_a in leads_a:
        first_b = b.leading.get(group)
        if first_b and group == ORG:
            conflicts[i] = float(
                not _names_org(b.named[group], first_a) and not _names_org(a.named[group], first_b)
            )
        elif first_b and first_b not in a.named[group] and _last_word(first_b) not in last_words_a:
            named_b = b.named[group]
            conflicts[i] = float(
                first_a not in named_b
                and last_a not in named_b
                and not any(_last_word(n) == last_a for n in named_b)
            )
    return conflicts


def pair_feature_rows(
    a: ArticleProfile, others: Sequence[ArticleProfile], near: Neighbourhood | None = None
) -> np.ndarray:
    """The FEATURES of a paired with each of others, one row per pair (float64).

    near is the neighbourhood the pairs are judged in; without one the contrast features equal
    the plain word cosines (a neighbourhood where every word is equally common). The numeric
    features are computed for all pairs at once: a matrix product for the embeddings and one
    for the neighbour correlations, one reweighting of every word vector, one bincount per kind
    of word cosine. A row does not depend on what else is in the batch beyond float64 rounding
    (~1e-16).
    """
    n = len(others)
    rows = np.zeros((n, len(FEATURES)))
    if not n:
        return rows
    # Row 0 is a. In float64, how many rows BLAS is given moves a row by ~1e-16 at most.
    vectors = np.stack([a.vector, *(b.vector for b in others)]).astype(np.float64)
    rows[:, _COLUMN["embedding_cosine"]] = vectors[1:] @ vectors[0]
    # a's terms and lead, then the others' terms, then their leads: reweighted in one call.
    words = stack([a.terms, a.lead, *(b.terms for b in others), *(b.lead for b in others)])
    terms, lead = _word_cosines(words, n)
    rows[:, _COLUMN["terms_cosine"]], rows[:, _COLUMN["lead_cosine"]] = terms, lead
    if near is None:
        rows[:, _COLUMN["terms_contrast"]], rows[:, _COLUMN["lead_contrast"]] = terms, lead
    else:
        terms, lead = _word_cosines(near.reweight_all(words), n)
        rows[:, _COLUMN["terms_contrast"]], rows[:, _COLUMN["lead_contrast"]] = terms, lead
        shapes = near.shapes(vectors)
        if shapes is not None:
            rows[:, _COLUMN["neighbour_correlation"]] = (shapes[:, 1:] * shapes[:, :1]).sum(axis=0)
    rows[:, _FACT_COLUMNS] = _fact_rows(a, others)
    rows[:, _COLUMN["names_contrast"]] = [names_contrast(a, b, near) for b in others]
    rows[:, _COLUMN["shortness"]] = [_shortness(a, b) for b in others]
    return rows


def shortness(profile: ArticleProfile) -> float:
    """How short an article's text is: 0 from SHORT_TERMS content words up, 1 at HEADLINE_TERMS
    and under."""
    words = len(profile.terms[0])
    return min(1.0, max(0.0, (SHORT_TERMS - words) / (SHORT_TERMS - HEADLINE_TERMS)))


def _shortness(a: ArticleProfile, b: ArticleProfile) -> float:
    """How short the shorter of two texts is (`shortness`)."""
    return max(shortness(a), shortness(b))


def _word_cosines(words: Stack, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The terms cosines and the lead cosines of a with n others, from a stack of a's terms,
    a's lead, the others' terms and the others' leads."""
    return (
        sparse_cosines(words.row(0), words.part(2, 2 + n)),
        sparse_cosines(words.row(1), words.part(2 + n, 2 + 2 * n)),
    )


def pair_features(
    a: ArticleProfile, b: ArticleProfile, near: Neighbourhood | None = None
) -> np.ndarray:
    """The FEATURES of a pair of articles, as a float array: the row `pair_feature_rows` gives
    for the pair (to ~1e-16, the order float64 sums are taken in).

    Computed for the one pair, with what the neighbourhood makes of each article memoised in
    it (`Neighbourhood.side`), so that per-pair scorers cost what they did before batching
    (within 10%); `pair_feature_rows` called for one pair at a time costs about twice that.
    """
    f = np.zeros(len(FEATURES))
    f[_COLUMN["embedding_cosine"]] = np.dot(
        a.vector.astype(np.float64), b.vector.astype(np.float64)
    )
    terms, lead = sparse_cosine(a.terms, b.terms), sparse_cosine(a.lead, b.lead)
    f[_COLUMN["terms_cosine"]], f[_COLUMN["lead_cosine"]] = terms, lead
    if near is None:
        f[_COLUMN["terms_contrast"]], f[_COLUMN["lead_contrast"]] = terms, lead
    else:
        (terms_a, lead_a, shape_a), (terms_b, lead_b, shape_b) = near.side(a), near.side(b)
        f[_COLUMN["terms_contrast"]] = sparse_cosine(terms_a, terms_b)
        f[_COLUMN["lead_contrast"]] = sparse_cosine(lead_a, lead_b)
        if shape_a is not None and shape_b is not None:
            f[_COLUMN["neighbour_correlation"]] = np.dot(shape_a, shape_b)
    f[_FACT_COLUMNS] = _fact_rows(a, (b,))[0]
    f[_COLUMN["names_contrast"]] = names_contrast(a, b, near)
    f[_COLUMN["shortness"]] = _shortness(a, b)
    return f


if story_weights.FEATURES != WEIGHED:
    raise ImportError(
        "stories/weights.py was fitted for other features: "
        "rerun python -m newsloom.stories.fit --write"
    )
_PLAIN_BIAS = float(story_weights.PLAIN_BIAS)
_PLAIN = np.asarray(story_weights.PLAIN, dtype=np.float64)
_GATE = math.log(story_weights.GATE / (1.0 - story_weights.GATE))  # as log-odds
_BIAS = float(story_weights.BIAS)
_LINEAR = np.asarray(story_weights.LINEAR, dtype=np.float64)
_QUADRATIC = np.asarray(story_weights.QUADRATIC, dtype=np.float64)
_SHORT_BIAS = float(story_weights.SHORT_BIAS)
_SHORT = np.asarray(story_weights.SHORT, dtype=np.float64)
_SHORTNESS = _COLUMN["shortness"]


@dataclass(frozen=True)
class CentroidModel:
    """Probability that a short text belongs to a story, from its cosine with the story's
    centroid: a logistic curve, SLOPE * (cosine - MIDPOINT) in log-odds.

    A headline shares few words with any one other headline of its story, but the mean of a
    story's embeddings stands for what all of them say; the assigner lets a short article join
    by this when its pairs fall short (`StoryAssigner`). Fitted by `fit_sources.centroid_fit`
    on the headline file's tune half.
    """

    slope: float
    midpoint: float

    def probability(self, cosine: float) -> float:
        """P(same story) at this cosine with the story's centroid."""
        z = self.slope * (cosine - self.midpoint)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


SHIPPED_CENTROID = CentroidModel(
    float(story_weights.CENTROID_SLOPE), float(story_weights.CENTROID_MIDPOINT)
)


def pair_probabilities(
    a: ArticleProfile, others: Sequence[ArticleProfile], near: Neighbourhood | None = None
) -> np.ndarray:
    """`pair_probability` of a with each of others, computed together (float64 array).

    One pair at a time, a pair costs 120-180 µs of CPU on the busy 2-core development host,
    mostly numpy's overhead per call on arrays of a few dozen elements; the ~30 pairs of an
    article with its candidates' exemplars, scored at once, cost 30-40 µs each.
    """
    return _probabilities(pair_feature_rows(a, others, near))


def _probabilities(f: np.ndarray) -> np.ndarray:
    """`pair_probability`'s models over rows of features: the report model's log-odds and the
    short-text model's, mixed by the pair's shortness."""
    w = f[:, : len(WEIGHED)]
    z = _PLAIN_BIAS + w @ _PLAIN
    gated = z >= _GATE
    if gated.any():
        g = w[gated]
        z[gated] = np.minimum(z[gated], _BIAS + g @ _LINEAR + ((g @ _QUADRATIC) * g).sum(axis=1))
    short = f[:, _SHORTNESS]
    if short.any():
        z = (1.0 - short) * z + short * (_SHORT_BIAS + w @ _SHORT)
    out = np.zeros(len(z))
    alive = z > -50
    out[alive] = 1.0 / (1.0 + np.exp(-z[alive]))
    return out


def pair_probability(
    a: ArticleProfile, b: ArticleProfile, near: Neighbourhood | None = None
) -> float:
    """Probability that two articles report the same event.

    The report model: two logistic models (story_weights.py), fitted on the pairs of the ECB+
    dev articles (topics 1-35; pairs across topics weigh 0.03), the same pairs judged alone, and
    hard negatives, near pairs of Reuters notices of different companies, by
    `python -m newsloom.stories.fit --write`. The plain one is over the features. A pair it
    leaves in play (at least GATE) gets a second opinion from a model over the features and
    their products, where a feature's say depends on the others (a shared place counts for less
    where the whole neighbourhood reads alike), and the lower of the two stands: the second
    model can veto a join, never force one, because products fitted on ECB+ extrapolate badly
    on other news (docs/clustering.md).

    The short-text model: a logistic model over the same features, fitted on headline pairs
    of a news aggregator's stories (the tune half) and the same hard negatives. A pair's
    log-odds are the two models' mixed by its `shortness`: two full reports get the report
    model alone, two headlines mostly the short-text one.
    """
    return float(_probabilities(pair_features(a, b, near)[None, :])[0])


def profile_from_analysis(
    title: str | None, text: str, analysis: Analysis, published: date | None
) -> ArticleProfile:
    """The profile of an analysed article (offsets of analysis are into text)."""
    return build_profile(
        title=title,
        text=text,
        sentence_ends=[s.end for s in analysis.sentences],
        entities=[(e.canonical, e.label, e.start) for e in analysis.entities],
        timex_values=[t.value for t in analysis.timexes],
        vector=analysis.embedding,
        published=published,
    )
