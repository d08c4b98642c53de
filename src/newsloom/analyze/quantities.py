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
- magnitude: an earthquake magnitude, no unit.
- count: a number written in digits before a plural noun ("20 drones"), no unit.

`measures` otherwise says what the number is about when the parse shows it: the noun the
quantity modifies ("gas pipeline project", "stretch of the pipeline") or the verb it completes
with its subject ("inflation rose"). A qualifier ("at least", "more than", "about") stays in the
span's text and the value is the number as stated. Left out, because a wrong number is worse
than none: vague plurals ("dozens", "hundreds of"), bare four-digit years, numbers that name
things ("Route 66", "Flight 370") and digits run together with others (phone numbers, ranges).
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
_MEASURE_KINDS = ("distance", "area", "mass", "percent")


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
            start = self._qualifier_start(text, pos, core.start())
            match = self.full.match(text, start)
            assert match is not None, "a core match is a match of the full pattern"
            yield match
            pos = max(match.end(), match.start() + 1)

    def _qualifier_start(self, text: str, pos: int, core: int) -> int:
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
    """Whether the number at start names something ("Route 66") or continues a digit run."""
    before = text[max(0, start - 20) : start]
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


def _noun_phrase(noun: Token, exclude: range, with_tail: bool = True) -> str:
    """The noun, its compound and adjective modifiers, and a short of/in/for/on phrase."""
    doc = noun.doc
    first = noun.i
    while first > 0:
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


def _verb_phrase(verb: Token, exclude: range) -> str:
    """The verb with its subject's noun: "inflation rose"."""
    subject = next(
        (c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i not in exclude), None
    )
    if subject is None or subject.pos_ == "PRON":
        return verb.text
    return f"{_noun_phrase(subject, exclude, with_tail=False)} {verb.text}"


def _measured(tokens: Span) -> str | None:
    """What a quantity measures: the noun it modifies, or the verb it completes."""
    exclude = range(tokens.start, tokens.end)
    root = tokens.root
    of_phrase = next((c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    measured = (
        next((c for c in of_phrase.children if c.dep_ == "pobj"), None) if of_phrase else None
    )
    if measured is not None and not _is_unit_word(measured):  # "40 tonnes of aid"
        return _noun_phrase(measured, exclude)
    head = root.head
    if head.i in exclude:
        return None
    through_preposition = head.pos_ == "ADP" or head.lower_ in ("worth", "valued")
    if through_preposition:  # "a loan of $3 billion", "a deal worth $5bn"
        root, head = head, head.head
        if head.i == root.i:
            return None
    if _is_unit_word(head):
        return None  # the head is another quantity's unit: "£50 and 5 million won"
    return _measured_by_head(tokens, root, head, through_preposition)


def _measured_by_head(
    tokens: Span, root: Token, head: Token, through_preposition: bool
) -> str | None:
    """What the word a quantity hangs from says it measures: a noun, a subject, a verb."""
    exclude = range(tokens.start, tokens.end)
    if head.pos_ in ("NOUN", "PROPN"):
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
    doc = tokens.doc
    end = (noun.i + 1) if noun is not None else tokens.end
    window = [*doc[end : min(end + MAX_CASUALTY_GAP, tokens.sent.end)]]
    window += list(reversed(doc[max(tokens.sent.start, tokens.start - 2) : tokens.start]))
    for word in window:
        found = _casualty_of(word) if word.pos_ in ("VERB", "ADJ") else None
        if found:
            return found
    return _toll_category(tokens)


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
            generic = noun.lower_ in _GENERIC_PEOPLE and noun.head.pos_ == "VERB"
            category = noun.head.text if generic else noun.text
        return Quantity(text[start:end], start, end, "people", value, "people", category)
    category = _casualty_near(tokens, None) if noun is None else None
    if category is not None:
        return Quantity(text[start:end], start, end, "people", value, "people", category)
    if noun is None or noun.lower_ in load_unit_lexicon().durations:
        return None  # "15 minutes", "three years": the date resolver reads durations
    if raw[0].isdigit() and noun.tag_ in ("NNS", "NNPS"):
        measures = _noun_phrase(noun, range(tokens.start, tokens.end))
        return Quantity(text[start:end], start, end, "count", value, None, measures)
    return None


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
    start, end = _span_start(m), m.end()
    taken.append((start, end))
    first = m.end("qual") if m.groupdict().get("qual") else m.start()
    tokens = doc.char_span(first, end, alignment_mode="expand")
    measures = _measured(tokens) if tokens is not None else None
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
