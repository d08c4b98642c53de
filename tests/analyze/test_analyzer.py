"""The analyzer's speed paths give what the plain paths give: the phrase-matched institution
ruler against spaCy token patterns, and worker processes against in-process extraction."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.pipeline import EntityRuler

from newsloom.analyze.analyzer import Analyzer, workers_from_env
from newsloom.analyze.entities.patterns import RULER_NAME, institution_patterns, name_patterns
from newsloom.model import Article

# Sentences written for these tests, with institutions in every form the patterns know:
# possessive countries (one and several tokens), demonyms, modifiers, bare and curly "’s".
TEXTS = [
    "Chile's former foreign office and the then-defence ministry in Santiago both declined.",
    "The Peruvian acting interior ministry said the Bolivian central bank would not comment.",
    "South Korea’s finance ministry and the United Kingdom's prime minister's office met.",
    "The foreign ministry said the election commission, not the FO, would decide.",
    "Norway's interim government and the Danish army held talks; the army said little.",
    "Officials at the Ministry of Foreign Affairs of Ghana said the health ministry agreed.",
]


def _old_ruler(nlp: Any) -> EntityRuler:
    """spaCy's entity ruler with the institution token patterns, as newsloom used before."""
    titles = nlp.get_pipe("newsloom_entities").resources.titles
    ruler = EntityRuler(nlp, "reference_ruler", overwrite_ents=True)
    ruler.add_patterns([*name_patterns(), *institution_patterns(titles)])
    return ruler


def test_institution_ruler_matches_token_patterns(analyzer: Any) -> None:
    nlp = analyzer.nlp
    reference = _old_ruler(nlp)
    ours = nlp.get_pipe(RULER_NAME)
    with nlp.select_pipes(disable=[RULER_NAME, "newsloom_entities"]):
        docs = list(nlp.pipe(TEXTS))
    found = 0
    for doc in docs:
        expected = reference.match(doc)
        assert ours.match(doc) == expected, doc.text
        found += len(expected)
    assert found >= 10  # the sentences do exercise the institution patterns


def _articles() -> list[Article]:
    return [
        Article(text=text, origin=f"test:{i}", published="2024-04-21")
        for i, text in enumerate(TEXTS)
    ]


def test_worker_processes_give_the_in_process_analyses(analyzer: Any) -> None:
    articles = _articles()
    expected = analyzer.pipe(articles)
    with Analyzer(analyzer.nlp, analyzer.embedder, workers=2) as pooled:
        assert pooled.pipe(articles) == expected
        assert pooled.pipe(articles[:1]) == expected[:1]  # one article: done in-process


def test_workers_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLOOM_ANALYZE_WORKERS", raising=False)
    assert workers_from_env() == 1
    monkeypatch.setenv("NEWSLOOM_ANALYZE_WORKERS", "2")
    assert workers_from_env() == 2
    monkeypatch.setenv("NEWSLOOM_ANALYZE_WORKERS", "auto")
    assert workers_from_env() >= 1
    monkeypatch.setenv("NEWSLOOM_ANALYZE_WORKERS", "many")
    with pytest.raises(ValueError):
        workers_from_env()
