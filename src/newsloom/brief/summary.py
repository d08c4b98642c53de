"""Extractive multi-document summaries: the corroborated main facts of one story in N words.

The method is concept coverage (Gillick and Favre): the story's *concepts* are stemmed
content-word pairs, each weighted by how many independent sources use it (a concept found in a
report's lead weighs a little more; one used by too few sources weighs nothing), and the
summary is the set of whole sentences that covers the most concept weight within the word
budget, solved exactly as an integer programme, with a prior for lead sentences and no two
near-paraphrases (MiniLM cosine) chosen together. Weighting concepts by independent sources is
what makes the summary prefer corroborated content: what only one outlet says adds nothing.

Candidates are trimmed first: wire datelines, glued headers, attribution tails, short asides
and opening connectives go (`summary_sentences`, `summary_trim`); fragments, questions,
quotes, page chrome and wrap-up filler never stand in a summary. The parameters were chosen by
cross-validation on real summarisation data (`newsloom.evaluate.summaries_cv`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsloom.analyze.sentence_vectors import embed_sentence_blocks
from newsloom.brief.summary_candidates import (
    MAX_CANDIDATE_POSITION,
    MAX_SENTENCES_PER_ARTICLE,
    MIN_SUPPORT_WORDS,
    SummaryReading,
    TrimmedForm,
    candidate_fields,
    trimmed_form,
)
from newsloom.brief.summary_concepts import (
    WordMemo,
    concept_weights,
    concepts_and_stems,
    content_stems,
    sentence_concepts,
    with_facts,
    with_unigrams,
)
from newsloom.brief.summary_fill import fill_budget, stem_sources
from newsloom.brief.summary_select import (
    Selection,
    SummaryParams,
    select_concepts,
    select_submodular,
)
from newsloom.brief.summary_sentences import (
    HEADLINE_MIN_WORDS,
    MIN_SENTENCE_WORDS,
    is_filler,
    shorten_to_headline,
)
from newsloom.brief.summary_support import (
    Groups,
    LazySupport,
    cluster_centroid,
    outlet_groups,
)
from newsloom.brief.summary_trim import compress_sentence
from newsloom.errors import NewsloomError
from newsloom.ingest.clean import clean_article
from newsloom.ingest.sources import read_paths
from newsloom.model import Analysis, Article, SentenceEmbedder, Skipped

if TYPE_CHECKING:
    from newsloom.analyze.analyzer import Analyzer

__all__ = [
    "MAX_CANDIDATE_POSITION",
    "MAX_SENTENCES_PER_ARTICLE",
    "MIN_SUPPORT_WORDS",
    "Summary",
    "SummaryParams",
    "SummarySentence",
    "prepare_story",
    "summarize_articles",
    "summarize_paths",
    "summary_sentences",
]

# Default budget: the DUC multi-document task's 100-word summaries.
DEFAULT_WORDS = 100
# Lead sentences come first in the summary's order: the inverted pyramid puts the main facts
# first, and a lead read first gives the later sentences their context.
ORDER_LEAD_SENTENCES = 5
# A sentence whose trimmed text covers less than this share of the best candidate's concept
# weight is an aside: it is never used to fill the budget.
MIN_CONCEPT_SHARE = 0.1
# At most this many candidates enter the selection: a 10-report cluster has fewer (25 per
# report); a 200-report story keeps its densest, so the brief stays well under a second.
MAX_POOL = 250
# Headline: titles within this share of the most central one are equally central, and of
# those the latest wins, so the headline follows an update ("toll rises to 120"). A title's
# centrality is the mean share of sources using its content words (one word of ten more or
# less used by every source moves it by about 0.1).
HEADLINE_MARGIN = 0.1
# A sentence opening with a pronoun leans on one the summary may lack: its prior drops by this
# much (in units of the largest concept weight).
DANGLING_PENALTY = 0.5

_DANGLING = re.compile(r"^(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their|Such)\b")


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary, traced to its article and backed by its supporters."""

    text: str  # the sentence as shown: trimmed of attribution tails and asides
    article: int  # index of the article in the input sequence
    start: int  # offsets of the whole sentence in that article's (cleaned) text
    end: int
    articles: int  # articles whose content supports it, its own included
    outlets: int  # independent outlets among them
    score: float  # the concept weight it covers

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
    """A sentence as the summariser sees it: trimmed span, position, words and eligibility."""

    article: int
    position: int  # index among its article's sentences
    start: int
    end: int
    text: str
    words: int
    eligible: bool  # False: may support others but is never put in a summary
    header: str | None = None  # a headline found glued before the sentence, if any


@dataclass(frozen=True)
class PreparedStory:
    """A story read for summarising: candidates, their vectors, outlets and support."""

    articles: Sequence[Article]
    candidates: list[_Candidate]
    vectors: np.ndarray
    groups: Groups
    support: LazySupport  # measured for the candidates a summary's pool keeps
    concepts: list[frozenset[str]]  # word-pair concepts of each candidate's whole text
    stems: list[frozenset[str]]  # content-word stems of each candidate's whole text
    memo: dict[str, str] = field(default_factory=dict)  # word -> stem, shared by the story
    words: WordMemo = field(default_factory=dict)  # what the story's words are, read once
    # Each candidate's trimmed form where a kept reading holds it (None: read when needed).
    forms: list[TrimmedForm | None] = field(default_factory=list)


def prepare_story(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    embedder: SentenceEmbedder,
    *,
    independent: Sequence[bool] | None = None,
    sentence_vectors: Sequence[np.ndarray | None] | None = None,
    readings: Sequence[SummaryReading | None] | None = None,
) -> PreparedStory:
    """The story's candidate sentences with vectors, outlet groups and support counts.

    `readings`, when given, holds per article None or its kept `SummaryReading` (as
    `read_summary` makes it from the same text and analysis): the candidates, concepts and
    trimmed forms are then taken from it instead of being read again.
    """
    _check_lengths(articles, analyses, independent, sentence_vectors)
    if readings is not None and len(readings) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(readings)} summary readings")
    words: WordMemo = {}
    kept = readings or [None] * len(articles)
    read = [
        reading if reading is not None else _read_now(article.text, analysis, words)
        for article, analysis, reading in zip(articles, analyses, kept, strict=True)
    ]
    candidates = [
        _Candidate(i, *fields) for i, reading in enumerate(read) for fields in reading.candidates
    ]
    if not candidates:
        empty = np.zeros((0, 0), dtype=np.float32)
        groups = Groups(list(range(len(articles))), [True] * len(articles))
        support = LazySupport(empty, np.zeros(0, dtype=np.intp), groups, np.zeros(0, dtype=bool))
        return PreparedStory(articles, [], empty, groups, support, [], [])
    vectors = _candidate_vectors(candidates, analyses, embedder, sentence_vectors)
    owner = np.array([c.article for c in candidates])
    groups = outlet_groups(articles, vectors, owner, independent)
    support = LazySupport(vectors, owner, groups, np.array([c.eligible for c in candidates]))
    concepts = [c for reading in read for c in reading.concepts]
    stems = [s for reading in read for s in reading.stems]
    forms = [f for reading in read for f in reading.forms]
    return PreparedStory(
        articles, candidates, vectors, groups, support, concepts, stems, {}, words, forms
    )


def _read_now(text: str, analysis: Analysis, words: WordMemo) -> SummaryReading:
    """An article's candidates with their concepts and stems, read now; their trimmed forms
    are left to be read when the pool asks (a grid of parameters may never trim)."""
    candidates = tuple(candidate_fields(text, analysis))
    read = [concepts_and_stems(c.text, words) for c in candidates]
    return SummaryReading(
        candidates,
        tuple(concepts for concepts, _ in read),
        tuple(stems for _, stems in read),
        (None,) * len(candidates),
    )


def summary_sentences(
    story: PreparedStory,
    words: int = DEFAULT_WORDS,
    params: SummaryParams | None = None,
    stating: Sequence[frozenset[str]] | None = None,
) -> list[SummarySentence]:
    """The summary's sentences in reading order, chosen as `params` say (default: the ILP).

    `stating[k]`, when given, names the facts found elsewhere (figures, dates and events the
    brief's fusion found) that candidate k states: each fact is a concept too, worth
    `params.fact_weight` times the best candidate's concept weight, counted once however
    many chosen sentences state it.
    """
    params = params or SummaryParams()
    cands = story.candidates
    if not cands:
        return []
    source = [story.groups.of_article[c.article] for c in cands]
    lead = [c.position < params.lead_sentences for c in cands]
    concepts = story.concepts
    if params.unigram_weight > 0:
        concepts = [with_unigrams(c, w) for c, w in zip(concepts, story.stems, strict=True)]
    weights = concept_weights(
        concepts,
        source,
        lead,
        min_sources=params.min_sources,
        lead_bonus=params.lead_bonus,
        unigram_weight=params.unigram_weight,
    )
    pool, shown, shown_concepts = _pool(story, concepts, weights, words, params)
    story.support.measure(pool)
    top_weight = max(weights.values(), default=1.0)
    prior = np.array(
        [
            (
                _prior(cands[k], shown[i], params)
                + params.corroboration * float(story.support.share[k])
                - params.word_cost * len(shown[i].split())
            )
            * top_weight
            for i, k in enumerate(pool)
        ],
        dtype=np.float64,
    )
    if stating is not None and params.fact_weight and pool:
        weights, shown_concepts = with_facts(
            weights, shown_concepts, [stating[k] for k in pool], params.fact_weight
        )
    selection = Selection(
        lengths=np.array([len(t.split()) for t in shown], dtype=np.float64),
        concepts=shown_concepts,
        positions=np.array([cands[k].position for k in pool]),
        vectors=story.vectors[pool] if pool else np.zeros((0, 1)),
        weights=weights,
        prior=prior,
    )
    if params.method == "submodular":
        picked = select_submodular(selection, story.vectors, words, params)
    else:
        picked = select_concepts(selection, words, params)
    # Report leads first, then later material; within a rank, earlier articles first.
    picked.sort(
        key=lambda i: (min(cands[pool[i]].position, ORDER_LEAD_SENTENCES), cands[pool[i]].article)
    )
    out = [_sentence(story, pool[i], shown[i], shown_concepts[i], weights) for i in picked]
    if params.fill:
        left = words - sum(len(t.split()) for t in (shown[i] for i in picked))
        stem_df = stem_sources(story.stems, source)
        more = fill_budget(
            shown,
            picked,
            selection.vectors,
            weights,
            stem_df,
            left,
            redundancy=params.redundancy,
            memo=story.memo,
        )
        if more is not None:
            cut = sentence_concepts(more.text, story.memo)
            out.append(_sentence(story, pool[more.index], more.text, cut, weights))
    return out


def _sentence(
    story: PreparedStory, k: int, text: str, concepts: frozenset[str], weights: dict[str, float]
) -> SummarySentence:
    """Candidate k as shown in the summary, with its support and the concept weight it covers."""
    c = story.candidates[k]
    covered = sum(weights.get(x, 0.0) for x in concepts)
    return SummarySentence(
        text,
        c.article,
        c.start,
        c.end,
        int(story.support.articles[k]),
        int(story.support.outlets[k]),
        round(float(covered), 4),
    )


def summarize_articles(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    embedder: SentenceEmbedder,
    *,
    words: int = DEFAULT_WORDS,
    independent: Sequence[bool] | None = None,
    sentence_vectors: Sequence[np.ndarray | None] | None = None,
    params: SummaryParams | None = None,
    facts: Sequence[Sequence[tuple[int, int, str]]] | None = None,
    readings: Sequence[SummaryReading | None] | None = None,
) -> Summary:
    """An extractive summary of the articles as one story, at most `words` words long.

    `facts`, when given, holds per article `(start, end, name)`: the character span of a
    sentence stating a fact found by other means (the brief's figures, dates and corroborated
    events) and the fact's name; a summary covering a fact gains `params.fact_weight` times
    the best candidate's concept weight.

    `sentence_vectors`, when given, holds per article either None or one unit vector per entry
    of its `Analysis.sentences`, made from the sentence text with its whitespace collapsed (as
    `newsloom.brief.fuse.embed_sentences` makes them, and as the store keeps them); the
    articles without them are embedded here, in one batch.

    `readings`, when given, holds per article None or its kept `SummaryReading`
    (`newsloom.brief.readings`); the articles without one are read here.
    """
    if words < 1:
        raise ValueError(f"words must be at least 1, got {words}")
    if facts is not None and len(facts) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(facts)} blocks of fact spans")
    story = prepare_story(
        articles,
        analyses,
        embedder,
        independent=independent,
        sentence_vectors=sentence_vectors,
        readings=readings,
    )
    if not story.candidates:
        return Summary(_title_headline(articles, None), "", [], words, len(articles))
    stating = _stating(story.candidates, facts) if facts is not None else None
    sentences = summary_sentences(story, words, params, stating)
    centroid = cluster_centroid(
        story.vectors, np.array([c.article for c in story.candidates]), story.groups
    )
    headline = _title_headline(articles, story) or _lead_headline(
        story.candidates, story.vectors @ centroid, sentences
    )
    return Summary(headline, " ".join(s.text for s in sentences), sentences, words, len(articles))


def _stating(
    candidates: Sequence[_Candidate], facts: Sequence[Sequence[tuple[int, int, str]]]
) -> list[frozenset[str]]:
    """Per candidate, the facts of its article whose span it overlaps."""
    return [
        frozenset(name for start, end, name in facts[c.article] if start < c.end and c.start < end)
        for c in candidates
    ]


def _check_lengths(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    independent: Sequence[bool] | None,
    sentence_vectors: Sequence[np.ndarray | None] | None,
) -> None:
    """Refuse inputs whose per-article sequences do not line up."""
    if len(articles) != len(analyses):
        raise ValueError(f"{len(articles)} articles but {len(analyses)} analyses")
    if independent is not None and len(independent) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(independent)} independence flags")
    if sentence_vectors is not None and len(sentence_vectors) != len(articles):
        raise ValueError(
            f"{len(articles)} articles but {len(sentence_vectors)} sentence vector blocks"
        )


def _pool(
    story: PreparedStory,
    concepts: Sequence[frozenset[str]],
    weights: dict[str, float],
    words: int,
    params: SummaryParams,
) -> tuple[list[int], list[str], list[frozenset[str]]]:
    """The candidates that may stand in the summary, their shown (trimmed) text and concepts."""
    pool: list[int] = []
    shown: list[str] = []
    shown_concepts: list[frozenset[str]] = []
    for k, c in enumerate(story.candidates):
        if not c.eligible:
            continue
        form = _trimmed(story, k, params)
        if form.filler:
            continue
        for text in _forms(form.text, params):
            if len(text.split()) > words:
                continue
            pool.append(k)
            shown.append(text)
            if text == c.text:
                shown_concepts.append(concepts[k])
                continue
            if text == form.text:
                trimmed, trimmed_stems = form.concepts, form.stems
            else:
                trimmed, trimmed_stems = concepts_and_stems(text, story.words)
            if params.unigram_weight > 0:
                trimmed = with_unigrams(trimmed, trimmed_stems)
            shown_concepts.append(trimmed)
    # map() adds the same weights in the same order as a loop would, without one.
    mass = [sum(map(weights.get, cs, repeat(0.0))) for cs in shown_concepts]
    floor = MIN_CONCEPT_SHARE * max(mass, default=0.0)
    keep = [i for i, m in enumerate(mass) if m > 0 and m >= floor]
    if len(keep) > MAX_POOL:
        # A large story: the densest sentences, so the programme stays small.
        keep = sorted(keep, key=lambda i: -mass[i] / len(shown[i].split()))[:MAX_POOL]
        keep.sort()
    return [pool[i] for i in keep], [shown[i] for i in keep], [shown_concepts[i] for i in keep]


def _trimmed(story: PreparedStory, k: int, params: SummaryParams) -> TrimmedForm:
    """Candidate k's filler test and trimmed form: kept, read now, or (no trimming) itself."""
    text = story.candidates[k].text
    if not params.trim:
        return TrimmedForm(is_filler(text), text, frozenset(), frozenset())
    kept = story.forms[k] if story.forms else None
    return kept if kept is not None else trimmed_form(text, story.words)


def _forms(trimmed: str, params: SummaryParams) -> list[str]:
    """The forms a (trimmed) sentence may take in the summary: as it is, and compressed when
    asked (the selection picks at most one: the forms share a vector, so they are
    paraphrases)."""
    if not params.compress:
        return [trimmed]
    shorter = compress_sentence(trimmed)
    return [trimmed] if shorter == trimmed else [trimmed, shorter]


def _prior(candidate: _Candidate, shown: str, params: SummaryParams) -> float:
    """The lead-sentence prior of a candidate, less a penalty for an opening pronoun."""
    lead = max(0.0, 1.0 - candidate.position / max(1, params.lead_sentences))
    prior = params.position_weight * lead
    if _DANGLING.match(shown):
        prior -= DANGLING_PENALTY * params.position_weight
    return prior


def summarize_paths(
    paths: Sequence[str | Path],
    analyzer: Analyzer,
    words: int = DEFAULT_WORDS,
    on_skip: Callable[[Skipped], None] | None = None,
) -> Summary:
    """Read, clean, analyse and summarise the articles at the paths as one story; store nothing.

    Unreadable inputs and articles left empty by cleaning are passed over, as in ingest, and
    handed to `on_skip` (with the warnings about kept articles) so that a caller can say so."""
    articles: list[Article] = []
    for item in read_paths(paths):
        cleaned = item if isinstance(item, Skipped) else clean_article(item)
        if isinstance(cleaned, Skipped):
            if on_skip is not None:
                on_skip(cleaned)
        else:
            articles.append(cleaned.article)
    if not articles:
        raise NewsloomError("no readable article text in the given paths")
    return summarize_articles(articles, analyzer.pipe(articles), analyzer.embedder, words=words)


def _title_headline(articles: Sequence[Article], story: PreparedStory | None) -> str:
    """The most central article title, the latest of equally central ones; "" without titles.

    A title is central when its content words are ones most of the story's sources use; no
    embedding is needed, so a brief of a large story stays fast.
    """
    titled = [a for a in articles if a.title and a.title.strip()]
    titles = list(dict.fromkeys((a.title or "").strip() for a in titled))
    if len(titles) < 2 or story is None or not story.candidates:
        return titles[0] if titles else ""
    # Each source's words once (united in C), then counted: how many sources use each word.
    by_source: dict[int, set[str]] = defaultdict(set)
    for c, stems in zip(story.candidates, story.stems, strict=True):
        by_source[story.groups.of_article[c.article]].update(stems)
    users = Counter(chain.from_iterable(by_source.values()))
    sources = max(1, story.groups.count)
    centrality = {t: _shared_share(content_stems(t, story.memo), users, sources) for t in titles}
    best = max(centrality.values())
    latest: dict[str, str] = {}
    for a in titled:
        title = (a.title or "").strip()
        latest[title] = max(latest.get(title, ""), a.published or "")
    central = [t for t in titles if centrality[t] >= best - HEADLINE_MARGIN]
    # Stable on ties: among equally recent titles the most central wins.
    return max(central, key=lambda t: (latest[t], centrality[t]))


def _shared_share(words: frozenset[str], users: Counter[str], sources: int) -> float:
    """The mean share of the story's sources using each of a title's content words."""
    return sum(users[w] for w in words) / (len(words) * sources) if words else 0.0


def _lead_headline(
    candidates: Sequence[_Candidate], centrality: np.ndarray, chosen: Sequence[SummarySentence]
) -> str:
    """A headline from the reports themselves: a glued-on header, else the best lead shortened."""
    headers = [
        k for k, c in enumerate(candidates) if len((c.header or "").split()) >= HEADLINE_MIN_WORDS
    ]
    if headers:
        return shorten_to_headline(
            candidates[max(headers, key=lambda k: centrality[k])].header or ""
        )
    leads = [
        k for k, c in enumerate(candidates) if c.position == 0 and c.words >= MIN_SENTENCE_WORDS
    ]
    if leads:
        return shorten_to_headline(candidates[max(leads, key=lambda k: centrality[k])].text)
    if chosen:
        return shorten_to_headline(chosen[0].text)
    return shorten_to_headline(candidates[int(np.argmax(centrality))].text)


def _candidate_vectors(
    candidates: Sequence[_Candidate],
    analyses: Sequence[Analysis],
    embedder: SentenceEmbedder,
    given: Sequence[np.ndarray | None] | None,
) -> np.ndarray:
    """One unit vector per candidate, taken from `given` where it fits, else embedded."""
    if given is None:
        # Whole sentences, as the store keeps them: a summary reads the same vectors whether
        # its story comes from the store or from files.
        given = embed_sentence_blocks(embedder, analyses)
    found: list[np.ndarray | None] = []
    for c in candidates:
        block, sentences = given[c.article], analyses[c.article].sentences
        row: np.ndarray | None = None
        # A row fits when the block has one row per sentence; a dateline or glued header the
        # candidate lost changes its meaning too little to embed it again.
        if block is not None and len(block) == len(sentences):
            row = np.asarray(block[c.position], dtype=np.float32)
        found.append(row)
    missing = [c.text for c, given_row in zip(candidates, found, strict=True) if given_row is None]
    if not missing:
        return np.vstack([row for row in found if row is not None])
    fresh = iter(np.asarray(embedder.embed(missing), dtype=np.float32))
    return np.vstack([given_row if given_row is not None else next(fresh) for given_row in found])
