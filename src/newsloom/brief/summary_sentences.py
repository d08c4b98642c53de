"""Cleaning up a report's sentences before the summariser weighs them.

A sentence as the parser hands it over often carries more than the sentence: surrounding
space, a wire dateline ("LONDON (Reuters) - "), or headline and byline lines the parser ran
into it, sometimes with a publication stamp. `trim_span` cuts those off and hands back the
header it found. `is_eligible` and `inside_quotation` say whether what is left may stand in a
summary on its own, and `shorten_to_headline` cuts a sentence down to headline size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_STOP_WORDS

from newsloom.ingest.clean import is_boilerplate
from newsloom.model import Span

# Shorter sentences are headline scraps, bylines and captions more often than facts.
MIN_SENTENCE_WORDS = 8
# Longer ones are run-ons or missed sentence splits that spend half the budget on one fact.
MAX_SENTENCE_WORDS = 45
# A sentence this much inside direct quotation marks is somebody's comment, not the news.
MAX_QUOTED_SHARE = 0.5
# A line is a headline when at least this share of its content words are capitalised:
# "Iranian President Ebrahim Raisi Set for Landmark Visit to Pakistan".
TITLE_CAPITALISED_SHARE = 0.7
# How far back to look for an unclosed quotation mark (about two sentences).
QUOTE_LOOKBACK_CHARS = 400
# Hard-wrapped text: at least this many lines, nearly all (WRAPPED_SHARE) no wider than
# WRAP_WIDTH characters; scraped pages put a paragraph (usually 120+ characters) on each line.
MIN_WRAPPED_LINES = 4
WRAPPED_SHARE = 0.8
WRAP_WIDTH = 90
# Generated headlines are cut to about a headline's length, but never below the minimum.
HEADLINE_MAX_WORDS = 14
HEADLINE_MIN_WORDS = 4

# Words that carry no content of their own: spaCy's list plus the verbs of attribution.
STOP_WORDS = frozenset(_SPACY_STOP_WORDS) | {
    "said",
    "says",
    "told",
    "according",
    "reported",
    "reports",
}
# "WASHINGTON (AP) _ ", "LONDON, May 3 (Reuters) - ", "(CNN) -- ", "Washington _ ": a wire
# dateline before the lead.
# No "^": `match` is called at the sentence's start, and "^" would only match at the text's.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s\d{1,2})?)?\s*)?"
    r"\((?:AP|Reuters|AFP|CNN|UPI|Xinhua|dpa|Bloomberg|[A-Z][A-Za-z]{1,20})\)\s*(?:[-_–—]+|:)\s*"
    r"|[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Za-z. ]{2,30})?\s*[-_–—]{1,2}\s+"
    # The wire's underscore dash after a place in title case: "Washington _ ".
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}(?:,\s*[A-Z][A-Za-z.]+)?\s+_\s+"
)
# A publication stamp: "Dec. 7, 2009", "16 September 2013", "2 / 3 / 2009", "11: 11 PM ET",
# "03. 31 BST", or several of them in a row ("November 30, 2009 at 02: 22 pm").
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ZONE = r"(?:ET|PT|PDT|PST|EST|EDT|CT|CST|CDT|GMT|BST|IST|CET|CEST|UTC)\b"
_STAMP_UNIT = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}"
    r"|\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:[ap]\.?\s?m\b\.?|AM\b|PM\b|A\.\s?M\b\.?|P\.\s?M\b\.?))?"
    rf"(?:\s*{_ZONE})?"
    rf"|\d{{1,2}}\s*(?:[ap]\.?m\.?|AM|PM)?\s*{_ZONE})"
)
_STAMP = re.compile(
    rf"{_STAMP_UNIT}(?:\s*(?:,|at|@|\||-)?\s*{_STAMP_UNIT})*(?:\s*[|,])?\s*", re.IGNORECASE
)
# Where a stamp can begin: a digit or a month's first three letters (every _STAMP_UNIT starts
# with one), found without trying the whole pattern at every character.
_STAMP_HEAD = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
_STAMP_HEAD_CHARS = 3
# Words that introduce a stamp in a page header and belong to neither headline nor sentence.
_STAMP_WORD = re.compile(
    r"\b(?:posted|published|updated|last updated|first posted)\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?",
    re.IGNORECASE,
)
# A stamp right after one of these is part of the sentence ("on Nov. 30, 2009 he ..."), not a
# header.
_STAMP_PREPOSITIONS = frozenset(
    [
        "on",
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "of",
        "at",
        "before",
        "after",
        "to",
        "during",
        "between",
        "and",
        "or",
        "until",
    ]
)
_CHROME = re.compile(
    r"https?://|www\.|@\w|\bclick\b|\bsubscribe|\bnewsletter|\ball rights reserved\b|\bcopyright\b"
    r"|\bfollow us\b|\bsign up\b|\bread more\b|\blast updated\b|\bupdated:|\bposted:|\bphoto:"
    r"|\bcaption\b|\bcookies?\b|\bterms of (?:use|service)\b"
    r"|\b\d{3,5}[ -]\d{3}[ -]\d{3,4}\b",  # a phone number: an appeal or an advert
    re.IGNORECASE,
)
# Lower-case pieces of which every _CHROME match holds one (a phone number holds _PHONE_DIGITS):
# sentences with none of them are passed without running the pattern, which tries each of its
# alternatives at every character and took a third of a large story's summary.
_CHROME_PIECES = (
    "http", "www.", "@", "click", "subscribe", "newsletter", "all rights reserved", "copyright",
    "follow us", "sign up", "read more", "last updated", "updated:", "posted:", "photo:",
    "caption", "cookie", "terms of ",
)  # fmt: skip
_PHONE_DIGITS = re.compile(r"\d[ -]\d{3}[ -]\d")
# The only non-ASCII characters re.IGNORECASE matches to ASCII letters, mapped to those letters
# before lower-casing, so that the pieces are found wherever the pattern could match.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# Every publication stamp holds a digit: sentences without one are not searched for stamps.
_DIGIT = re.compile(r"\d")
# A title or an initial never ends a sentence: the parser split "Capt. Tom Tennant" in two.
# An elliptical sentence that ends on its auxiliary ("Village houses ... did not.") leans on
# the sentence before it for its verb.
_ELLIPTICAL_END = re.compile(
    r"\b(?:did|does|do|was|were|is|are|had|has|have|could|would|will|can|should|might)"
    r"(?:\s+not|n't)?(?:\s+(?:either|too))?\s*[.!]$",
    re.IGNORECASE,
)
# Wrap-up filler: evaluative closing lines that restate the story without a fact.
_FILLER = re.compile(
    r"^(?:Overall|In (?:conclusion|summary|short|sum|brief)|All in all|Ultimately|To sum up"
    r"|Taken together|In the end|Only time will tell)\b"
    r"|\b(?:remains? to be seen|only time will tell|remains? (?:significant|important|crucial"
    r"|complex|uncertain|unclear))\b",
    re.IGNORECASE,
)
# Every match of the pattern's second half holds one of these (lower-cased, with _ASCII_FOLDS):
# a sentence with neither can match only at its start.
_FILLER_PIECES = ("remain", "only time will tell")
# The most non-space characters an _ELLIPTICAL_END match holds ("should" "not" "either" "."):
# it lies inside the sentence's last this-many-plus-one of them, so only they are searched.
_ELLIPTICAL_CHARS = 16
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:Capt|Lt|Sgt|Gen|Col|Maj|Adm|Cmdr|Cpl|Gov|Sen|Rep|Dr|Mr|Mrs|Ms|Prof|Rev|Insp|Supt|Det"
    r"|St|Mt|No|vs)|(?<![.\w])[A-Z])\.$"
)
# Quotation marks, straight, curly and the PTB `` '' pair; the text between a pair.
_OPENING_MARKS = ("``", "“")
_QUOTE_MARKS = re.compile(r"``|''|[“”\"]")
_QUOTED = re.compile(r"(?:``|“|\")(.*?)(?:''|”|\")")
# Headline shortening: ", who ... ," / ", 85," asides and a closing ", officials said."
_APPOSITIVE = re.compile(r",\s(?:who|whose|which|the|a|an|\d+)\b[^,]{0,140},\s?")
_ATTRIBUTION = re.compile(r",\s[^,]{0,60}\b(?:said|says|reported|told [A-Za-z. ]+)\s*\.?$")
_DASHES = frozenset({"-", "–", "—", "--"})


def hard_wrapped(text: str) -> bool:
    """Whether the text is in fixed-width lines (wire copy) rather than one line a paragraph."""
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(line) <= WRAP_WIDTH)
    return len(lines) >= MIN_WRAPPED_LINES and short >= WRAPPED_SHARE * len(lines)


def trim_span(text: str, span: Span, wrapped: bool = False) -> tuple[int, int, str | None]:
    """Offsets of the span without surrounding space, wire dateline or glued headline + stamp."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    header = None
    header_end = _header_lines_end(text, start, end, wrapped)
    if header_end is not None:
        header, start = " ".join(text[start:header_end].split()) or None, header_end
    dateline = _DATELINE.match(text, start, end)
    start = dateline.end() if dateline else start
    stamp_end, stamp_header = _glued_stamp(text, start, end)
    if stamp_end is not None:
        header, start = stamp_header or header, stamp_end
    return start, end, header


def _header_lines_end(text: str, start: int, end: int, wrapped: bool) -> int | None:
    """Where the sentence proper begins when the parser ran headline or byline lines into it."""
    # Only a sentence that starts a line can carry header lines, and in hard-wrapped wire copy
    # only a blank line ends one: there a single line break falls anywhere in a sentence.
    if start > 0 and text[start - 1] != "\n":
        return None
    found = None
    position = start
    while True:
        newline = text.find("\n", position, end)
        if newline == -1:
            return found
        line = text[position:newline]
        paragraph_break = text.startswith("\n\n", newline) or not line.strip()
        rest = text[newline + 1 : end]
        if len(rest.split()) < MIN_SENTENCE_WORDS:
            return found
        titled = _is_title_line(line) and not wrapped
        if not (titled or (paragraph_break and not line.rstrip().endswith((".", ",", ";")))):
            return found
        found = position = newline + 1
        while found < end and text[found].isspace():
            found = position = found + 1


def _is_title_line(line: str) -> bool:
    """Whether a line reads like a headline: capitalised content words, no closing full stop."""
    words = line.split()
    if not words or line.rstrip().endswith((".", ",", ";", ":")):
        return not words
    content = [w for w in words if w.lower().strip("'\"‘’“”") not in STOP_WORDS]
    capitalised = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return len(content) >= 2 and capitalised >= TITLE_CAPITALISED_SHARE * len(content)


def _glued_stamp(text: str, start: int, end: int) -> tuple[int | None, str | None]:
    """Where the sentence proper begins after a "Headline  Dec. 7, 2009  " prefix, if any."""
    # Only the first half of a sentence can be a header; later stamps are the sentence's own dates.
    limit = start + (end - start) // 2
    found: tuple[int | None, str | None] = (None, None)
    if not _DIGIT.search(text, start, end):
        return found  # every stamp holds a digit: no need to run the pattern
    for match in _stamps_from(text, start, end, limit):
        before = text[start : match.start()].split()
        after = text[match.end() : end]
        # A header is not a clause: it does not end in a preposition, conjunction or comma,
        # and what follows it is a whole sentence.
        if before and (before[-1].lower() in _STAMP_PREPOSITIONS or before[-1].endswith(",")):
            continue
        if (after[:1].isupper() or after[:1].isdigit()) and len(
            after.split()
        ) >= MIN_SENTENCE_WORDS:
            found = (match.end(), _clean_header(text[start : match.start()]))
    return found


def _stamps_from(text: str, start: int, end: int, limit: int) -> Iterator[re.Match[str]]:
    """The stamps `_STAMP.finditer(text, start, end)` finds that begin by `limit`.

    The pattern is tried only where a stamp can begin, and only up to the limit: a search of
    the whole sentence tried each of its alternatives at every character.
    """
    position = start
    while position <= limit:
        for head in _STAMP_HEAD.finditer(text, position, min(end, limit + _STAMP_HEAD_CHARS)):
            if head.start() > limit:
                return
            match = _STAMP.match(text, head.start(), end)
            if match is not None:
                yield match
                position = match.end()
                break
        else:
            return


def _clean_header(header: str) -> str | None:
    """A header cut before its first stamp or "Posted"/"Updated" word, separators trimmed."""
    cuts = [m.start() for m in (_STAMP.search(header), _STAMP_WORD.search(header)) if m]
    if cuts and min(cuts) > 0:
        header = header[: min(cuts)]
    return header.strip(" |-–—,") or None


def is_eligible(sentence: str, start: int, end: int, quoted: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence may stand in a summary on its own."""
    words = len(sentence.split())
    if not MIN_SENTENCE_WORDS <= words <= MAX_SENTENCE_WORDS:
        return False
    # Lower-case or punctuation openings are fragments of a split sentence or of a quote, and
    # a sentence that opens with a quotation mark is somebody's words, not the news.
    if not (sentence[:1].isupper() or sentence[:1].isdigit()):
        return False
    # Questions, headlines, captions and cut-off text do not end in a full stop.
    if not sentence.rstrip("\"'”’) ").endswith((".", "!")) or _abbreviation_end(sentence):
        return False
    if _elliptical_end(sentence):
        return False
    if _chrome(sentence) or is_boilerplate(sentence) or sentence.upper() == sentence:
        return False
    # An odd number of quotation marks: the quote opens or closes in a neighbouring sentence.
    if len(_QUOTE_MARKS.findall(sentence)) % 2:
        return False
    inside = sum(max(0, min(end, q_end) - max(start, q_start)) for q_start, q_end in quoted)
    marked = sum(len(m.group(1)) for m in _QUOTED.finditer(sentence))
    return max(inside, marked) <= MAX_QUOTED_SHARE * len(sentence)


def _abbreviation_end(sentence: str) -> bool:
    """Whether the sentence ends in a title or an initial ("Capt.", "J.")."""
    # A match starts at most five characters from the end ("Capt.", six before a final line
    # break) and its lookbehinds read the text before the start position: searching the last
    # seven characters gives the answer a search of the whole sentence gives.
    return _ABBREVIATION_END.search(sentence, max(0, len(sentence) - 7)) is not None


def _elliptical_end(sentence: str) -> bool:
    """Whether the sentence ends on its auxiliary ("... did not."), leaning on the one before."""
    # The pattern tries each of its alternatives at every character; a match ends the sentence
    # (at most a final line break after it) and holds at most _ELLIPTICAL_CHARS non-space
    # characters, so a search from where the last _ELLIPTICAL_CHARS + 1 of them begin finds
    # what a search of the whole sentence finds (its word boundary reads the text before).
    begin, seen = len(sentence), 0
    while begin > 0 and seen <= _ELLIPTICAL_CHARS:
        begin -= 1
        if not sentence[begin].isspace():
            seen += 1
    return _ELLIPTICAL_END.search(sentence, begin) is not None


def _chrome(sentence: str) -> bool:
    """Whether the sentence carries page furniture: a link, an appeal, a notice, a phone number."""
    lowered = (sentence if sentence.isascii() else sentence.translate(_ASCII_FOLDS)).lower()
    if not any(p in lowered for p in _CHROME_PIECES) and not _PHONE_DIGITS.search(sentence):
        return False
    return _CHROME.search(sentence) is not None


def is_filler(sentence: str) -> bool:
    """Whether the sentence is wrap-up filler ("It remains to be seen ...", "Overall, ...")."""
    lowered = (sentence if sentence.isascii() else sentence.translate(_ASCII_FOLDS)).lower()
    if not any(p in lowered for p in _FILLER_PIECES):
        return _FILLER.match(sentence) is not None
    return _FILLER.search(sentence) is not None


def inside_quotation(text: str, start: int) -> bool:
    """Whether a quotation opened before the sentence (in its paragraph) is still open there."""
    window_start = max(text.rfind("\n", 0, start) + 1, start - QUOTE_LOOKBACK_CHARS)
    marks = _QUOTE_MARKS.findall(text, window_start, start)
    # Straight quotes do not say which way they face: an odd count means one is open.
    return bool(marks) and (
        marks[-1] in _OPENING_MARKS or (marks[-1] == '"' and marks.count('"') % 2 == 1)
    )


def shorten_to_headline(sentence: str) -> str:
    """A sentence made headline-sized: appositives, attribution dropped; cut at a clause break."""
    text = " ".join(sentence.split())
    text = _ATTRIBUTION.sub("", text)
    shorter = " ".join(_APPOSITIVE.sub(" ", text).split())
    if len(shorter.split()) >= HEADLINE_MIN_WORDS:
        text = shorter
    words = text.split()
    if len(words) > HEADLINE_MAX_WORDS:
        cut = HEADLINE_MAX_WORDS
        for i in range(HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS - 1, -1):
            if words[i - 1].endswith((",", ";", ":")) or words[i] in _DASHES:
                cut = i
                break
        words = words[:cut]
        while len(words) > HEADLINE_MIN_WORDS and words[-1].lower().strip(",;:") in STOP_WORDS:
            words.pop()
    return " ".join(words).rstrip(" ,;:.!-–—")
