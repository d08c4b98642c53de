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
    one batch."""
    texts = [sentence_text(s.text) for a in analyses for s in a.sentences]
    if not texts:
        return [None] * len(analyses)
    vectors = np.asarray(embedder.embed(texts), dtype=np.float32)
    out: list[np.ndarray | None] = []
    at = 0
    for a in analyses:
        n = len(a.sentences)
        out.append(vectors[at : at + n] if n else None)
        at += n
    return out
