"""Extractive multi-document summaries: the corroborated main facts of one story in N words.

Every sentence of every report is a candidate unless it is a fragment, a question, a quote
or page chrome. A candidate scores for how central it is to the cluster (cosine to the
cluster's mean sentence vector), how many *other* outlets carry a near-paraphrase of it
(corroboration), where it sits in its report (news leads carry the who/what/when), and how
much of the cluster's shared vocabulary and salient entities it holds. Sentences are then
taken greedily, MMR-style: each pick must add words the summary does not have yet and must
not paraphrase a sentence already taken, until the word budget is spent.

Trimming datelines and glued headers off a sentence, deciding whether it may stand alone, and
cutting one to headline size live in `newsloom.brief.summary_sentences`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsloom.brief.summary_sentences import (
    HEADLINE_MIN_WORDS,
    MIN_SENTENCE_WORDS,
    STOP_WORDS,
    hard_wrapped,
    inside_quotation,
    is_eligible,
    shorten_to_headline,
    trim_span,
)
from newsloom.errors import NewsloomError
from newsloom.ingest.clean import clean_article
from newsloom.ingest.sources import read_paths
from newsloom.model import Analysis, Article, Quantity, SentenceEmbedder, Skipped, Timex

if TYPE_CHECKING:
    from newsloom.analyze.analyzer import Analyzer

__all__ = ["Summary", "SummarySentence", "summarize_articles", "summarize_paths"]

# Default budget: the DUC multi-document task's 100-word summaries.
DEFAULT_WORDS = 100
# Sentences shorter still than MIN_SENTENCE_WORDS are not even embedded: they neither stand in
# a summary nor show what others carry.
MIN_SUPPORT_WORDS = 4
# Sentences read per article: the facts are near the top, and a long feature must stay cheap.
MAX_SENTENCES_PER_ARTICLE = 60
# Two sentences this close in MiniLM space say the same thing: the later one is never taken.
REDUNDANT_SIMILARITY = 0.8
# Another report "contains" a sentence when one of its sentences is at least this close.
# Measured with the int8 MiniLM: reworded reports of one fact score 0.57-0.7 (tests' bridge
# reports), different facts of one story 0.0-0.4; lower thresholds cost 2 ROUGE-1 points on the
# dev clusters because every on-topic sentence then looks corroborated.
SUPPORT_SIMILARITY = 0.6
# Between this and SUPPORT_SIMILARITY a report gives partial support, so nothing jumps at one cut.
SUPPORT_FLOOR = 0.45
# An article copies an earlier one when this share of its sentences has a near-exact twin there.
COPY_SENTENCE_SHARE = 0.8
# "Near-exact twin": cosine of re-punctuated or lightly edited copies of one sentence.
COPY_SIMILARITY = 0.95
# Later sentences get no lead bonus: the inverted pyramid puts the main facts first.
LEAD_SENTENCES = 5
# A word or word pair is a shared "concept" when this many independent outlets use it;
# what one outlet alone says is its angle or its colour, not the story's facts.
MIN_CONCEPT_OUTLETS = 2
# Weights of the sentence score's parts (each part lies in [0, 1]). Centrality, corroboration
# and coverage of shared concepts do most of the work; position and salient names break ties.
# Round values, checked on the dev clusters (docs/summaries.md): within +-0.5 of these the
# dev ROUGE-1 moves by about one point, which is noise at nine clusters.
WEIGHT_CENTRALITY = 1.0
WEIGHT_CORROBORATION = 1.0
WEIGHT_POSITION = 0.5
WEIGHT_SALIENCE = 0.15
WEIGHT_CONCEPTS = 1.0
# Salience: each named entity adds this times the share of outlets naming it (two names that
# every outlet uses make a sentence fully salient), and a number or a date adds FACT_SALIENCE.
ENTITY_SALIENCE = 0.5
FACT_SALIENCE = 0.25
# MMR trade-off: the share of a pick's value that is relevance; the rest penalises overlap.
MMR_RELEVANCE = 0.75
# Value is divided by length to this power: long sentences do not win by size, nor scraps by
# brevity.
LENGTH_EXPONENT = 0.5
# Below this share of the best score a sentence is an aside: the summary stays short instead.
MIN_RELEVANCE_SHARE = 0.25
# Novelty is the unseen share of a sentence's concept weight; words no other outlet uses weigh
# this much, so fresh colour alone does not make a repeated fact look new.
NOVELTY_FLOOR = 0.1
# A sentence opening with a pronoun leans on one the summary may lack: it keeps this share.
DANGLING_PRONOUN_FACTOR = 0.85

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_DANGLING = re.compile(r"^(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their|Such)\b")


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary, traced to its article and backed by its supporters."""

    text: str
    article: int  # index of the article in the input sequence
    start: int  # offsets into that article's (cleaned) text
    end: int
    articles: int  # articles whose content supports it, its own included
    outlets: int  # independent outlets among them
    score: float

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class Summary:
    """An extractive summary of one story: a headline and whole sentences within a word budget."""

    headline: str
    text: str
    sentences: list[SummarySentence] = field(default_factory=list)
    words: int = DEFAULT_WORDS  # the budget asked for; len(text.split()) never exceeds it
    articles: int = 0  # articles summarised

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class _Candidate:
    """A sentence as the scorer sees it: trimmed span, position, words and concepts."""

    article: int
    position: int  # index among its article's sentences
    start: int
    end: int
    text: str
    words: int
    eligible: bool  # False: may support others but is never put in a summary
    concepts: frozenset[str]
    entities: frozenset[str]
    has_fact: bool  # holds a number or a date
    header: str | None = None  # a headline found glued before the sentence, if any


def summarize_articles(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    embedder: SentenceEmbedder,
    *,
    words: int = DEFAULT_WORDS,
    independent: Sequence[bool] | None = None,
    sentence_vectors: Sequence[np.ndarray | None] | None = None,
) -> Summary:
    """An extractive summary of the articles as one story, at most `words` words long.

    `sentence_vectors`, when given, holds per article either None or one unit vector per entry
    of its `Analysis.sentences`, made from the sentence text with its whitespace collapsed (as
    `newsloom.brief.fuse.embed_sentences` makes them). A sentence that needs no trimming reuses its
    row; the rest are embedded here, in one batch.
    """
    if len(articles) != len(analyses):
        raise ValueError(f"{len(articles)} articles but {len(analyses)} analyses")
    if independent is not None and len(independent) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(independent)} independence flags")
    if sentence_vectors is not None and len(sentence_vectors) != len(articles):
        raise ValueError(
            f"{len(articles)} articles but {len(sentence_vectors)} sentence vector blocks"
        )
    if words < 1:
        raise ValueError(f"words must be at least 1, got {words}")
    candidates = [c for i, a in enumerate(analyses) for c in _candidates(i, articles[i].text, a)]
    if not candidates:
        return Summary(_title_headline(articles, embedder, None), "", [], words, len(articles))
    vectors = _candidate_vectors(candidates, analyses, embedder, sentence_vectors)
    owner = np.array([c.article for c in candidates])
    groups = _outlet_groups(articles, vectors, owner, independent)
    centroid = _cluster_centroid(vectors, owner, groups)
    support = _support(vectors, owner, groups)
    weights = _concept_weights(candidates, groups)
    relevance = _relevance(candidates, vectors, centroid, support, groups, weights)
    chosen = _select(candidates, vectors, relevance, weights, words)
    # Report leads first, then later material; within a rank, earlier articles first.
    chosen.sort(key=lambda k: (min(candidates[k].position, LEAD_SENTENCES), candidates[k].article))
    sentences = [
        SummarySentence(
            c.text,
            c.article,
            c.start,
            c.end,
            int(support.articles[k]),
            int(support.outlets[k]),
            round(float(relevance[k]), 4),
        )
        for k, c in ((k, candidates[k]) for k in chosen)
    ]
    headline = _title_headline(articles, embedder, centroid) or _lead_headline(
        candidates, relevance, chosen
    )
    return Summary(headline, " ".join(s.text for s in sentences), sentences, words, len(articles))


def summarize_paths(
    paths: Sequence[str | Path], analyzer: Analyzer, words: int = DEFAULT_WORDS
) -> Summary:
    """Read, clean, analyse and summarise the articles at the paths as one story; store nothing."""
    # Unreadable inputs and articles left empty by cleaning are passed over, as in ingest.
    cleaned = [clean_article(a) for a in read_paths(paths) if not isinstance(a, Skipped)]
    articles = [c.article for c in cleaned if not isinstance(c, Skipped)]
    if not articles:
        raise NewsloomError("no readable article text in the given paths")
    return summarize_articles(articles, analyzer.pipe(articles), analyzer.embedder, words=words)


def _candidates(index: int, text: str, analysis: Analysis) -> list[_Candidate]:
    """The article's sentences, trimmed of datelines and glued headers, with their features."""
    quoted = [(q.start, q.end) for q in analysis.quotes if q.direct]
    wrapped = hard_wrapped(text)
    out = []
    for position, span in enumerate(analysis.sentences[:MAX_SENTENCES_PER_ARTICLE]):
        start, end, header = trim_span(text, span, wrapped)
        if len(text[start:end].split()) < MIN_SUPPORT_WORDS:
            continue
        # Hard-wrapped text keeps its line breaks inside sentences; the summary reads them as
        # spaces.
        sentence = " ".join(text[start:end].split())
        entities = frozenset(
            e.canonical.lower() for e in analysis.entities if start <= e.start < end
        )
        facts: list[Quantity | Timex] = [*analysis.quantities, *analysis.timexes]
        out.append(
            _Candidate(
                article=index,
                position=position,
                start=start,
                end=end,
                text=sentence,
                words=len(sentence.split()),
                concepts=_concepts(_WORD.findall(sentence)),
                eligible=is_eligible(sentence, start, end, quoted)
                and not inside_quotation(text, start),
                entities=entities,
                has_fact=any(start <= f.start < end for f in facts),
                header=header,
            )
        )
    return out


def _candidate_vectors(
    candidates: Sequence[_Candidate],
    analyses: Sequence[Analysis],
    embedder: SentenceEmbedder,
    given: Sequence[np.ndarray | None] | None,
) -> np.ndarray:
    """One unit vector per candidate, taken from `given` where it fits, else embedded."""
    if given is None:
        return np.asarray(embedder.embed([c.text for c in candidates]), dtype=np.float32)
    found: list[np.ndarray | None] = []
    for c in candidates:
        block, sentences = given[c.article], analyses[c.article].sentences
        row: np.ndarray | None = None
        # A row fits when it was made from exactly the text the candidate kept after trimming.
        if (
            block is not None
            and len(block) == len(sentences)
            and " ".join(sentences[c.position].text.split()) == c.text
        ):
            row = np.asarray(block[c.position], dtype=np.float32)
        found.append(row)
    missing = [c.text for c, given_row in zip(candidates, found, strict=True) if given_row is None]
    if not missing:
        return np.vstack([row for row in found if row is not None])
    fresh = iter(np.asarray(embedder.embed(missing), dtype=np.float32))
    return np.vstack([given_row if given_row is not None else next(fresh) for given_row in found])


def _stem(word: str) -> str:
    """A crude English stem: enough to let "pirates" meet "pirate" and "cables" meet "cable"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _concepts(tokens: Sequence[str]) -> frozenset[str]:
    """Content words and adjacent word pairs (not both stopwords), lower-cased and stemmed."""
    lowered = [_stem(t.lower().replace("’", "'")) for t in tokens]
    content = {w for w in lowered if w not in STOP_WORDS and len(w) > 1}
    pairs = {f"{a} {b}" for a, b in pairwise(lowered) if not (a in STOP_WORDS and b in STOP_WORDS)}
    return frozenset(content | pairs)


@dataclass(frozen=True)
class _Groups:
    """Independent-outlet group of each article, and whether the article is an original."""

    of_article: list[int]
    original: list[bool]

    @property
    def count(self) -> int:
        """How many independent outlets the cluster has."""
        return len(set(self.of_article))


@dataclass(frozen=True)
class _Support:
    """Per candidate: soft share of other outlets that carry it, and hard counts for display."""

    share: np.ndarray
    articles: np.ndarray
    outlets: np.ndarray


def _outlet_groups(
    articles: Sequence[Article],
    vectors: np.ndarray,
    owner: np.ndarray,
    independent: Sequence[bool] | None,
) -> _Groups:
    """Group articles by independent outlet: same outlet name, or a copy of an earlier article."""
    group: list[int] = []
    original: list[bool] = []
    by_outlet: dict[str, int] = {}
    for i, article in enumerate(articles):
        source, share = _closest_earlier(i, vectors, owner)
        # Undeclared copies are found by their sentences; declared ones join their closest source.
        is_copy = share >= COPY_SENTENCE_SHARE if independent is None else not independent[i]
        outlet = (article.outlet or "").strip().lower()
        if is_copy and source is not None:
            group.append(group[source])
        else:
            group.append(by_outlet.setdefault(outlet, i) if outlet else i)
        original.append(not (is_copy and source is not None))
    return _Groups(of_article=group, original=original)


def _closest_earlier(i: int, vectors: np.ndarray, owner: np.ndarray) -> tuple[int | None, float]:
    """The earlier article with near-exact twins of most of article i's sentences; that share."""
    mine = vectors[owner == i]
    best: tuple[int | None, float] = (None, -1.0)
    for j in range(i):
        theirs = vectors[owner == j]
        if len(mine) and len(theirs):
            share = float(((mine @ theirs.T).max(axis=1) >= COPY_SIMILARITY).mean())
            if share > best[1]:
                best = (j, share)
    return best


def _cluster_centroid(vectors: np.ndarray, owner: np.ndarray, groups: _Groups) -> np.ndarray:
    """Mean of the originals' mean sentence vectors, so long reports and copies do not dominate."""
    means = [
        vectors[owner == i].mean(axis=0)
        for i, is_original in enumerate(groups.original)
        if is_original and (owner == i).any()
    ] or [vectors.mean(axis=0)]
    centroid: np.ndarray = np.mean(means, axis=0)
    unit: np.ndarray = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    return unit


def _support(vectors: np.ndarray, owner: np.ndarray, groups: _Groups) -> _Support:
    """How strongly each other outlet carries each sentence, and who counts as carrying it."""
    similarity = vectors @ vectors.T
    n_articles, n_groups = len(groups.of_article), max(groups.of_article) + 1
    best = np.full((len(vectors), n_articles), -1.0, dtype=np.float32)
    for a in set(owner.tolist()):
        best[:, a] = similarity[:, owner == a].max(axis=1)
    rows = np.arange(len(vectors))
    best[rows, owner] = 1.0  # a sentence's own article carries it
    ramp = np.clip((best - SUPPORT_FLOOR) / (SUPPORT_SIMILARITY - SUPPORT_FLOOR), 0.0, 1.0)
    group_of = np.array(groups.of_article)
    by_group = np.zeros((len(vectors), n_groups), dtype=np.float32)
    supported = np.zeros((len(vectors), n_groups), dtype=bool)
    for a in range(n_articles):
        by_group[:, group_of[a]] = np.maximum(by_group[:, group_of[a]], ramp[:, a])
        supported[:, group_of[a]] |= best[:, a] >= SUPPORT_SIMILARITY
    own_group = group_of[owner]
    by_group[rows, own_group] = 0.0  # corroboration comes from other outlets only
    return _Support(
        share=by_group.sum(axis=1) / max(1, groups.count - 1),
        articles=(best >= SUPPORT_SIMILARITY).sum(axis=1),
        outlets=supported.sum(axis=1),
    )


def _relevance(
    candidates: Sequence[_Candidate],
    vectors: np.ndarray,
    centroid: np.ndarray,
    support: _Support,
    groups: _Groups,
    concept_weight: dict[str, float],
) -> np.ndarray:
    """Each candidate's own score: centrality, corroboration, position, salience, concepts."""
    centrality = np.clip(vectors @ centroid, 0.0, 1.0)
    entity_outlets: dict[str, set[int]] = defaultdict(set)
    for c in candidates:
        for e in c.entities:
            entity_outlets[e].add(groups.of_article[c.article])
    scores = np.zeros(len(candidates), dtype=np.float32)
    top_concepts = max(
        (sum(concept_weight.get(x, 0.0) for x in c.concepts) for c in candidates), default=0.0
    )
    for k, c in enumerate(candidates):
        position = max(0.0, 1.0 - c.position / LEAD_SENTENCES)
        shared = [len(entity_outlets[e]) / groups.count for e in c.entities]
        salience = min(1.0, ENTITY_SALIENCE * sum(shared) + (FACT_SALIENCE if c.has_fact else 0.0))
        concepts = sum(concept_weight.get(x, 0.0) for x in c.concepts) / (top_concepts or 1.0)
        scores[k] = (
            WEIGHT_CENTRALITY * centrality[k]
            + WEIGHT_CORROBORATION * support.share[k]
            + WEIGHT_POSITION * position
            + WEIGHT_SALIENCE * salience
            + WEIGHT_CONCEPTS * concepts
        )
        if _DANGLING.match(c.text):
            scores[k] *= DANGLING_PRONOUN_FACTOR
    return scores


def _concept_weights(candidates: Sequence[_Candidate], groups: _Groups) -> dict[str, float]:
    """Share of outlets using each concept, for concepts that at least two outlets use."""
    users: dict[str, set[int]] = defaultdict(set)
    for c in candidates:
        for x in c.concepts:
            users[x].add(groups.of_article[c.article])
    needed = min(MIN_CONCEPT_OUTLETS, groups.count)
    return {x: len(g) / groups.count for x, g in users.items() if len(g) >= needed}


def _select(
    candidates: Sequence[_Candidate],
    vectors: np.ndarray,
    relevance: np.ndarray,
    concept_weight: dict[str, float],
    budget: int,
) -> list[int]:
    """Greedy MMR within the word budget: relevance times novelty, minus overlap, per length."""
    top = float(relevance.max()) or 1.0
    pool = [
        k
        for k, c in enumerate(candidates)
        if c.eligible and c.words <= budget and relevance[k] >= MIN_RELEVANCE_SHARE * top
    ]
    chosen: list[int] = []
    covered: set[str] = set()
    used = 0
    while pool:
        best_k, best_value = None, float("-inf")
        for k in pool:
            c = candidates[k]
            if used + c.words > budget:
                continue
            overlap = float((vectors[chosen] @ vectors[k]).max()) if chosen else 0.0
            if overlap >= REDUNDANT_SIMILARITY:
                continue
            mass = [concept_weight.get(x, 0.0) + NOVELTY_FLOOR for x in c.concepts]
            fresh = sum(m for x, m in zip(c.concepts, mass, strict=True) if x not in covered)
            novelty = fresh / sum(mass) if sum(mass) > 0 else 0.0
            value = MMR_RELEVANCE * (relevance[k] / top) * novelty - (1 - MMR_RELEVANCE) * overlap
            value /= c.words**LENGTH_EXPONENT / MIN_SENTENCE_WORDS**LENGTH_EXPONENT
            if value > best_value:
                best_k, best_value = k, value
        if best_k is None or best_value <= 0:
            break
        chosen.append(best_k)
        covered.update(candidates[best_k].concepts)
        used += candidates[best_k].words
        pool.remove(best_k)
    return chosen


def _title_headline(
    articles: Sequence[Article], embedder: SentenceEmbedder, centroid: np.ndarray | None
) -> str:
    """The article title closest to the cluster's centre, or "" when no article has a title."""
    titles = list(dict.fromkeys(a.title.strip() for a in articles if a.title and a.title.strip()))
    if len(titles) < 2 or centroid is None:
        return titles[0] if titles else ""
    return titles[int(np.argmax(np.asarray(embedder.embed(titles), dtype=np.float32) @ centroid))]


def _lead_headline(
    candidates: Sequence[_Candidate], relevance: np.ndarray, chosen: Sequence[int]
) -> str:
    """A headline from the reports themselves: a glued-on header, else the best lead shortened."""
    headers = [
        k for k, c in enumerate(candidates) if len((c.header or "").split()) >= HEADLINE_MIN_WORDS
    ]
    if headers:
        return shorten_to_headline(
            candidates[max(headers, key=lambda k: relevance[k])].header or ""
        )
    leads = [
        k for k, c in enumerate(candidates) if c.position == 0 and c.words >= MIN_SENTENCE_WORDS
    ]
    pool = leads or list(chosen) or list(range(len(candidates)))
    return (
        shorten_to_headline(candidates[max(pool, key=lambda k: relevance[k])].text) if pool else ""
    )
