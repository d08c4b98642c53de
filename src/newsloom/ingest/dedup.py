"""Find exact and near-duplicate articles: syndicated copies are recorded, not re-analysed."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsloom.model import DedupResult

# 128 permutations keep the Jaccard estimate within about ±0.09 (1/sqrt(128)),
# enough to separate a republished copy (≥0.9) from a rewrite of the same event.
NUM_PERM = 128
# Shingles of five words: short enough to survive a changed dateline or footer,
# long enough that two different reports of one event share few of them.
SHINGLE_WORDS = 5
# Estimated Jaccard over which two texts count as the same report. Wire copies
# with a different headline or footer score 0.85+; independent reports of one
# event score well under 0.3.
NEAR_DUPLICATE_JACCARD = 0.8
# datasketch's hashing scheme, named so stored signatures stay comparable.
MINHASH_SCHEME = "affine32"
# Texts shorter than this many words have too few shingles for a stable
# estimate, so only exact matches count for them.
MIN_WORDS_FOR_NEAR = 20

_WORD = re.compile(r"\w+", re.UNICODE)


def normalised_words(text: str) -> list[str]:
    """Lower-cased word tokens with accents folded: the basis of both hashes."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


def content_hash(text: str) -> str:
    """A hash of the text that ignores case, punctuation and spacing."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


def minhash_of(text: str) -> MinHash:
    """MinHash signature of the text's word shingles."""
    words = normalised_words(text)
    mh = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
    if len(words) < SHINGLE_WORDS:
        shingles = [" ".join(words)]
    else:
        shingles = [
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        ]
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


class Deduper:
    """An exact-hash map and a MinHash LSH index over the stored originals."""

    def __init__(self) -> None:
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=NEAR_DUPLICATE_JACCARD, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._exact)

    def check(self, text: str) -> tuple[DedupResult, MinHash | None]:
        """Classify a text against the originals seen so far (does not add it)."""
        digest = content_hash(text)
        original = self._exact.get(digest)
        if original is not None:
            return DedupResult(content_hash=digest, copy_of=original, kind="exact"), None
        if len(normalised_words(text)) < MIN_WORDS_FOR_NEAR:
            return DedupResult(content_hash=digest), None
        signature = minhash_of(text)
        best_key, best_sim = None, 0.0
        for key in self._lsh.query(signature):
            sim = signature.jaccard(self._signatures[key])
            if sim > best_sim or (sim == best_sim and best_key is not None and key < best_key):
                best_key, best_sim = key, sim
        if best_key is not None and best_sim >= NEAR_DUPLICATE_JACCARD:
            return DedupResult(
                content_hash=digest, copy_of=best_key, similarity=best_sim, kind="near"
            ), signature
        return DedupResult(content_hash=digest), signature

    def add(self, key: str, digest: str, signature: MinHash | None) -> None:
        """Register an original article so later copies are found."""
        self._exact.setdefault(digest, key)
        if signature is not None and key not in self._signatures:
            self._lsh.insert(key, signature)
            self._signatures[key] = signature


def signature_to_bytes(signature: MinHash | None) -> bytes | None:
    """Serialise a signature's hash values for the store."""
    if signature is None:
        return None
    return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(blob: bytes | None) -> MinHash | None:
    """Rebuild a signature stored by signature_to_bytes."""
    if blob is None:
        return None
    return MinHash(
        num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=MINHASH_SCHEME
    )
