"""The text of a clause read from some of a sentence's tokens (`dated_clauses`).

The tokens kept for a statement are rarely contiguous: an apposition, a side clause or a phrase
is left out between them. Their text is the tokens in reading order with the text's own spacing
where two of them touch, and its punctuation only where it still has a job: a comma or hyphen
between two kept words, the comma closing a kept aside, a bracket whose partner is kept, a
comma after a reported clause told before its speaker ("The toll has risen to 31, the agency
said"). A conjunction with nothing left to join and half of a hyphenated word go.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from spacy.tokens import Doc, Token

__all__ = ["BRACKETS", "clause_text"]

# Opening brackets and the bracket that closes each.
BRACKETS = {"(": ")", "[": "]"}
# Punctuation written against the word before it: no space before it when words between go.
_CLOSING = frozenset({",", ")", "]"})


def clause_text(
    doc: Doc,
    kept: Collection[int],
    order: Mapping[int, float],
    told_first: Sequence[tuple[int, int]] = (),
) -> str:
    """The kept tokens' text in reading order (`order` places a token elsewhere than its own
    index), capitalised; `told_first` holds the (first, last) tokens of reported clauses that
    come before their speaker, which a comma ends."""
    indices = sorted(
        {*kept, *_joining_punctuation(doc, kept)}, key=lambda i: (order.get(i, float(i)), i)
    )
    indices = _balanced(doc, indices)
    present = set(indices)
    indices = [
        i
        for i in indices
        if (doc[i].dep_ != "cc" or _joins(doc[i], present)) and _whole_word(doc, i, present)
    ]
    while indices and doc[indices[0]].is_punct:
        indices.pop(0)
    while indices and doc[indices[-1]].is_punct and doc[indices[-1]].text not in ")]":
        indices.pop()
    ends = _clause_ends(doc, indices, told_first)
    parts: list[str] = []
    for n, i in enumerate(indices):
        following = indices[n + 1] if n + 1 < len(indices) else None
        comma = i in ends and following is not None and doc[following].text != ","
        parts.append(doc[i].text + ("," if comma else ""))
        if following == i + 1:
            parts.append(doc[i].whitespace_)
        elif following is not None:
            parts.append("" if doc[following].text in _CLOSING else " ")
    text = " ".join("".join(parts).split())
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _clause_ends(
    doc: Doc, indices: Sequence[int], told_first: Sequence[tuple[int, int]]
) -> set[int]:
    """The last kept word of each reported clause told before its speaker, unless the text
    ends there or it is punctuation already."""
    ends = set()
    for first, last in told_first:
        inside = [i for i in indices if first <= i <= last]
        if inside and inside[-1] != indices[-1] and not doc[inside[-1]].is_punct:
            ends.add(inside[-1])
    return ends


def _joining_punctuation(doc: Doc, kept: Collection[int]) -> set[int]:
    """Punctuation the text has between kept words: a comma between two of them ("By
    Wednesday, AFAD put ..."), a hyphen inside a word ("tit-for-tat"), and the comma that
    closes a kept aside whose opening comma is kept ("the project, initiated in 2013, faced")."""
    kept = set(kept)
    found = set()
    for i in kept:
        mark = i + 1
        if mark + 1 >= len(doc) or mark + 1 not in kept or not doc[mark].is_punct:
            continue
        if doc[mark].text == "," or not (doc[i].whitespace_ or doc[mark].whitespace_):
            found.add(mark)
    for comma in list(found):
        if doc[comma].text != "," or comma + 1 not in kept:
            continue
        aside = doc[comma + 1]
        while aside.head.left_edge.i == comma + 1 and aside.head.i != aside.i:
            aside = aside.head
        end = aside.right_edge.i + 1
        if end < len(doc) and doc[end].text == "," and any(j > end for j in kept):
            found.add(end)
    return found


def _balanced(doc: Doc, indices: list[int]) -> list[int]:
    """The indices without brackets whose partner is not kept."""
    out = []
    for n, i in enumerate(indices):
        text = doc[i].text
        if text in BRACKETS:
            if not any(doc[j].text == BRACKETS[text] for j in indices[n + 1 :]):
                continue
        elif text in BRACKETS.values():
            opening = next(o for o, c in BRACKETS.items() if c == text)
            if not any(doc[j].text == opening for j in indices[:n]):
                continue
        out.append(i)
    return out


def _whole_word(doc: Doc, i: int, kept: Collection[int]) -> bool:
    """Whether a kept token is not half of a hyphenated word whose other half is left out
    ("co" of "co-financing")."""
    if i + 2 < len(doc) and _glued_hyphen(doc, i + 1) and i + 2 not in kept:
        return False
    return not (i >= 2 and _glued_hyphen(doc, i - 1) and i - 2 not in kept)


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """Whether token i is a hyphen written against the words either side of it."""
    return doc[i].text == "-" and not doc[i].whitespace_ and not doc[i - 1].whitespace_


def _joins(conjunction: Token, kept: Collection[int]) -> bool:
    """Whether a kept "and"/"or" still has a kept word after it that it joins."""
    return any(
        c.dep_ == "conj" and c.i > conjunction.i and c.i in kept for c in conjunction.head.children
    )
