"""Extractive multi-document summaries: the corroborated main facts of one story in N words.

Every sentence of every report is a candidate unless it is a fragment, a question, a quote
or page chrome. A candidate scores for how central it is to the cluster (cosine to the
cluster's mean sentence vector), how many *other* outlets carry a near-paraphrase of it
(corroboration), where it sits in its report (news leads carry the who/what/when), and how
much of the cluster's shared vocabulary and salient entities it holds. Sentences are then
taken greedily, MMR-style: each pick must add words the summary does not have yet and must
not paraphrase a sentence already taken, until the word budget is spent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsloom.clean import clean_article, is_boilerplate
from newsloom.errors import NewsloomError
from newsloom.model import Analysis, Article, Skipped, Span
from newsloom.sources import read_paths

if TYPE_CHECKING:
    from newsloom.analyze.analyzer import Analyzer

__all__ = ["Summary", "SummarySentence", "summarize_articles", "summarize_paths"]

# Default budget: the DUC multi-document task's 100-word summaries.
DEFAULT_WORDS = 100
# Shorter sentences are headline scraps, bylines and captions more often than facts.
MIN_SENTENCE_WORDS = 8
# Longer ones are run-ons (or several sentences the parser failed to split) that spend half the
# budget on one fact; newswire sentences average 20-25 words.
MAX_SENTENCE_WORDS = 45
# A sentence this much inside direct quotation marks is somebody's comment, not the news.
MAX_QUOTED_SHARE = 0.5
# Two sentences this close in MiniLM space say the same thing: the later one is never taken.
REDUNDANT_SIMILARITY = 0.8
# Another report "contains" a sentence when one of its sentences is at least this close:
# paraphrases of one fact score 0.7-0.9 with MiniLM, different facts on one topic 0.4-0.6.
SUPPORT_SIMILARITY = 0.7
# Below this a report gives no support at all; between the two it gives partial support,
# so corroboration does not jump at one threshold.
SUPPORT_FLOOR = 0.55
# An article is a copy of an earlier one when this share of its sentences has a near-exact
# twin there (wire copy re-run with a new headline or a trimmed tail).
COPY_SENTENCE_SHARE = 0.8
# "Near-exact twin": cosine of re-punctuated or lightly edited copies of one sentence.
COPY_SIMILARITY = 0.95
# Sentences after this position in a report get no lead bonus: the inverted pyramid puts
# the main facts in the first few sentences.
LEAD_SENTENCES = 5
# A word or word pair is a shared "concept" when at least this many independent outlets use it;
# words used by one outlet alone are its angle or its colour, not the story's facts.
MIN_CONCEPT_OUTLETS = 2
# Weights of the sentence score's parts (each part lies in [0, 1]). Centrality and coverage
# of shared concepts do most of the work; corroboration decides between central sentences;
# position and salient names break the remaining ties.
WEIGHT_CENTRALITY = 1.0
WEIGHT_CORROBORATION = 0.6
WEIGHT_POSITION = 0.3
WEIGHT_SALIENCE = 0.3
WEIGHT_CONCEPTS = 1.0
# MMR trade-off: the share of a pick's value that is relevance; the rest penalises overlap
# with what is already in the summary.
MMR_RELEVANCE = 0.75
# Long sentences hold more concepts; dividing by length to this power keeps the greedy
# pick from always preferring the longest sentence without favouring scraps.
LENGTH_EXPONENT = 0.5
# Generated headlines are cut to about a headline's length.
HEADLINE_MAX_WORDS = 14
# ... but never shorter than this, or they stop saying anything.
HEADLINE_MIN_WORDS = 5

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_STOP = frozenset(STOP_WORDS) | {"said", "says", "told", "according", "reported", "reports"}
# "WASHINGTON (AP) _ ", "LONDON, May 3 (Reuters) - ", "(CNN) -- ": a wire dateline before the lead.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s\d{1,2})?)?\s*)?"
    r"\((?:AP|Reuters|AFP|CNN|UPI|Xinhua|dpa|Bloomberg|[A-Z]{2,6})\)\s*(?:[-_–—]+|:)\s*"
    r"|^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Za-z. ]{2,30})?\s*[-_–—]{1,2}\s+"
)
# A publication stamp: "Dec. 7, 2009", "16 September 2013", "2 / 3 / 2009", "11: 11 PM ET".
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_STAMP = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}"
    r"|\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?\s*(?:[ap]\.?\s?m\.?|AM|PM|A\.\s?M\.|P\.\s?M\.)?"
    r"(?:\s*(?:ET|PT|PDT|PST|EST|EDT|GMT|BST|IST|CEST|UTC))?)"
    r"(?:\s*\|)?\s*",
    re.IGNORECASE,
)
# A stamp right after one of these is part of the sentence ("on Nov. 30, 2009 he ..."), not a header.
_STAMP_PREPOSITIONS = frozenset(
    "on in since by until till from of at before after to during between and or until".split()
)
_CHROME = re.compile(
    r"https?://|www\.|@\w|\bclick\b|\bsubscribe|\bnewsletter|\ball rights reserved\b|\bcopyright\b"
    r"|\bfollow us\b|\bsign up\b|\bread more\b|\blast updated\b|\bupdated:|\bposted:|\bphoto:"
    r"|\bcaption\b|\bcookies?\b|\bterms of (?:use|service)\b",
    re.IGNORECASE,
)
# Opening and closing quotation marks, straight, curly and the PTB `` '' pair.
_OPEN_QUOTES = ("``", "“", '"', "‘‘")
_QUOTE_MARKS = re.compile(r"``|''|[“”\"]")


class SentenceEmbedder(Protocol):
    """Anything that turns texts into unit-length vectors, row per text."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), dim) unit vectors."""
        ...


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
        return {
            "headline": self.headline,
            "text": self.text,
            "words": self.words,
            "articles": self.articles,
            "sentences": [s.as_dict() for s in self.sentences],
        }


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
) -> Summary:
    """An extractive summary of the articles as one story, at most `words` words long."""
    if len(articles) != len(analyses):
        raise ValueError(f"{len(articles)} articles but {len(analyses)} analyses")
    if independent is not None and len(independent) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(independent)} independence flags")
    if words < 1:
        raise ValueError(f"words must be at least 1, got {words}")
    candidates = [c for i, a in enumerate(analyses) for c in _candidates(i, articles[i].text, a)]
    if not candidates:
        return Summary(headline=_title_headline(articles, embedder, None), text="", words=words,
                       articles=len(articles))
    vectors = np.asarray(embedder.embed([c.text for c in candidates]), dtype=np.float32)
    owner = np.array([c.article for c in candidates])
    groups = _outlet_groups(articles, vectors, owner, independent)
    centroid = _cluster_centroid(vectors, owner, groups)
    support = _support(vectors, owner, groups)
    relevance = _relevance(candidates, vectors, centroid, support, groups)
    chosen = _select(candidates, vectors, relevance, words)
    # Report leads first, then later material; within a rank, earlier articles first.
    chosen.sort(key=lambda k: (min(candidates[k].position, LEAD_SENTENCES), candidates[k].article))
    sentences = [
        SummarySentence(
            text=candidates[k].text, article=candidates[k].article, start=candidates[k].start,
            end=candidates[k].end, articles=int(support.articles[k]), outlets=int(support.outlets[k]),
            score=round(float(relevance[k]), 4),
        )
        for k in chosen
    ]
    headline = _title_headline(articles, embedder, centroid)
    if not headline:
        headline = _lead_headline(candidates, relevance, chosen)
    return Summary(headline=headline, text=" ".join(s.text for s in sentences),
                   sentences=sentences, words=words, articles=len(articles))


def summarize_paths(
    paths: Sequence[str | Path], analyzer: Analyzer, words: int = DEFAULT_WORDS
) -> Summary:
    """Read, clean, analyse and summarise the articles at the paths as one story; store nothing."""
    articles = [a for a in _read_clean(read_paths(paths))]
    if not articles:
        raise NewsloomError("no readable article text in the given paths")
    return summarize_articles(articles, analyzer.pipe(articles), analyzer.embedder, words=words)


def _read_clean(items: Iterable[Article | Skipped]) -> Iterable[Article]:
    """Cleaned articles; inputs that cannot be read or are empty after cleaning are left out."""
    for item in items:
        if isinstance(item, Skipped):
            continue
        cleaned = clean_article(item)
        if not isinstance(cleaned, Skipped):
            yield cleaned.article


# ---------------------------------------------------------------------------------------------
# candidates
# ---------------------------------------------------------------------------------------------


def _candidates(index: int, text: str, analysis: Analysis) -> list[_Candidate]:
    """The article's sentences, trimmed of datelines and glued headers, with their features."""
    quoted = [(q.start, q.end) for q in analysis.quotes if q.direct]
    out = []
    for position, span in enumerate(analysis.sentences):
        start, end, header = _trim(text, span)
        if end - start <= 0:
            continue
        sentence = text[start:end]
        tokens = _WORD.findall(sentence)
        entities = frozenset(
            e.canonical.lower() for e in analysis.entities if start <= e.start and e.end <= end
        )
        has_fact = any(start <= q.start < end for q in analysis.quantities) or any(
            start <= t.start < end for t in analysis.timexes
        )
        out.append(
            _Candidate(
                article=index, position=position, start=start, end=end, text=sentence,
                words=len(sentence.split()), eligible=_eligible(sentence, start, end, quoted),
                concepts=_concepts(tokens), entities=entities, has_fact=has_fact, header=header,
            )
        )
    return out


def _trim(text: str, span: Span) -> tuple[int, int, str | None]:
    """Offsets of the span without surrounding space, wire dateline or glued headline + stamp."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # Keep the last line when the parser ran a headline or caption line into the sentence.
    newline = text.rfind("\n", start, end)
    header = None
    if newline != -1 and len(text[newline + 1 : end].split()) >= MIN_SENTENCE_WORDS:
        header = text[start:newline].strip() or None
        start = newline + 1
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        start = dateline.end()
    stamp_end, stamp_header = _glued_stamp(text, start, end)
    if stamp_end is not None:
        header, start = stamp_header or header, stamp_end
    return start, end, header


def _glued_stamp(text: str, start: int, end: int) -> tuple[int | None, str | None]:
    """Where the sentence proper begins after a "Headline  Dec. 7, 2009  " prefix, if there is one."""
    # Only the first half of a sentence can be a header; later stamps are the sentence's own dates.
    limit = start + (end - start) // 2
    found: tuple[int | None, str | None] = (None, None)
    for match in _STAMP.finditer(text, start, limit):
        before = text[start : match.start()].split()
        after = text[match.end() : end]
        if before and before[-1].lower().strip(",") in _STAMP_PREPOSITIONS:
            continue
        if not after[:1].isupper() and not after[:1].isdigit():
            continue
        if len(after.split()) < MIN_SENTENCE_WORDS:
            continue
        # A header is not a clause: it does not end in a comma or a conjunction.
        if before and before[-1].endswith(","):
            continue
        header = text[start : match.start()].strip(" |-–—") or None
        found = (match.end(), header)
    return found


def _eligible(sentence: str, start: int, end: int, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence may stand in a summary on its own."""
    words = len(sentence.split())
    if not MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS:
        return False
    first = sentence.lstrip()[:1]
    # Lower-case or punctuation openings are fragments of a split sentence or of a quote.
    if not (first.isupper() or first.isdigit() or sentence.lstrip().startswith(_OPEN_QUOTES)):
        return False
    if sentence.rstrip().rstrip("\"'”’) ").endswith("?") or sentence.rstrip().endswith(":"):
        return False
    if not sentence.rstrip().rstrip("\"'”’) ").endswith((".", "!")):
        return False  # headlines, captions, cut-off text
    if _CHROME.search(sentence) or is_boilerplate(sentence):
        return False
    # An odd number of quotation marks: the quote opens or closes in a neighbouring sentence.
    if len(_QUOTE_MARKS.findall(sentence)) % 2:
        return False
    inside = sum(max(0, min(end, q_end) - max(start, q_start)) for q_start, q_end in quoted)
    if sentence.lstrip().startswith(_OPEN_QUOTES) or inside > MAX_QUOTED_SHARE * (end - start):
        return False
    return sentence.upper() != sentence  # all-capitals lines are headlines or banners


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
    content = {w for w in lowered if w not in _STOP and len(w) > 1}
    pairs = {
        f"{a} {b}" for a, b in zip(lowered, lowered[1:]) if not (a in _STOP and b in _STOP)
    }
    return frozenset(content | pairs)


# ---------------------------------------------------------------------------------------------
# outlets, support and scores
# ---------------------------------------------------------------------------------------------


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
    articles: Sequence[Article], vectors: np.ndarray, owner: np.ndarray,
    independent: Sequence[bool] | None,
) -> _Groups:
    """Group articles by independent outlet: same outlet name, or a copy of an earlier article."""
    group: list[int] = []
    original: list[bool] = []
    by_outlet: dict[str, int] = {}
    for i, article in enumerate(articles):
        copied = _copied_from(i, vectors, owner) if independent is None else (
            None if independent[i] else _nearest_earlier(i, vectors, owner)
        )
        outlet = (article.outlet or "").strip().lower()
        if copied is not None:
            group.append(group[copied])
            original.append(False)
        elif outlet and outlet in by_outlet:
            group.append(by_outlet[outlet])
            original.append(True)
        else:
            group.append(i)
            original.append(True)
        if outlet and outlet not in by_outlet and copied is None:
            by_outlet[outlet] = group[-1]
    return _Groups(of_article=group, original=original)


def _copied_from(i: int, vectors: np.ndarray, owner: np.ndarray) -> int | None:
    """The earlier article that article i copies, when nearly all its sentences are there."""
    mine = vectors[owner == i]
    if not len(mine) or i == 0:
        return None
    for j in range(i):
        theirs = vectors[owner == j]
        if not len(theirs):
            continue
        twins = (mine @ theirs.T).max(axis=1) >= COPY_SIMILARITY
        if twins.mean() >= COPY_SENTENCE_SHARE:
            return j
    return None


def _nearest_earlier(i: int, vectors: np.ndarray, owner: np.ndarray) -> int | None:
    """For an article declared a copy: the earlier article it shares most sentences with."""
    mine = vectors[owner == i]
    best, best_score = None, -1.0
    for j in range(i):
        theirs = vectors[owner == j]
        if len(mine) and len(theirs):
            score = float((mine @ theirs.T).max(axis=1).mean())
            if score > best_score:
                best, best_score = j, score
    return best


def _cluster_centroid(vectors: np.ndarray, owner: np.ndarray, groups: _Groups) -> np.ndarray:
    """Mean of the original articles' mean sentence vectors: long reports and copies do not dominate."""
    means = [
        vectors[owner == i].mean(axis=0)
        for i, is_original in enumerate(groups.original)
        if is_original and (owner == i).any()
    ]
    if not means:
        means = [vectors.mean(axis=0)]
    centroid = np.mean(means, axis=0)
    return centroid / max(float(np.linalg.norm(centroid)), 1e-12)


def _support(vectors: np.ndarray, owner: np.ndarray, groups: _Groups) -> _Support:
    """How strongly each other outlet carries each sentence, and who counts as carrying it."""
    n = len(vectors)
    similarity = vectors @ vectors.T
    article_ids = sorted(set(owner.tolist()))
    best = np.zeros((n, max(article_ids) + 1), dtype=np.float32)
    for a in article_ids:
        best[:, a] = similarity[:, owner == a].max(axis=1)
    ramp = np.clip((best - SUPPORT_FLOOR) / (SUPPORT_SIMILARITY - SUPPORT_FLOOR), 0.0, 1.0)
    share = np.zeros(n, dtype=np.float32)
    articles = np.ones(n, dtype=np.int64)
    outlets = np.zeros(n, dtype=np.int64)
    others = max(1, groups.count - 1)
    for k in range(n):
        own = int(owner[k])
        by_group: dict[int, float] = defaultdict(float)
        supporters = {own}
        for a in article_ids:
            if a == own:
                continue
            if best[k, a] >= SUPPORT_SIMILARITY:
                supporters.add(a)
            g = groups.of_article[a]
            if g != groups.of_article[own]:
                by_group[g] = max(by_group[g], float(ramp[k, a]))
        share[k] = sum(by_group.values()) / others
        articles[k] = len(supporters)
        outlets[k] = len({groups.of_article[a] for a in supporters})
    return _Support(share=share, articles=articles, outlets=outlets)


def _relevance(
    candidates: Sequence[_Candidate], vectors: np.ndarray, centroid: np.ndarray,
    support: _Support, groups: _Groups,
) -> np.ndarray:
    """Each candidate's stand-alone score: centrality, corroboration, position, salience, concepts."""
    centrality = np.clip(vectors @ centroid, 0.0, 1.0)
    concept_weight = _concept_weights(candidates, groups)
    entity_outlets: dict[str, set[int]] = defaultdict(set)
    for c in candidates:
        for e in c.entities:
            entity_outlets[e].add(groups.of_article[c.article])
    scores = np.zeros(len(candidates), dtype=np.float32)
    top_concepts = max((sum(concept_weight.get(x, 0.0) for x in c.concepts) for c in candidates),
                       default=0.0)
    for k, c in enumerate(candidates):
        position = max(0.0, 1.0 - c.position / LEAD_SENTENCES)
        shared = [len(entity_outlets[e]) / groups.count for e in c.entities]
        salience = min(1.0, 0.5 * sum(shared) + (0.25 if c.has_fact else 0.0))
        concepts = sum(concept_weight.get(x, 0.0) for x in c.concepts) / (top_concepts or 1.0)
        scores[k] = (
            WEIGHT_CENTRALITY * centrality[k] + WEIGHT_CORROBORATION * support.share[k]
            + WEIGHT_POSITION * position + WEIGHT_SALIENCE * salience + WEIGHT_CONCEPTS * concepts
        )
    return scores


def _concept_weights(candidates: Sequence[_Candidate], groups: _Groups) -> dict[str, float]:
    """Share of outlets using each concept, for concepts that at least two outlets use."""
    users: dict[str, set[int]] = defaultdict(set)
    for c in candidates:
        for x in c.concepts:
            users[x].add(groups.of_article[c.article])
    needed = min(MIN_CONCEPT_OUTLETS, groups.count)
    return {x: len(g) / groups.count for x, g in users.items() if len(g) >= needed}


# ---------------------------------------------------------------------------------------------
# selection and headline
# ---------------------------------------------------------------------------------------------


def _select(
    candidates: Sequence[_Candidate], vectors: np.ndarray, relevance: np.ndarray, budget: int
) -> list[int]:
    """Greedy MMR within the word budget: relevance times novelty, minus overlap, per length."""
    pool = [k for k, c in enumerate(candidates) if c.eligible and c.words <= budget]
    chosen: list[int] = []
    covered: Counter[str] = Counter()
    used = 0
    top = float(relevance.max()) or 1.0
    while pool:
        best_k, best_value = None, float("-inf")
        for k in pool:
            c = candidates[k]
            if used + c.words > budget:
                continue
            overlap = float((vectors[chosen] @ vectors[k]).max()) if chosen else 0.0
            if overlap >= REDUNDANT_SIMILARITY:
                continue
            novelty = (
                sum(1 for x in c.concepts if x not in covered) / len(c.concepts) if c.concepts else 0.0
            )
            value = MMR_RELEVANCE * (relevance[k] / top) * novelty - (1 - MMR_RELEVANCE) * overlap
            value /= c.words ** LENGTH_EXPONENT / MIN_SENTENCE_WORDS ** LENGTH_EXPONENT
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
    titles = [a.title.strip() for a in articles if a.title and a.title.strip()]
    if not titles or centroid is None:
        return titles[0] if titles else ""
    distinct = list(dict.fromkeys(titles))
    scores = np.asarray(embedder.embed(distinct), dtype=np.float32) @ centroid
    return distinct[int(np.argmax(scores))]


def _lead_headline(candidates: Sequence[_Candidate], relevance: np.ndarray, chosen: Sequence[int]) -> str:
    """A headline from the reports themselves: a glued-on header, else the best lead shortened."""
    leads = [k for k, c in enumerate(candidates) if c.position == 0 and c.words >= MIN_SENTENCE_WORDS]
    headers = [k for k, c in enumerate(candidates) if c.header and len(c.header.split()) >= HEADLINE_MIN_WORDS]
    if headers:
        best = max(headers, key=lambda k: relevance[k])
        return _shorten(candidates[best].header or "")
    pool = leads or list(chosen) or list(range(len(candidates)))
    if not pool:
        return ""
    return _shorten(candidates[max(pool, key=lambda k: relevance[k])].text)


def _shorten(sentence: str) -> str:
    """A sentence cut at a clause break (or a word) near headline length, end punctuation dropped."""
    words = sentence.split()
    if len(words) > HEADLINE_MAX_WORDS:
        cut = HEADLINE_MAX_WORDS
        for i in range(HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS - 1, -1):
            if words[i - 1].endswith((",", ";", ":")):
                cut = i
                break
        words = words[:cut]
        while len(words) > HEADLINE_MIN_WORDS and words[-1].lower().strip(",;:") in _STOP:
            words.pop()
    return " ".join(words).rstrip(" ,;:.!-–—")
