"""A gzip stream that keeps a bomb's ratio is stopped after its first MiB, not its allowance.

Regression: a gzip bomb of tiny records ("{}" lines, 48 members, 3 GiB inflated) was read up to
the 100-times allowance: 35 million broken records, four and a half minutes of ingest.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from newsloom.ingest.sources import read_paths
from newsloom.ingest.sources.limits import RATIO_CHECKED_FROM_BYTES
from newsloom.model import Skipped

LINES = 2_000_000  # "{}\n" each: 6 MB that gzip makes about 6 KB


def _problems(items: list[object]) -> int:
    """The problems a file produced: those listed plus those counted in NL016."""
    listed = [s for s in items if isinstance(s, Skipped)]
    counted = sum(
        int(re.match(r"([\d,]+)", s.message)[1].replace(",", ""))  # type: ignore[index]
        for s in listed
        if s.code == "NL016"
    )
    return len(listed) + counted


def test_a_bomb_of_tiny_records_stops_after_its_first_mib(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b"{}\n" * LINES, compresslevel=9))
    items = list(read_paths([path]))
    bomb = [s for s in items if isinstance(s, Skipped) and s.code == "NL014"]
    assert bomb and "compression bomb" in bomb[0].message
    # only what fits in the first MiB or two of output was read, not all two million lines
    assert _problems(items) < 2 * RATIO_CHECKED_FROM_BYTES // 3


def test_real_compressed_news_reads_whole(data_dir: Path) -> None:
    path = data_dir / "reuters21578-articles.jsonl.gz"
    if not path.is_file():
        import pytest

        pytest.skip(f"{path.name} not found under {data_dir}")
    items = list(read_paths([path]))
    assert not [s for s in items if isinstance(s, Skipped) and s.code == "NL014"]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        assert len(items) >= sum(1 for line in fh if line.strip())
