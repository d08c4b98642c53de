"""Numbers with units in news text: money, distances, areas, people, rates and magnitudes.

Every value is normalised, so that two reports of one fact compare equal:

- money: ISO 4217 currency with the scale applied ("$7.5 billion" → 7.5e9 USD, "Rs 500 crore"
  → 5e9 INR); a bare "Rs" or "rupees" is read as INR and "¥" as JPY.
- distance and area: converted to kilometres (unit "km") and square kilometres ("km2"); the
  value is the converted one ("50 miles" → 80.4672 km, "6,800 hectares" → 68 km2).
- mass: converted to kilograms, unit "kg" ("40 tonnes" → 40000 kg; tons are read as metric).
- percent: a level or change stated in per cent, unit "%" ("3.5 percent" → 3.5).
- rate change: percentage points and basis points, unit "pp" ("a 25 basis-point cut" → 0.25).
- people: counted people, unit "people", `measures` what happened to them ("killed",
  "injured", "displaced", "evacuated", "arrested", "missing") or else the counted noun
  ("dockworkers"); "the death toll rose to 31" is 31 people killed.
- temperature: degrees Celsius or Fahrenheit, unit "°C" or "°F" as stated, never converted.
- magnitude: an earthquake magnitude, no unit.
- count: a number written in digits before a plural noun ("20 drones"), no unit.

`measures` otherwise says what the number is about when the parse shows it: the noun the
quantity modifies ("gas pipeline project", "stretch of the pipeline"; for a magnitude, the noun
its number modifies: "quake"), the thing a verb sets to it ("put its depth at 38 kilometres",
"cut the rate to 3%"), the place a distance is measured from ("10 kilometres below the
surface") or the verb it completes with its subject ("inflation rose"). A qualifier ("at
least", "more than", "about") stays in the span's text and the value is the number as stated; a
sign word before it ("minus 8 degrees", "a negative 1.3 pct", "−8") or "below zero" after it
makes the value negative and is kept in the text, while "minus" after a noun or a number is a
subtraction ("Libor minus 0.5 pct") and is left alone. Left out, because a wrong number is worse
than none: vague plurals ("dozens", "hundreds of"), bare four-digit years, numbers that name
things ("Route 66", "Flight 370") and digits run together with others (phone numbers, ranges,
a hyphen-minus written against the digits, as tables do: "-7.1").
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from newsloom.data import ontology_rows
from newsloom.model import Quantity

# Bare four-digit numbers in this range are read as years, never as counts.
MIN_YEAR, MAX_YEAR = 1800, 2100
# The largest earthquake ever recorded was 9.5; anything above 10 is not a magnitude.
MAX_MAGNITUDE = 10.0
# A counted noun may sit this many tokens after its number ("12 Palestinian civilians").
MAX_NOUN_GAP = 3
# A casualty word this many tokens from the count still says what happened ("31 people, all
# killed").
MAX_CASUALTY_GAP = 3
# "the death toll rose to 31": the toll may sit this many tokens before its number.
MAX_TOLL_GAP = 6
# `measures` is a short phrase; longer prepositional tails are cut at this many tokens.
MAX_MEASURE_TOKENS = 8
# Converted values are rounded to this many significant digits: the conversion factors are
# exact to fewer, and rounding hides binary noise (0.41 cts, not 0.41000000000000003).
SIGNIFICANT_DIGITS = 12
# Dependency labels through which a quantity modifies the noun after it.
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod", "appos"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd", "pobj", "conj", "appos"})
# People nouns so general that the verb says more about the count than the noun.
_GENERIC_PEOPLE = frozenset({"people", "persons", "person", "individuals", "others"})
_SPACE = r"[^\S\n]"  # a space that does not cross a line
# A sign just before a number: a sign word (a wire's line may break after it), or the minus
# character (U+2212) typesetters use.
_WRAPPED_SPACE = rf"{_SPACE}*\n?{_SPACE}*(?<=\s)"  # at least one space, at most one line break
_SIGN_BEFORE = re.compile(rf"(?:\b(?i:minus|negative){_WRAPPED_SPACE}|\u2212{_SPACE}?)\Z")
# ... or "below zero" just after it ("15 degrees below zero").
_BELOW_ZERO_AFTER = re.compile(rf"{_WRAPPED_SPACE}(?i:below){_WRAPPED_SPACE}(?i:zero)\b")
# The parts of speech a sign word follows: "fell to minus 8", "was a negative 1.3 pct", "as
# low as minus 20", a sentence's start. After a noun, a number or a comma "minus" subtracts.
_BEFORE_SIGN = frozenset({"ADP", "VERB", "AUX", "SCONJ", "DET", "PART", "CCONJ"})
# Prepositions through which a verb sets or moves the value of its object: "put the toll at
# 31", "cut the rate by 25 basis points to 3%", "raised its stake from 5 pct".
_SETTING_PREPOSITIONS = frozenset({"at", "to", "by", "from"})
# Parts of speech a subject may have.
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
# Quantifier words the tagger may read as nouns ("23 aftershocks, none above magnitude 4.5").
_PRONOUN_NOUNS = frozenset(
    {"none", "one", "all", "each", "both", "some", "any", "most", "many", "few", "either",
     "neither", "another", "others", "those", "these", "this", "that"}
)  # fmt: skip
# Nouns that name an amount, not a thing: the object of "drops a quarter of a point to 3%".
_FRACTIONS = frozenset({"quarter", "half", "third", "fraction", "point", "points", "notch"})
# A verb's complement shown with it when it says what happened to counted people ("pulled
# alive", "forced to leave their homes") is at most this many tokens long.
MAX_COMPLEMENT_TOKENS = 4


@dataclass(frozen=True)
class UnitLexicon:
    """The unit table: currencies, scales, measuring units, people nouns, casualties, numbers."""

    currencies: dict[str, tuple[str, str, float]]  # surface -> (ISO code, place, factor)
    scales: dict[str, float]
    units: dict[str, tuple[str, str, float]]  # surface -> (kind, unit, factor)
    people: frozenset[str]
    casualties: dict[str, str]  # surface -> category
    numbers: dict[str, float]
    qualifiers: frozenset[str]
    labels: frozenset[str]  # lower-case words that make the next number a name
    durations: frozenset[str]  # time nouns: "15 minutes" is a duration, not a count


def _folds(surface: str) -> bool:
    """Whether a surface matches in any case (long lower-case words) or only as written."""
    return len(surface) >= 3 and surface.islower() and bool(re.fullmatch(r"[a-z .'-]+", surface))


@cache  # read once: the table is package data and never changes while running
def load_unit_lexicon() -> UnitLexicon:
    """The unit table from the package's ontology/units.tsv."""
    rows = _UnitRows()
    for fields in ontology_rows("units.tsv"):
        if fields[0] != "kind":  # the header row
            rows.add(fields)
    return rows.lexicon()


# Kinds of unit rows that measure an amount of something, kept in one table with their kind.
_MEASURE_KINDS = ("distance", "area", "mass", "percent", "temperature")


@dataclass
class _UnitRows:
    """The rows of the unit table, filed by kind as they are read."""

    currencies: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    units: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    casualties: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    qualifiers: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    durations: set[str] = field(default_factory=set)

    def add(self, fields: list[str]) -> None:
        """File one row of the table under its kind."""
        kind, surface, normal, factor, place = fields
        if kind == "currency":
            self.currencies[surface] = (normal, place, float(factor))
        elif kind == "scale":
            self.scales[surface] = float(factor)
        elif kind in _MEASURE_KINDS:
            self.units[surface] = (kind, normal, float(factor))
        elif kind == "number":
            self.numbers[surface] = float(factor)
        elif not self._add_word(kind, surface, normal):
            raise ValueError(f"units.tsv: unknown kind {kind!r} in row {fields!r}")

    def _add_word(self, kind: str, surface: str, normal: str) -> bool:
        """File a row of one of the word lists; False when the kind is none of theirs."""
        if kind == "people":
            self.people.add(surface)
        elif kind == "casualty":
            self.casualties[surface] = normal
        elif kind == "qualifier":
            self.qualifiers.add(surface)
        elif kind == "label":
            self.labels.add(surface.lower())
        elif kind == "duration":
            self.durations.add(surface)
        else:
            return False
        return True

    def lexicon(self) -> UnitLexicon:
        """The lexicon the rows make."""
        return UnitLexicon(
            self.currencies, self.scales, self.units, frozenset(self.people), self.casualties,
            self.numbers, frozenset(self.qualifiers), frozenset(self.labels),
            frozenset(self.durations),
        )  # fmt: skip


def _lookup(table: Container[str], matched: str) -> str | None:
    """The table surface a matched text stands for: as written, else case-folded."""
    joined = " ".join(matched.split())
    if joined in table:
        return joined
    lowered = joined.lower()
    return lowered if lowered in table and _folds(lowered) else None


def _alternation(surfaces: Iterable[str]) -> str:
    """A regex alternation of surfaces, longest first, case-folding where the table says."""
    parts = []
    for surface in sorted(set(surfaces), key=len, reverse=True):
        body = f"{_SPACE}+".join(re.escape(word) for word in surface.split(" "))
        parts.append(f"(?i:{body})" if _folds(surface) else body)
    return "(?:" + "|".join(parts) + ")"


class _Qualified:
    """A pattern that may open with a qualifier ("at least"), scanned core first.

    `finditer` yields exactly what `full.finditer` would, faster: the optional qualifier
    alternation at the head of `full` is tried at every character, while the core (what
    follows it: a number, a currency sign) can be found by a cheaper scan. Each core match is
    then checked for a qualifier ending right before it, and `full` matched from there. This
    holds because no core match starts inside a qualifier or the spaces after it (a qualifier
    is whole words of letters, none of them a number word; see tests/analyze/test_quantities).
    """

    def __init__(self, qualifiers: str, core: str, max_words: int) -> None:
        self.full = re.compile(rf"(?:(?P<qual>{qualifiers}){_SPACE}+)?{core}")
        self.core = re.compile(core)
        self._qualifier_at_end = re.compile(rf"(?:{qualifiers})\Z")
        self._max_words = max_words

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The non-overlapping matches of `full` in text, left to right."""
        pos = 0
        while pos <= len(text):
            core = self.core.search(text, pos)
            if core is None:
                return
            start = self.qualifier_start(text, pos, core.start())
            match = self.full.match(text, start)
            assert match is not None, "a core match is a match of the full pattern"
            yield match
            pos = max(match.end(), match.start() + 1)

    def qualifier_start(self, text: str, pos: int, core: int) -> int:
        """Where a qualifier before the core at `core` starts (not before pos), else core."""
        end = core  # the qualifier ends where the spaces before the core start
        while end > pos and text[end - 1] != "\n" and text[end - 1].isspace():
            end -= 1
        if end in (core, pos):
            return core
        low = end  # back over as many words as the longest qualifier has
        for _ in range(self._max_words):
            while low > pos and not text[low - 1].isspace():
                low -= 1
            while low > pos and text[low - 1] != "\n" and text[low - 1].isspace():
                low -= 1
        found = self._qualifier_at_end.search(text, low, end)
        return found.start() if found is not None else core


@dataclass(frozen=True)
class _Patterns:
    """The compiled patterns built from the unit table."""

    money_prefix: _Qualified
    money_suffix: _Qualified
    unit: _Qualified
    magnitude: re.Pattern[str]
    number: _Qualified


@cache  # built once from the (constant) unit table
def _patterns() -> _Patterns:
    """Regular expressions for each family of quantity."""
    lex = load_unit_lexicon()
    words = lex.numbers
    tens = _alternation(w for w, v in words.items() if v >= 20)
    ones = _alternation(w for w, v in words.items() if 1 <= v <= 9)
    word_number = rf"\b(?:{tens}(?:(?:-|{_SPACE})?{ones})?|{_alternation(words)})\b"
    scales = _alternation(lex.scales)
    digits = (
        r"(?<![\w.,/\-–:+#$])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|[,.]\d|[-–/]\d)"
    )
    scale = (
        rf"(?:{_SPACE}*-?(?P<scale>{scales})(?![A-Za-z]))?"
        rf"(?:{_SPACE}+(?P<scale2>{scales})(?![A-Za-z]))?"
    )
    article = rf"\b(?i:an?)(?={_SPACE}+{scales}\b)"
    number = rf"(?P<num>{digits}|{word_number}|{article}){scale}"
    qualifiers = _alternation(lex.qualifiers)
    max_words = max(len(q.split()) for q in lex.qualifiers)
    prefix = _alternation(
        s for s, (_, place, _) in lex.currencies.items() if place in ("prefix", "both")
    )
    suffix = _alternation(s for s, (_, place, _) in lex.currencies.items() if place != "prefix")
    digit_number = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|[,.]\d){scale}"

    def qualified(core: str) -> _Qualified:
        return _Qualified(qualifiers, core, max_words)

    return _Patterns(
        money_prefix=qualified(rf"(?<![\w$])(?P<cur>{prefix}){_SPACE}?{digit_number}"),
        money_suffix=qualified(rf"{number}{_SPACE}*-?(?P<cur>{suffix})(?![A-Za-z])"),
        unit=qualified(rf"{number}{_SPACE}*-?(?P<unit>{_alternation(lex.units)})(?![A-Za-z0-9²])"),
        magnitude=re.compile(
            rf"(?i:magnitude){_SPACE}*-?{_SPACE}*(?P<num>\d(?:\.\d+)?)\b"
            rf"|(?P<num2>\d(?:\.\d+)?){_SPACE}*-?{_SPACE}*(?i:magnitude)\b"
            rf"|(?P<num3>\d(?:\.\d+)?){_SPACE}+on{_SPACE}+the{_SPACE}+Richter(?:{_SPACE}+scale)?\b"
        ),
        number=qualified(number),
    )


def _number_value(match: re.Match[str]) -> float:
    """The value of a matched number with its scales applied."""
    lex = load_unit_lexicon()
    raw = match.group("num")
    if raw[0].isdigit():
        value = float(raw.replace(",", ""))
    elif raw.lower() in ("a", "an"):
        value = 1.0
    else:
        parts = re.split(r"[-\s]+", raw.lower())
        value = sum(lex.numbers[p] for p in parts)
    for group in ("scale", "scale2"):
        found = match.groupdict().get(group)
        if found:
            key = _lookup(lex.scales, found)
            value *= lex.scales[key or found]
    return value


def _span_start(match: re.Match[str]) -> int:
    """Where a quantity starts: at its qualifier when it has one."""
    return match.start("qual") if match.groupdict().get("qual") else match.start()


def _is_label(text: str, start: int) -> bool:
    """Whether the number at start names something ("Route 66") or continues a digit run, or
    is the zero of "below zero", which signs the number before it ("15 degrees below zero")."""
    before = text[max(0, start - 20) : start]
    if text.startswith("zero", start) and re.search(r"\b(?i:below|above)\s+$", before):
        return True
    if re.search(r"\d[^\S\n]*[-–(/)]?[^\S\n]*$", before):
        return True  # phone numbers and digit groups: "(202) 555", "0800 123"
    words = before.split()
    return bool(words) and words[-1].lower().rstrip(":") in load_unit_lexicon().labels


def _is_unit_word(token: Token) -> bool:
    """Whether a token is a unit or currency word of the table."""
    lex = load_unit_lexicon()
    return bool(
        _lookup(lex.units, token.text)
        or _lookup(lex.currencies, token.text)
        or _lookup(lex.scales, token.text)
    )


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """Whether token i is a hyphen written against the words on both sides ("sell-on")."""
    return (
        i > 0
        and doc[i].text in ("-", "–")
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and not doc[i - 1].like_num
    )


def _noun_phrase(noun: Token, exclude: range, with_tail: bool = True) -> str:
    """The noun, its compound and adjective modifiers, and a short of/in/for/on phrase."""
    doc = noun.doc
    first = noun.i
    while first > 0:
        if _hyphen_joined(doc, first - 1) and first - 2 not in exclude:
            first -= 2  # "sell-on clause", "night-time temperatures": one word in two tokens
            continue
        left = doc[first - 1]
        if left.i in exclude or left.like_num or left.dep_ not in ("compound", "amod", "nmod"):
            break
        if _is_unit_word(left):
            break  # another quantity's unit: "the 30 pct rebate"
        first -= 1
    last = noun.i
    for child in noun.rights if with_tail else ():
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "for", "on"):
            tail = list(child.subtree)
            if (
                not any(t.i in exclude or t.like_num for t in tail)
                and len(tail) <= MAX_MEASURE_TOKENS
            ):
                last = tail[-1].i
            break
    while last > noun.i and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return " ".join(doc[first : last + 1].text.split())


def _subject_of(verb: Token, exclude: range) -> Token | None:
    """The verb's subject other than the quantity itself; for a verb that has none, the
    subject of the verb whose "to" infinitive it is ("temperatures were forecast to fall") or
    to which it is joined right after the conjunction ("the fire burned X and forced Y")."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            # The nearest before the verb: a dateline ("ROME (Wire) — A fire burned") parses
            # as a second subject.
            own = [c for c in subjects if c.i not in exclude and _worded(c)]
            before = [c for c in own if c.i < verb.i]
            return before[-1] if before else (own[0] if own else None)
        if not (_infinitive(verb) or _joined(verb)) or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _worded(token: Token) -> bool:
    """Whether a token has a letter: a bracket the parser took for a subject has none."""
    return any(ch.isalpha() for ch in token.text)


def _infinitive(verb: Token) -> bool:
    """Whether a verb is the "to" infinitive completing another: "forecast to fall"."""
    return verb.dep_ == "xcomp" and any(c.tag_ == "TO" for c in verb.lefts)


def _joined(verb: Token) -> bool:
    """Whether a verb is joined to the one before with nothing between the conjunction and
    it that could be its own subject ("burned X and forced Y", not "X will own 60 pct and Y
    will own 40 pct", where the parser may have lost Y)."""
    if verb.dep_ != "conj":
        return False
    between = verb.doc[verb.head.i + 1 : verb.i]
    conjunction = max((t.i for t in between if t.dep_ == "cc"), default=None)
    if conjunction is None:
        return False
    return not any(t.pos_ in _NOMINAL for t in verb.doc[conjunction + 1 : verb.i])


def _pronominal(noun: Token) -> bool:
    """Whether a subject or head noun stands in for another ("it", "none", "those"): it says
    nothing about what a number measures."""
    return noun.pos_ == "PRON" or noun.lower_ in _PRONOUN_NOUNS


def _verb_phrase(verb: Token, exclude: range) -> str:
    """The verb with its subject's noun: "inflation rose"."""
    subject = _subject_of(verb, exclude)
    if subject is None or _pronominal(subject):
        return verb.text
    return f"{_noun_phrase(subject, exclude, with_tail=False)} {verb.text}"


def _anchor(tokens: Span, kind: str) -> Token:
    """The token of a quantity whose head says what it measures: the number of a magnitude
    ("magnitude 6.4 quake": the parser may hang "magnitude" anywhere, the number modifies the
    quake), else the span's root (the unit: "10 kilometres", "€30 million")."""
    if kind == "magnitude":
        number = next((t for t in reversed(tokens) if t.like_num), None)
        while number is not None and number.head.i in range(tokens.start, tokens.end):
            if number.head.i == number.i:
                break
            number = number.head
        if number is not None:
            return number
    return tokens.root


def _set_object(preposition: Token, exclude: range) -> Token | None:
    """What a verb sets to the number in its at/to/by/from phrase: "put its depth at 38 km",
    "cut the official cash rate by 25 basis points to 3%"."""
    verb = preposition.head
    if preposition.lower_ not in _SETTING_PREPOSITIONS or verb.pos_ != "VERB":
        return None
    found = next((c for c in verb.children if c.dep_ == "dobj" and c.i not in exclude), None)
    if found is None or found.pos_ not in ("NOUN", "PROPN") or _is_amount(found):
        return None
    return found


def _is_amount(noun: Token) -> bool:
    """Whether an object is the size of a change rather than the thing changed: "drops a
    quarter of a point to 3%", "rose a further 2 pct to 5%"."""
    if noun.lower_ in _FRACTIONS:
        return True
    return any(t.like_num or _is_unit_word(t) for t in noun.subtree)


def _measured(tokens: Span, kind: str) -> str | None:
    """What a quantity measures: the noun it modifies, or the verb it completes."""
    exclude = range(tokens.start, tokens.end)
    root = _anchor(tokens, kind)
    of_phrase = next((c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    measured = (
        next((c for c in of_phrase.children if c.dep_ == "pobj"), None) if of_phrase else None
    )
    if measured is not None and not _pronominal(measured) and not _is_unit_word(measured):
        return _noun_phrase(measured, exclude)  # "40 tonnes of aid"
    head = root.head
    if head.i in exclude:
        return None
    if head.i == tokens.start - 1 and head.lower_ in ("minus", "negative") and head.head != head:
        root, head = head, head.head  # the sign word: "was minus 4.2 percent"
    if head.pos_ in ("ADP", "ADV") and root.dep_ in ("npadvmod", "advmod"):
        return _extent(head, root, exclude)  # "10 kilometres below the surface"
    through_preposition = head.pos_ == "ADP" or head.lower_ in ("worth", "valued")
    if through_preposition:  # "a loan of $3 billion", "a deal worth $5bn"
        set_object = _set_object(head, exclude)
        if set_object is not None:  # "put its depth at 38 kilometres"
            return _noun_phrase(set_object, exclude)
        root, head = head, head.head
        if head.i == root.i:
            return None
    if _is_unit_word(head):
        return None  # the head is another quantity's unit: "£50 and 5 million won"
    return _measured_by_head(tokens, root, head, through_preposition)


def _extent(word: Token, amount: Token, exclude: range) -> str | None:
    """What a distance before a preposition or adverb measures: the noun or the copula's
    subject the phrase places ("its epicentre 25 km southeast of X", "its epicentre was ...
    45 km from the capital"), else the phrase itself ("struck 10 km below the surface")."""
    if amount.right_edge.i + 1 != word.i and word.i + 1 != amount.left_edge.i:
        return None  # "cotton was down 22 pct, corn 18 pct": 18 pct hangs from "down"
    governor = word.head
    if governor.pos_ in ("NOUN", "PROPN") and governor.i != word.i:
        # The noun must come right before the distance, or a comma before it: "hit at 14:52
        # local time (1852 GMT) about 25 km southeast of" does not place the time.
        between = word.doc[governor.i + 1 : amount.left_edge.i]
        if (
            _pronominal(governor)
            or governor.i > amount.i
            or not all(t.text == "," for t in between)
        ):
            return None
        return _noun_phrase(governor, exclude, with_tail=False)
    if governor.pos_ == "AUX":
        subject = _subject_of(governor, exclude)
        if subject is not None and not _pronominal(subject):
            return _noun_phrase(subject, exclude, with_tail=False)
        return None
    objects = [c for c in word.rights if c.dep_ == "pobj"]
    if word.pos_ != "ADP" or not objects:
        return None
    tail = [word, *objects[0].subtree]
    if any(t.i in exclude or t.like_num for t in tail) or len(tail) > MAX_MEASURE_TOKENS:
        return None
    return " ".join(word.doc[word.i : tail[-1].i + 1].text.split())


def _measured_by_head(
    tokens: Span, root: Token, head: Token, through_preposition: bool
) -> str | None:
    """What the word a quantity hangs from says it measures: a noun, a subject, a verb."""
    exclude = range(tokens.start, tokens.end)
    if head.pos_ in ("NOUN", "PROPN"):
        if _pronominal(head):
            return None  # "none above magnitude 4.5": a pronoun the tagger calls a noun
        # A modifier reads onto the noun after it; a noun before it is another phrase's
        # ("£50 and 5 million won") unless a preposition joins them.
        if through_preposition or (root.dep_ in _MODIFIER_DEPS and head.i >= tokens.end):
            return _noun_phrase(head, exclude)
        return None
    if head.pos_ == "AUX":  # a copula says nothing: "the share will be 35 pct" → "share"
        subject = next((c for c in head.children if c.dep_ in _SUBJECT_DEPS), None)
        return _noun_phrase(subject, exclude, with_tail=False) if subject is not None else None
    if head.pos_ == "VERB":
        if head.dep_ == "acl" and not any(c.dep_ in _SUBJECT_DEPS for c in head.children):
            return _noun_phrase(head.head, exclude)  # "the quake, measuring 7.1"
        return _verb_phrase(head, exclude)
    return None


def _casualty_of(token: Token) -> str | None:
    """The casualty category a word names, if any."""
    lex = load_unit_lexicon()
    key = _lookup(lex.casualties, token.text)
    return lex.casualties[key] if key else None


def _toll_noun_category(noun: Token) -> str | None:
    """The casualty category a noun that holds a count names: "death toll", "deaths", "the
    number of people killed", "the number of injured"."""
    if noun.lower_ == "toll":
        modifier = next((c for c in noun.lefts if c.dep_ in ("compound", "amod")), None)
        return (_casualty_of(modifier) if modifier is not None else None) or "killed"
    if noun.pos_ != "NOUN":
        return None
    found = _casualty_of(noun)  # "deaths rose to 57"
    of_phrase = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of_phrase.children if c.dep_ == "pobj"), None) if of_phrase else None
    if found is None and counted is not None:
        words = [counted, *(c for c in counted.children if c.dep_ in ("acl", "amod", "relcl"))]
        found = next((f for f in map(_casualty_of, words) if f), None)
    return found


def _toll_by_parse(tokens: Span) -> str | None:
    """The category of a toll the parse sets to the number, however far before it: "put the
    death toll from the magnitude 6.4 quake at 31", "the number of people killed in the
    quake that struck the province on Tuesday has risen to 31"."""
    number = tokens.root
    if number.dep_ == "pobj" and number.head.lower_ in _SETTING_PREPOSITIONS:
        # The verb the phrase belongs to, though the parser may hang "at 31" on a noun of
        # the object before it ("the toll from the quake at 31").
        verb = next((a for a in number.ancestors if a.pos_ in ("VERB", "AUX")), None)
    elif number.dep_ in ("dobj", "attr"):
        verb = number.head
    else:
        return None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    exclude = range(tokens.start, tokens.end)
    # Of several objects the one nearest before the number: "put the death toll at 31 and the
    # number of injured at 212".
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i not in exclude]
    objects += [c for o in objects for c in o.conjuncts if c.i not in exclude]
    objects += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NOUN"]  # misparsed
    before = sorted((o for o in objects if o.i < number.i), key=lambda o: o.i)
    subject = _subject_of(verb, exclude)
    for noun in [*before[-1:], *([subject] if subject is not None and not before else [])]:
        found = _toll_noun_category(noun)
        if found:
            return found
    return None


def _toll_category(tokens: Span) -> str | None:
    """The category of a toll just before the number: "the death toll rose to 31"."""
    doc = tokens.doc
    for i in range(tokens.start - 1, max(tokens.sent.start, tokens.start - MAX_TOLL_GAP) - 1, -1):
        word = doc[i]
        if word.lower_ == "toll":
            modifier = next((c for c in word.lefts if c.dep_ in ("compound", "amod")), None)
            return (_casualty_of(modifier) if modifier is not None else None) or "killed"
        if word.pos_ == "NOUN" and _casualty_of(word):  # "deaths rose to 57"
            return _casualty_of(word)
        if word.like_num or word.pos_ in ("NOUN", "PROPN"):
            return None
    return None


def _casualty_near(tokens: Span, noun: Token | None) -> str | None:
    """What happened to the counted people, from the parse or the words around the count."""
    anchor = noun if noun is not None else tokens.root
    candidates: list[Token] = []
    if anchor.dep_ in _OBJECT_DEPS or anchor.dep_ in ("nummod", "npadvmod"):
        candidates.append(anchor.head)
    candidates += [c for c in anchor.children if c.dep_ in ("acl", "amod", "relcl", "appos")]
    candidates += [c for c in anchor.head.children if c.dep_ in ("oprd", "xcomp", "acomp")]
    if anchor.dep_ == "conj":  # "killed 31 and injured 40": the second count's own verb comes first
        candidates.insert(0, anchor.head)
    for word in candidates:
        found = _casualty_of(word)
        if found:
            return found
    if noun is None:
        found = _toll_by_parse(tokens)
        if found:  # before the words after it: "the death toll rose to 31 and 212 injured"
            return found
    doc = tokens.doc
    end = (noun.i + 1) if noun is not None else tokens.end
    window = [*doc[end : min(end + MAX_CASUALTY_GAP, tokens.sent.end)]]
    window += list(reversed(doc[max(tokens.sent.start, tokens.start - 2) : tokens.start]))
    anchor_words = {anchor.i, *(t.i for t in tokens)}
    holder = anchor
    while holder.dep_ == "pobj" and holder.head.lower_ == "of" and holder.head.head != holder:
        holder = holder.head.head  # "a total of 212 people were injured": the total's verb
        anchor_words.add(holder.i)
    for word in window:
        found = _casualty_of(word) if word.pos_ in ("VERB", "ADJ") else None
        if found and not _tells_of_others(word, anchor_words):
            return found
    return _toll_category(tokens)


def _tells_of_others(word: Token, counted: set[int]) -> bool:
    """Whether a casualty word near a count is the verb of other people: "300 people were
    evacuated and 40 people were taken to hospital" says nothing of the 40."""
    return any(
        c.dep_ in (*_SUBJECT_DEPS, "dobj") and c.i not in counted and c.pos_ in _NOMINAL
        for c in word.children
    )


def _counted_noun(tokens: Span) -> Token | None:
    """The noun a bare number counts: its parse head, or the first noun right after it."""
    last = tokens[-1]
    head = last.head
    if (
        last.dep_ in ("nummod", "quantmod", "compound")
        and head.pos_ in ("NOUN", "PROPN")
        and 0 < head.i - last.i <= MAX_NOUN_GAP
        and not any(t.is_space for t in tokens.doc[last.i : head.i])
    ):
        return head
    for word in tokens.doc[tokens.end : min(tokens.end + MAX_NOUN_GAP, tokens.sent.end)]:
        if word.is_space:
            return None  # a line break or a run of spaces: a table, not a phrase
        if word.pos_ in ("NOUN", "PROPN") and word.ent_type_ not in ("GPE", "NORP", "ORG"):
            return word
        if word.pos_ not in ("ADJ", "PROPN"):
            return None
    return None


def _people_surface(noun: Token) -> bool:
    """Whether a noun (alone or with the word before it) counts people or casualties."""
    lex = load_unit_lexicon()
    pair = f"{noun.nbor(-1).text} {noun.text}" if noun.i > 0 else noun.text
    return any(
        _lookup(lex.people, form) or _lookup(lex.casualties, form) for form in (noun.text, pair)
    )


def _count(doc: Doc, text: str, match: re.Match[str]) -> Quantity | None:
    """A people count or a count of things for a number with no unit (text is doc.text)."""
    raw = match.group("num")
    if raw[0].isdigit() and re.fullmatch(r"\d{4}", raw) and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return None
    tokens = doc.char_span(match.start("num"), match.end(), alignment_mode="expand")
    if tokens is None or any(t.ent_type_ in ("DATE", "TIME", "ORDINAL") for t in tokens):
        return None
    value = _number_value(match)
    start = _span_start(match)
    noun = _counted_noun(tokens)
    exclude = range(tokens.start, tokens.end)
    if (
        raw.lower() == "one"
        and not match.group("scale")
        and (noun is None or not _people_surface(noun))
    ):
        return None  # "no one", "one of them": a pronoun more often than a count
    end = match.end() if noun is None else noun.idx + len(noun)
    if noun is not None and _people_surface(noun):
        category = _casualty_of(noun) or _casualty_near(tokens, noun)
        if category is None:
            category = _people_measure(noun, exclude)
        return _counted(doc, text, (start, match.start("num"), end), value, "people", category)
    category = _casualty_near(tokens, None) if noun is None else None
    if category is not None:
        return _counted(doc, text, (start, match.start("num"), end), value, "people", category)
    if noun is None or noun.lower_ in load_unit_lexicon().durations:
        return None  # "15 minutes", "three years": the date resolver reads durations
    if raw[0].isdigit() and noun.tag_ in ("NNS", "NNPS"):
        measures = _noun_phrase(noun, exclude)
        return _counted(doc, text, (start, match.start("num"), end), value, "count", measures)
    return None


def _counted(
    doc: Doc, text: str, where: tuple[int, int, int], value: float, kind: str, measures: str
) -> Quantity:
    """A count's Quantity; where is (start, where its number starts, end)."""
    start, end, value = _signed(doc, text, where, value)
    unit = "people" if kind == "people" else None
    return Quantity(text[start:end], start, end, kind, value, unit, measures)


def _people_measure(noun: Token, exclude: range) -> str:
    """What a count of people with no casualty word measures: the thing a verb sets to it
    ("put the crowd at 20,000 people"), what a verb says happened to people counted by a
    general noun ("nine people were pulled alive"), else the noun ("dockworkers")."""
    if noun.lower_ in _GENERIC_PEOPLE:
        set_object = _set_object(noun.head, exclude) if noun.dep_ == "pobj" else None
        if set_object is not None:
            return _noun_phrase(set_object, exclude, with_tail=False)
        if noun.head.pos_ == "VERB":
            return _verb_label(noun.head, exclude)
    return noun.text


def _verb_label(verb: Token, exclude: range) -> str:
    """What a verb says happened to the people it counts: the verb with its particle and a
    short complement ("pulled out alive", "forced to leave their homes"), else with a short
    phrase that places it ("living in tents"); the verb alone when neither is short."""
    parts = [verb, *(c for c in verb.children if c.dep_ == "prt")]
    complements = [c for c in verb.rights if c.dep_ in ("oprd", "acomp", "xcomp")]
    phrases = [c for c in verb.rights if c.dep_ == "prep"]
    for child in complements[:1] or phrases[:1]:
        tail = list(child.subtree)
        if len(tail) <= MAX_COMPLEMENT_TOKENS and not any(
            t.i in exclude or t.like_num or t.ent_type_ in ("DATE", "TIME") for t in tail
        ):
            parts += tail
    return " ".join(t.text for t in sorted(set(parts), key=lambda t: t.i))


def _signed(
    doc: Doc, text: str, where: tuple[int, int, int], value: float
) -> tuple[int, int, float]:
    """A quantity's (start, end, value) with its sign: a sign word before it ("minus 8",
    "about minus 8"), or "below zero" after it. where is (start, where its number starts,
    end); a qualifier before the number leaves no room for a sign between them."""
    start, first, end = where
    if start == first:
        sign = _SIGN_BEFORE.search(text, max(0, first - 16), first)
        if sign is not None:
            low = max(0, sign.start() - 40)
            qualified = _patterns().number.qualifier_start(text, low, sign.start())
            if qualified < sign.start() or _signs(doc, sign.start()):  # "about minus 10"
                return qualified, end, -value
    below = _BELOW_ZERO_AFTER.match(text, end)
    if below is not None:
        return start, below.end(), -value
    return start, end, value


def _signs(doc: Doc, at: int) -> bool:
    """Whether the sign word at a character gives the next number a sign rather than
    subtracting it from the noun or number before ("Libor minus 0.5 pct", "10 minus 8")."""
    found = doc.char_span(at, at + 1, alignment_mode="expand")
    if found is None:
        return False
    word = found[0]
    words = [t for t in doc[word.sent.start : word.i] if not t.is_space][-2:]
    if not words:
        return True  # the sentence starts with it
    if any(t.lower_ == "plus" for t in words):
        return False  # "plus or minus 3 points", "plus and minus 15 pct": a margin
    return words[-1].pos_ in _BEFORE_SIGN or words[-1].text in ("(", "[", ":")


def _unit_quantities(doc: Doc, text: str, taken: list[tuple[int, int]]) -> Iterator[Quantity]:
    """Money, distances, areas, rates and magnitudes: numbers with an explicit unit."""
    lex = load_unit_lexicon()
    pats = _patterns()
    for pattern in (pats.money_prefix, pats.money_suffix):
        for m in pattern.finditer(text):
            key = _lookup(lex.currencies, m.group("cur"))
            if key is None or _overlaps(m.start(), m.end(), taken):
                continue
            code, place, factor = lex.currencies[key]
            if place == "scaled" and not m.group("scale"):
                continue  # "50 pounds" is a weight more often than money
            if pattern is pats.money_suffix and _is_label(text, m.start("num")):
                continue
            yield _finish(doc, text, m, taken, "money", _number_value(m) * factor, code)
    for m in pats.unit.finditer(text):
        key = _lookup(lex.units, m.group("unit"))
        if key is None or _overlaps(m.start(), m.end(), taken) or _is_label(text, m.start("num")):
            continue
        kind, unit, factor = lex.units[key]
        kind = "rate change" if unit == "pp" else kind
        yield _finish(doc, text, m, taken, kind, _number_value(m) * factor, unit)
    for m in pats.magnitude.finditer(text):
        group = next(g for g in ("num", "num2", "num3") if m.group(g))
        value = float(m.group(group))
        if value <= MAX_MAGNITUDE and not _overlaps(m.start(), m.end(), taken):
            yield _finish(doc, text, m, taken, "magnitude", value, None)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether a range overlaps one already taken."""
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def _finish(
    doc: Doc,
    text: str,
    m: re.Match[str],
    taken: list[tuple[int, int]],
    kind: str,
    value: float,
    unit: str | None,
) -> Quantity:
    """The Quantity for a unit match, with what it measures; its range is marked taken."""
    value = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    first = m.end("qual") if m.groupdict().get("qual") else m.start()
    tokens = doc.char_span(first, m.end(), alignment_mode="expand")
    measures = _measured(tokens, kind) if tokens is not None else None
    start, end = _span_start(m), m.end()
    if kind != "magnitude":
        start, end, value = _signed(doc, text, (start, first, end), value)
    taken.append((start, end))
    return Quantity(text[start:end], start, end, kind, value, unit, measures)


def find_quantities(doc: Doc) -> tuple[Quantity, ...]:
    """Quantities in a parsed document, normalised, in text order."""
    # Doc.text joins every token afresh on each read, so it is read once here.
    text = doc.text
    taken: list[tuple[int, int]] = []
    found = list(_unit_quantities(doc, text, taken))
    for m in _patterns().number.finditer(text):
        if _overlaps(m.start("num"), m.end(), taken) or _is_label(text, m.start("num")):
            continue
        quantity = _count(doc, text, m)
        if quantity is not None and not _overlaps(quantity.start, quantity.end, taken):
            taken.append((quantity.start, quantity.end))
            found.append(quantity)
    return tuple(sorted(found, key=lambda q: q.start))
