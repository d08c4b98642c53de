"""One MiniLM vector per analysed sentence: what the store keeps and the summariser reads."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsloom.model import Analysis, SentenceEmbedder

__all__ = ["embed_sentence_blocks", "sentence_text"]


def sentence_text(text: str) -> str:
    """A sentence as it is embedded: its whitespace runs (hard-wrapped lines) read as spaces."""
    return " ".join(text.split())


def embed_sentence_blocks(
    embedder: SentenceEmbedder, analyses: Sequence[Analysis]
) -> list[np.ndarray | None]:
    """Per analysis, one unit vector per sentence (None when it has no sentences), embedded in
    one batch. When the batch fails, each analysis is embedded alone, and one the embedder
    cannot read gets None (its brief embeds its sentences on request): one bad article never
    costs the others their vectors."""
    texts = [sentence_text(s.text) for a in analyses for s in a.sentences]
    if not texts:
        return [None] * len(analyses)
    try:
        vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
    except Exception:  # any embedder failure: fall back to one article at a time
        return [_embedded_alone(embedder, a) for a in analyses]
    out: list[np.ndarray | None] = []
    at = 0
    for a in analyses:
        n = len(a.sentences)
        out.append(vectors[at : at + n] if n else None)
        at += n
    return out


def _embedded_alone(embedder: SentenceEmbedder, analysis: Analysis) -> np.ndarray | None:
    """One analysis's sentence vectors, or None when it has none or the embedder fails on it."""
    if not analysis.sentences:
        return None
    try:
        return np.asarray(
            embedder.embed([sentence_text(s.text) for s in analysis.sentences]), dtype=np.float32
        )
    except Exception:  # reported once already, by the article's own embedding
        return None
