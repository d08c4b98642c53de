"""Map character offsets in cleaned text back to the text exactly as it was given."""

from __future__ import annotations

from difflib import SequenceMatcher


class OffsetMap:
    """For each character of the cleaned text, its position in the original text."""

    def __init__(self, original: str, cleaned: str) -> None:
        self.original = original
        self.cleaned = cleaned
        self._to_original: list[int | None] = [None] * len(cleaned)
        self._align()

    def _align(self) -> None:
        pos = 0
        i = 0
        for line in self.cleaned.split("\n"):
            if line:
                found = self.original.find(line, pos)
                if found >= 0:
                    # the line survived cleaning verbatim: map it character by character
                    for k in range(len(line)):
                        self._to_original[i + k] = found + k
                    pos = found + len(line)
                else:
                    pos = self._align_fuzzy(line, i, pos)
            i += len(line) + 1

    def _align_fuzzy(self, line: str, offset: int, pos: int) -> int:
        """Align a line whose spacing or characters changed in cleaning; the new position."""
        window = self.original[pos : pos + 2 * len(line) + 200]
        matcher = SequenceMatcher(None, line, window, autojunk=False)
        last = pos
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self._to_original[offset + block.a + k] = pos + block.b + k
                last = pos + block.b + k + 1
        return last

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the cleaned span [start, end)."""
        if end <= start:
            at = self._nearest(start)
            return at, at
        first = self._nearest(start)
        last = self._nearest_back(end - 1)
        return first, max(first, last + 1)

    def _nearest(self, index: int) -> int:
        for k in range(index, len(self._to_original)):
            mapped = self._to_original[k]
            if mapped is not None:
                return mapped
        return len(self.original)

    def _nearest_back(self, index: int) -> int:
        for k in range(min(index, len(self._to_original) - 1), -1, -1):
            mapped = self._to_original[k]
            if mapped is not None:
                return mapped
        return 0
