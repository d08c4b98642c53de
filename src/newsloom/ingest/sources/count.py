"""How many inputs an ingest will read, when that is cheap to know: for a progress total."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsloom.ingest.sources import STDIN, _walk, kinds
from newsloom.ingest.sources.text import is_sidecar

# Bytes read at a time while counting a JSONL file's lines.
_CHUNK = 1 << 20


def _jsonl_lines(path: Path) -> int:
    """The non-blank lines of a JSONL file: one input each."""
    count = 0
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            count += sum(1 for line in lines if line.strip())
    return count + (1 if tail.strip() else 0)


def _inputs_in_file(path: Path) -> int | None:
    """A file's inputs: one per page or text, one per JSONL line; None when only reading tells."""
    kind = kinds.kind_of_path(path)
    if kind in (kinds.TEXT, kinds.HTML):
        return 1
    if kind == kinds.JSON and is_sidecar(path):
        return 0
    if kind == kinds.JSONL:
        return _jsonl_lines(path)
    return None  # compressed, feeds, unknown kinds: their count needs the whole read


def count_inputs(paths: Sequence[str | Path]) -> int | None:
    """The number of inputs (articles or skips) the paths hold, or None when it is not cheap.

    Standard input, gzip files, feeds and files of unknown kind leave the count unknown."""
    total = 0
    try:
        for given in paths:
            if str(given) == STDIN:
                return None
            path = Path(given)
            files = [f[0] for f in _walk(path, str(given)) if isinstance(f, tuple)]
            for file in files if path.is_dir() else [path]:
                found = _inputs_in_file(file) if file.is_file() else 1
                if found is None:
                    return None
                total += found
    except OSError:
        return None  # the reader reports the problem; the progress bar just has no total
    return total
