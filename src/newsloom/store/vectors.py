"""Sentence vectors kept with each analysed article, so a brief never embeds on request.

One row per sentence: the article, the sentence's offsets in the article text, and its unit
MiniLM vector as float16 (768 bytes for 384 dimensions; cosines move by under 0.001). Rows
are keyed by the sentence's start offset, so a vector is found for exactly the sentence it was
made from; an article whose sentences do not all have one is embedded again by the reader.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsloom.model import Span
from newsloom.store.chunks import rows_in

if TYPE_CHECKING:  # the store writes vectors through this module: no import cycle at run time
    from newsloom.store.sqlite import Store

__all__ = ["load_sentence_vectors", "save_sentence_vectors", "write_sentence_vectors"]

# Stored precision: half floats are exact enough for cosines and halve the store's growth.
VECTOR_DTYPE = np.float16


def write_sentence_vectors(
    conn: sqlite3.Connection, article_id: int, sentences: Sequence[Span], vectors: np.ndarray
) -> None:
    """Store one vector per sentence of an article (inside the caller's transaction)."""
    if len(vectors) != len(sentences):
        raise ValueError(f"{len(sentences)} sentences but {len(vectors)} vectors")
    conn.execute("DELETE FROM sentence_vectors WHERE article_id=?", (article_id,))
    conn.executemany(
        "INSERT INTO sentence_vectors(article_id, start, end, vector) VALUES (?,?,?,?)",
        [
            (article_id, s.start, s.end, np.asarray(v, dtype=VECTOR_DTYPE).tobytes())
            for s, v in zip(sentences, vectors, strict=True)
        ],
    )


def save_sentence_vectors(
    store: Store, vectors: Mapping[int, tuple[Sequence[Span], np.ndarray]]
) -> None:
    """Store the sentence vectors of several articles in one write transaction."""
    if not vectors:
        return
    with store.write() as conn:
        for article_id, (sentences, block) in vectors.items():
            write_sentence_vectors(conn, article_id, sentences, block)


def load_sentence_vectors(
    store: Store, sentences: Mapping[int, Sequence[Span]]
) -> dict[int, np.ndarray]:
    """Each article's stored vectors, one row per given sentence, for the articles that have a
    vector for every sentence (others are left out: the caller embeds them)."""
    rows: dict[int, dict[tuple[int, int], bytes]] = {}
    for r in rows_in(
        store.conn,
        "SELECT article_id, start, end, vector FROM sentence_vectors WHERE article_id IN ({marks})",
        list(sentences),
    ):
        rows.setdefault(int(r["article_id"]), {})[(int(r["start"]), int(r["end"]))] = r["vector"]
    out: dict[int, np.ndarray] = {}
    for article_id, spans in sentences.items():
        found = rows.get(article_id, {})
        blobs = [found.get((s.start, s.end)) for s in spans]
        if not spans or any(b is None for b in blobs):
            continue
        block = np.frombuffer(b"".join(b for b in blobs if b is not None), dtype=VECTOR_DTYPE)
        out[article_id] = block.reshape(len(spans), -1).astype(np.float32)
    return out
