"""The one split of every development file into a tune half and a check half.

Rules, thresholds and fitted weights are chosen by looking at the tune half only; the check
half is what gets reported. The split is by a hash of the unit that must not straddle it (a
story, a topic, a record), so it is fixed: the same key always falls in the same half, on any
machine, whatever else the file holds.
"""

from __future__ import annotations

import hashlib

TUNE = "tune"
CHECK = "check"
HALVES = (TUNE, CHECK)


def half_of(key: str) -> str:
    """The half a unit belongs to: TUNE or CHECK, by the parity of its key's SHA-256."""
    return TUNE if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else CHECK
