"""What the story assigner keeps of one article, and how alike two articles are.

An `ArticleProfile` is a compact summary of an analysed article: its embedding, its weighted
content words (whole text and lead), the people, places and organisations it is about (and
which of them its lead names first), the latest year and the full dates it names, and the
numbers in it. `pair_probability` turns the comparison of two profiles into the probability
that both report the same event, with logistic models over the features (and, for the pairs
in play, their products) whose weights (story_weights.py) were fitted on pairs of ECB+ dev
articles (see benchmarks/fit_story_scorer.py and docs/clustering.md).

Words are weighed twice: by their rarity in general English, and by their rarity in a
`Neighbourhood` of nearby articles (the candidate stories' exemplars). Two reports of
different events of one kind share the words of their kind ("heavyweight", "title",
"Klitschko"); what tells them apart are the words the neighbourhood does not share
("Thompson", "sixth round").

Pure computation: no I/O beyond the word-frequency table of the `wordfreq` package.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsloom import story_weights
from newsloom.model import Analysis

# Entity labels grouped by the question they answer about an event.
ENTITY_GROUPS = {
    "PERSON": "who",
    "GPE": "where", "LOC": "where", "FAC": "where",
    "ORG": "org", "NORP": "org", "EVENT": "org",
}
GROUPS = ("who", "where", "org")
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

# A sparse unit vector: (sorted uint32 word hashes, float32 weights).
Sparse = tuple[np.ndarray, np.ndarray]

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
_YEAR_LIKE = re.compile(r"(?:1[89]|2[01])\d\d")
_FULL_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_YEAR = re.compile(r"^(\d{4})")

# Names of the pair features, in the order of `pair_features`.
FEATURES = (
    "embedding_cosine", "terms_cosine", "lead_cosine",
    "who_overlap", "where_overlap", "org_overlap",
    "who_unshared", "where_unshared",
    "same_latest_year", "different_latest_year",
    "numbers_overlap", "near_dates",
    "terms_contrast", "lead_contrast",
    "who_lead_conflict", "where_lead_conflict", "org_lead_conflict",
    "neighbour_correlation",
)


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

    def to_json(self) -> str:
        """Everything but the vector and the date (stored beside it), as JSON."""
        return json.dumps({
            "t": [self.terms[0].tolist(), [round(float(w), 4) for w in self.terms[1]]],
            "l": [self.lead[0].tolist(), [round(float(w), 4) for w in self.lead[1]]],
            "s": {g: sorted(v) for g, v in self.salient.items()},
            "n": {g: sorted(v) for g, v in self.named.items()},
            "y": self.latest_year,
            "d": sorted(d.isoformat() for d in self.days),
            "u": sorted(self.numbers),
            "f": self.leading,
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, vector: np.ndarray, published: date | None) -> ArticleProfile:
        """The profile written by `to_json`, with its vector and publication date."""
        raw = json.loads(text)
        return cls(
            vector=np.asarray(vector, dtype=np.float32),
            terms=_sparse(raw["t"]), lead=_sparse(raw["l"]),
            salient={g: frozenset(raw["s"].get(g, ())) for g in GROUPS},
            named={g: frozenset(raw["n"].get(g, ())) for g in GROUPS},
            latest_year=raw["y"], days=frozenset(date.fromisoformat(d) for d in raw["d"]),
            numbers=frozenset(raw["u"]), published=published,
            leading=dict(raw.get("f", {})),  # absent from profiles stored before it existed
        )


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
    """Dot product of two unit-length sparse vectors given as (sorted keys, weights)."""
    keys_a, keys_b = a[0], b[0]
    if not len(keys_a) or not len(keys_b):
        return 0.0
    # Where each of a's keys would sit in b's sorted keys; a hit when b has that key there.
    at = np.searchsorted(keys_b, keys_a)
    at[at == len(keys_b)] = 0
    hit = keys_b[at] == keys_a
    return float(np.dot(a[1][hit], b[1][at[hit]]))


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
    years, days = [], set()
    for value in timex_values:
        full = _FULL_DATE.match(value)
        if full:
            try:
                days.add(date(int(full[1]), int(full[2]), int(full[3])))
            except ValueError:
                pass
        year = _YEAR.match(value)
        if year and MIN_YEAR <= int(year[1]) <= MAX_YEAR:
            years.append(int(year[1]))
    numbers = frozenset(n for n in _NUMBER.findall(text) if not _YEAR_LIKE.fullmatch(n))
    return ArticleProfile(
        vector=np.asarray(vector, dtype=np.float32),
        terms=weighted_terms(content_words(head + text)),
        lead=weighted_terms(content_words(head + text[:lead_end])),
        salient={
            g: frozenset(k for k, n in mentions[g].items() if n >= SALIENT_MENTIONS or k in in_lead[g])
            for g in GROUPS
        },
        named={g: frozenset(mentions[g]) for g in GROUPS},
        latest_year=max(years) if years else None,
        days=frozenset(days),
        numbers=numbers,
        published=published,
        leading=leading,
    )


class Neighbourhood:
    """How many of a group of nearby articles use each content word.

    `reweight` scales a profile's word weights by log((n + 1) / (df + 0.5)), the word's
    inverse document frequency among the n articles: words every neighbour uses (the kind of
    event, its recurring names) fade, words few of them use stand out. When every word is
    equally common there, the reweighted cosine equals the plain one.

    `correlation` compares two articles by how alike they are to each neighbour (second-order
    similarity): two reports of one event resemble the same neighbours, while a report of a
    sibling event resembles the sibling's reports instead, however close its own wording.
    """

    __slots__ = ("keys", "factors", "unseen", "vectors", "_memo")

    def __init__(self, profiles: Sequence[ArticleProfile]) -> None:
        keys = np.concatenate([p.terms[0] for p in profiles]) if profiles else np.zeros(0, dtype=np.uint32)
        self.keys, counts = np.unique(keys, return_counts=True)
        size = len(profiles) + 1.0
        self.factors = np.maximum(np.log(size / (counts + 0.5)), 0.0).astype(np.float32)
        self.unseen = np.float32(math.log(size / 0.5))  # a word none of them uses
        self.vectors = np.stack([p.vector for p in profiles]) if len(profiles) >= MIN_CORRELATED else None
        # id(profile) -> (profile, reweighted terms, reweighted lead, similarity to each
        # neighbour, centred and unit length): one profile is compared with several others in
        # one neighbourhood. The profile is kept so its id stays valid.
        self._memo: dict[int, tuple[ArticleProfile, Sparse, Sparse, np.ndarray | None]] = {}

    def reweight(self, vector: Sparse) -> Sparse:
        """The sparse vector with neighbourhood IDF applied, back to unit length."""
        keys, weights = vector
        if not len(keys) or not len(self.keys):
            return vector
        at = np.searchsorted(self.keys, keys)
        np.minimum(at, len(self.keys) - 1, out=at)
        scaled = weights * np.where(self.keys[at] == keys, self.factors[at], self.unseen)
        norm = math.sqrt(float(np.dot(scaled, scaled)))
        return keys, (scaled / norm if norm else scaled)

    def _entry(self, profile: ArticleProfile) -> tuple[ArticleProfile, Sparse, Sparse, np.ndarray | None]:
        hit = self._memo.get(id(profile))
        if hit is None or hit[0] is not profile:
            shape = None
            if self.vectors is not None:
                sims = self.vectors @ profile.vector
                sims = sims - sims.mean()
                norm = math.sqrt(float(np.dot(sims, sims)))
                shape = sims / norm if norm else sims
            terms, lead = self.reweight(profile.terms), self.reweight(profile.lead)
            hit = self._memo[id(profile)] = (profile, terms, lead, shape)
        return hit

    def profile(self, profile: ArticleProfile) -> tuple[Sparse, Sparse]:
        """The profile's (terms, lead), reweighted (memoised)."""
        entry = self._entry(profile)
        return entry[1], entry[2]

    def correlation(self, a: ArticleProfile, b: ArticleProfile) -> float:
        """Pearson correlation of the two articles' embedding cosines with each neighbour
        (0 in a neighbourhood of fewer than MIN_CORRELATED articles)."""
        shape_a, shape_b = self._entry(a)[3], self._entry(b)[3]
        return 0.0 if shape_a is None or shape_b is None else float(np.dot(shape_a, shape_b))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _unshared(a: ArticleProfile, b: ArticleProfile, group: str) -> float:
    """Largest share of one article's salient names that the other never mentions."""
    shares = []
    for x, y in ((a, b), (b, a)):
        salient = x.salient[group]
        if salient:
            shares.append(len(salient - y.named[group]) / len(salient))
    return max(shares) if shares else 0.0


def _last_word(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def mentions(profile: ArticleProfile, group: str, name: str) -> bool:
    """Whether the article names this entity, in full or by the last word of its name."""
    named = profile.named[group]
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


def pair_features(a: ArticleProfile, b: ArticleProfile, near: Neighbourhood | None = None) -> np.ndarray:
    """The FEATURES of a pair of articles, as a float array.

    near is the neighbourhood the pair is judged in; without one the contrast features equal
    the plain word cosines (a neighbourhood where every word is equally common).
    """
    same_year = different_year = 0.0
    if a.latest_year is not None and b.latest_year is not None:
        same_year = float(a.latest_year == b.latest_year)
        different_year = 1.0 - same_year
    close = 0.0
    if a.days and b.days:
        close = float(min(abs((x - y).days) for x in a.days for y in b.days) <= NEAR_DAYS)
    terms = sparse_cosine(a.terms, b.terms)
    lead = sparse_cosine(a.lead, b.lead)
    correlation = 0.0
    if near is None:
        terms_contrast, lead_contrast = terms, lead
    else:
        (terms_a, lead_a), (terms_b, lead_b) = near.profile(a), near.profile(b)
        terms_contrast, lead_contrast = sparse_cosine(terms_a, terms_b), sparse_cosine(lead_a, lead_b)
        correlation = near.correlation(a, b)
    return np.array([
        float(np.dot(a.vector, b.vector)),
        terms,
        lead,
        _jaccard(a.salient["who"], b.salient["who"]),
        _jaccard(a.salient["where"], b.salient["where"]),
        _jaccard(a.salient["org"], b.salient["org"]),
        _unshared(a, b, "who"),
        _unshared(a, b, "where"),
        same_year,
        different_year,
        _jaccard(a.numbers, b.numbers),
        close,
        terms_contrast,
        lead_contrast,
        lead_conflict(a, b, "who"),
        lead_conflict(a, b, "where"),
        lead_conflict(a, b, "org"),
        correlation,
    ], dtype=np.float64)


if story_weights.FEATURES != FEATURES:
    raise ImportError("story_weights.py was fitted for other features: rerun benchmarks/fit_story_scorer.py --write")
_PLAIN_BIAS = float(story_weights.PLAIN_BIAS)
_PLAIN = np.asarray(story_weights.PLAIN, dtype=np.float64)
_GATE = math.log(story_weights.GATE / (1.0 - story_weights.GATE))  # as log-odds
_BIAS = float(story_weights.BIAS)
_LINEAR = np.asarray(story_weights.LINEAR, dtype=np.float64)
_QUADRATIC = np.asarray(story_weights.QUADRATIC, dtype=np.float64)


def pair_probability(a: ArticleProfile, b: ArticleProfile, near: Neighbourhood | None = None) -> float:
    """Probability that two articles report the same event.

    Two logistic models (story_weights.py), fitted on the pairs of the ECB+ dev articles (topics
    1-35; pairs across topics weigh 0.3) by `python benchmarks/fit_story_scorer.py --write`. The
    plain one is over the features. A pair it leaves in play (at least GATE) gets a second
    opinion from a model over the features and their products, where a feature's say depends on
    the others (a shared place counts for less where the whole neighbourhood reads alike), and
    the lower of the two stands: the second model can veto a join, never force one, because
    products fitted on ECB+ extrapolate badly on other news (docs/clustering.md).
    """
    f = pair_features(a, b, near)
    z = _PLAIN_BIAS + float(f @ _PLAIN)
    if z >= _GATE:
        z = min(z, _BIAS + float(f @ _LINEAR) + float(f @ _QUADRATIC @ f))
    return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


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
