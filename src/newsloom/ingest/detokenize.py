"""Undo Penn-Treebank tokenisation: "the sheriff 's estimate , he said" back to running text.

Research corpora (TAC, DUC, the Penn Treebank itself) and some feeds ship text with every token
split by spaces: punctuation detached (" , "), clitics split (" 's", " n't"), quotes written as
`` and '', brackets as -LRB- and -RRB-. Read as it is, that text wastes a summary's word budget
on commas and confuses sentence splitting and quote detection. `detokenize` rejoins it when the
text shows the signs of tokenisation and leaves ordinary prose untouched.
"""

from __future__ import annotations

import re

__all__ = ["detokenize", "looks_tokenized"]

# A text is tokenised when at least this many of its commas and full stops stand alone
# (" , ") and they are at least this share of all of them: ordinary prose has almost none.
MIN_DETACHED_MARKS = 3
DETACHED_SHARE = 0.6

_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
}
_BRACKET_TOKEN = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-")
_DETACHED = re.compile(r"(?<=\S) [,.](?=\s|$)")
_ATTACHED = re.compile(r"(?<=\w)[,.](?=\s|$)")
# Steps in order: each pattern and what it becomes.
_STEPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"``\s*"), "“"),
    (re.compile(r"\s*''"), "”"),
    # Clitics and contractions split off their word: "sheriff 's", "do n't", "they 're".
    (re.compile(r"(?<=\w) (n't|'s|'re|'ve|'ll|'d|'m|'S|'RE|'VE|'LL|'D|'M|N'T)\b"), r"\1"),
    # A plural possessive: "students ' lockers".
    (re.compile(r"(?<=s) '(?=\s)"), "'"),
    # Punctuation detached from the word before it.
    (re.compile(r" ([,.;:!?%])(?=\s|$|[”)\]])"), r"\1"),
    (re.compile(r" (\.\.\.)"), r"\1"),
    # Opening brackets and currency signs detached from the word after them.
    (re.compile(r"([(\[{$£€]) (?=\S)"), r"\1"),
    (re.compile(r"(?<=\S) ([)\]}])"), r"\1"),
    (re.compile(r"“ (?=\S)"), "“"),
    (re.compile(r"(?<=\S) ”"), "”"),
)


def looks_tokenized(text: str) -> bool:
    """Whether the text reads as tokenised: most commas and full stops stand apart."""
    if _BRACKET_TOKEN.search(text) or "``" in text:
        return True
    detached = len(_DETACHED.findall(text))
    attached = len(_ATTACHED.findall(text))
    return detached >= MIN_DETACHED_MARKS and detached >= DETACHED_SHARE * (detached + attached)


def detokenize(text: str) -> str:
    """The text rejoined into running prose when it is tokenised; otherwise unchanged."""
    if not looks_tokenized(text):
        return text
    for token, mark in _BRACKETS.items():
        text = text.replace(token, mark)
    lines = []
    for line in text.split("\n"):
        for pattern, replacement in _STEPS:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return "\n".join(lines)
