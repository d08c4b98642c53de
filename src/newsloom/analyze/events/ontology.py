"""The event ontology as data: PLOVER types, CAMEO codes, triggers, grammar markers, sectors."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path

from newsloom.analyze.entities.gazetteer import normalise_name
from newsloom.analyze.events.lexicon import (
    DERIVED_ACTORS_FILE,
    DERIVED_AGENTS_FILE,
    DERIVED_FORMS_FILE,
    DERIVED_VERBS_FILE,
    DISCARDS_FILE,
    LEADERS_FILE,
    MAX_DISCARD_WORDS,
    ActorPeriod,
    LexiconFiles,
    NamedActor,
    RawTrigger,
    optional,
    periods_of,
    read_discards,
    read_leaders,
    read_periods,
    read_raw_triggers,
    split_phrase,
)
from newsloom.data import ontology_folder, table_rows

# The files an ontology folder holds; a user's folder may hold any of them, the package's
# copy supplies the rest.
TYPES_FILE = "plover_types.tsv"
CAMEO_FILE = "plover_cameo.tsv"
TRIGGERS_FILE = "plover_triggers.tsv"
MARKERS_FILE = "plover_markers.tsv"
# Marker kinds that list things, not grammar words: they do not keep a lemma from the derived
# verb table ("patrol", "post" are verbs too).
NOUN_MARKERS = frozenset({"armed-target", "armed-site", "drill", "weapon-test", "water"})
SECTORS_FILE = "plover_sectors.tsv"
ACTORS_FILE = "plover_actors.tsv"
IRREGULAR_FILE = "plover_irregular.tsv"
QUAD_CLASSES = frozenset(
    {"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
)
TRIGGER_POS = frozenset({"verb", "noun", "adj"})
TRIGGER_FLAGS = frozenset(
    {
        "intent",
        "polar",
        "mutual",
        "needs-target",
        "needs-complement",
        "target-official",
        "nominal",
        "place-source",
        "intransitive",
        "lexicon",
    }
)
TARGET_SLOTS = frozenset({"dobj", "dative", "complement", "owner", "place"})
# Where a trigger looks for its target when its row says "-": the object, the person given to,
# then the prepositions that mark whom an action is aimed at, then what the clause after it
# says, and last the place it happens in (PLOVER codes "bombs in Kabul" as aimed at Kabul).
DEFAULT_TARGET_SLOTS = (
    "dative",
    "dobj",
    "prep:against",
    "prep:on",
    "prep:upon",
    "prep:at",
    "prep:with",
    "prep:to",
    "prep:toward",
    "prep:towards",
    "prep:into",
    "complement",
    "place",
)
SOURCE_CLASSES = frozenset(
    {
        "*",
        "STATE",
        "NONSTATE",
        "GOV",
        "MIL",
        "COP",
        "REB",
        "OPP",
        "PTY",
        "JUD",
        "LEG",
        "BUS",
        "MED",
        "CVL",
        "REF",
        "LAB",
        "EDU",
        "REL",
        "IGO",
        "NGO",
    }
)
MARKER_KINDS = frozenset(
    {
        "support",
        "container",
        "speech",
        "deny",
        "plan",
        "plan-aux",
        "plan-mod",
        "hypo-aux",
        "hypo-mark",
        "hypo-verb",
        "hypo-mod",
        "negation",
        "negate-verb",
        "prevent",
        "habitual",
        "demand-aux",
        "when-mark",
        "background",
        "pair-head",
        "pair-sides",
        "country-ref",
        "errand",
        "event-ref",
        "reciprocal",
        "demonym-neg",
        "ethnic",
        "commerce",
        "cond-mark",
        "armed-target",
        "armed-site",
        "mediate",
        "mass-noun",
        "home-force",
        "ally-noun",
        "calamity",
        "drill",
        "weapon-test",
        "water",
    }
)
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class EventType:
    """A PLOVER event type: its quad class, merge family, score and per-mode scores."""

    name: str
    quad_class: str
    family: str
    score: float
    mode_scores: Mapping[str, float]
    description: str

    def score_for(self, mode: str | None) -> float:
        """The score of an event of this type in this mode (the type's score when unlisted)."""
        return self.mode_scores.get(mode or "", self.score)


@dataclass(frozen=True)
class CameoCode:
    """One row of the CAMEO→PLOVER table."""

    code: str
    type: str
    mode: str | None
    description: str


@dataclass(frozen=True)
class TriggerRule:
    """A trigger row: the words that must be present and the event they code."""

    phrase: str
    pos: str
    head: str  # lemma of the trigger token itself
    before: tuple[str, ...]  # noun modifiers that must stand before the head ("air" strike)
    after: tuple[str, ...]  # verb particles ("out", "on") or a noun's "of fire"
    cameo: str
    type: str
    mode: str | None
    with_: frozenset[str]
    target: tuple[str, ...]
    flags: frozenset[str]
    sources: frozenset[str]

    def has(self, flag: str) -> bool:
        """Whether the row carries this flag."""
        return flag in self.flags


class EventOntology:
    """Everything event coding reads from data files; load once per pipeline and reuse."""

    def __init__(
        self,
        types: Mapping[str, EventType],
        cameo: Mapping[str, CameoCode],
        triggers: Mapping[tuple[str, str], tuple[TriggerRule, ...]],
        markers: Mapping[str, frozenset[str]],
        sectors: Mapping[str, str],
        actors: Mapping[str, NamedActor],
        forms: Mapping[str, str],
        periods: Mapping[str, Sequence[str]] | None = None,
        discards: Mapping[str, str] | None = None,
        derived: Mapping[tuple[str, str], Sequence[RawTrigger]] | None = None,
    ) -> None:
        self.types = dict(types)
        self.cameo = dict(cameo)
        self._triggers = dict(triggers)
        self._markers = {kind: frozenset(words) for kind, words in markers.items()}
        self._sectors = dict(sectors)
        self._actors = dict(actors)
        self._forms = dict(forms)
        # the derived lexicon's rows stay text until a lemma or name is first looked up:
        # tens of thousands of rows, of which one document meets a few
        self._raw_periods: dict[str, Sequence[str]] = dict(periods or {})
        self._periods: dict[str, tuple[ActorPeriod, ...]] = {}
        self._derived = dict(derived or {})
        self._discards = dict(discards or {})
        self._discard_words = {phrase.split()[0] for phrase in self._discards}
        self._lexicon: LexiconFiles | None = None
        # irregular verb forms alone ("shot" → "shoot"), for a verb whose form is also a noun
        # the tables name ("exchanged shots")
        self._verb_forms: dict[str, str] = {}

    @classmethod
    def load(cls, path: Path | str | None = None) -> EventOntology:
        """The ontology from a folder of plover_* files; files it lacks come from the package."""
        package = ontology_folder()
        folder = Path(path) if path is not None else None

        def source(name: str) -> Traversable | Path:
            if folder is not None and (folder / name).is_file():
                return folder / name
            return package.joinpath(name)

        cameo = _read_cameo(source(CAMEO_FILE))
        types = _read_types(source(TYPES_FILE))
        for row in cameo.values():
            if row.type not in types:
                raise ValueError(f"{CAMEO_FILE}: code {row.code} has unknown type {row.type!r}")
        triggers = _read_triggers(source(TRIGGERS_FILE), cameo)
        markers = _read_markers(source(MARKERS_FILE))
        sectors = _read_sectors(source(SECTORS_FILE))
        irregular = _read_irregular(source(IRREGULAR_FILE))
        forms = _forms(_words(triggers, markers, sectors), irregular)
        actors = _read_actors(source(ACTORS_FILE))
        ontology = cls(types, cameo, triggers, markers, sectors, actors, forms)
        # the derived lexicon is read on first use: a process that loads a pipeline but codes
        # no event (or has not yet) does not pay for tens of thousands of rows
        ontology._lexicon = LexiconFiles(
            verbs=source(DERIVED_VERBS_FILE),
            forms=source(DERIVED_FORMS_FILE),
            actors=source(DERIVED_ACTORS_FILE),
            agents=source(DERIVED_AGENTS_FILE),
            discards=source(DISCARDS_FILE),
            irregular=irregular,
            leaders=source(LEADERS_FILE),
        )
        return ontology

    def _read_lexicon(self) -> None:
        """Merge the derived tables under the hand-written ones (called once, on first use)."""
        files, self._lexicon = self._lexicon, None
        if files is None:
            return
        grammar = {
            w.split()[0]
            for kind, kind_words in self._markers.items()
            if kind not in NOUN_MARKERS
            for w in kind_words
        }
        self._derived = {
            key: rows
            for key, rows in read_raw_triggers(files.verbs).items()
            if key not in self._triggers and key[0] not in grammar
        }
        agents = {
            phrase: sector
            for phrase, sector in _read_sectors(files.agents).items()
            if phrase not in self._sectors
        }
        irregular = {**_read_irregular(files.forms), **files.irregular}
        # a derived word never changes the lemma a hand-written word's forms have
        derived_words = {head for head, _ in self._derived}
        for rows in self._derived.values():
            derived_words.update(w for r in rows for w in _optional_list(r.fields[4], "|"))
        derived_words.update(w for phrase in agents for w in phrase.split())
        self._forms = {**_forms(derived_words, irregular), **self._forms}
        self._verb_forms = {f: lemma for lemma, forms in irregular.items() for f in forms}
        self._sectors.update(agents)
        self._raw_periods = dict(read_periods(files.actors))
        if files.leaders is not None and files.leaders.is_file():
            # the project's leaders of 2016-2026 after the 2016-era dictionary: on a day both
            # hold, the later row (the leaders table's) is the one looked up
            for key, held in read_leaders(files.leaders, normalise_name).items():
                self._raw_periods[key] = [*self._raw_periods.get(key, ()), *held]
        self._discards = read_discards(files.discards)
        self._discard_words = {phrase.split()[0] for phrase in self._discards}

    @property
    def discards(self) -> dict[str, str]:
        """Discard phrase → level ("story" or "sentence")."""
        if self._lexicon is not None:
            self._read_lexicon()
        return self._discards

    def lemma(self, word: str) -> str:
        """The lemma of a word the ontology knows in any of its forms; else the word, lowercased."""
        if self._lexicon is not None:
            self._read_lexicon()
        lower = word.lower()
        return self._forms.get(lower, lower)

    def verb_lemma(self, word: str) -> str:
        """The lemma of a word used as a verb: its irregular verb form's ("shot" → "shoot"),
        else what `lemma` gives."""
        if self._lexicon is not None:
            self._read_lexicon()
        return self._verb_forms.get(word.lower()) or self.lemma(word)

    def rules(self, head: str, pos: str) -> tuple[TriggerRule, ...]:
        """The trigger rows for a lemma and part of speech, in file order."""
        if self._lexicon is not None:
            self._read_lexicon()
        key = (head, pos)
        found = self._triggers.get(key)
        if found is None:
            raw = self._derived.pop(key, ())
            found = _ordered([_trigger_rule(r.fields, r.where, self.cameo) for r in raw])
            self._triggers[key] = found
        return found

    def is_marker(self, word: str, kind: str) -> bool:
        """Whether a lemma (or "verb particle" phrase) is a grammar marker of this kind."""
        return word in self._markers.get(kind, frozenset())

    def markers(self, kind: str) -> frozenset[str]:
        """All words and phrases of one marker kind."""
        return self._markers.get(kind, frozenset())

    def sector(self, phrase: str) -> str | None:
        """The sector code a word or two-word phrase gives an actor, or None."""
        if self._lexicon is not None:
            self._read_lexicon()
        return self._sectors.get(phrase)

    def named_actor(self, name: str, on: date | None = None) -> NamedActor | None:
        """The body or person a name denotes ("U.N.", "Hamas", "Erdogan"), or None.

        A hand-written row wins; else the derived dictionary's period that holds on the day
        (with no day, or none holding, the latest period: a former office still gives the
        country, not the office's sector)."""
        if self._lexicon is not None:
            self._read_lexicon()
        key = normalise_name(name)
        named = self._actors.get(key)
        if named is not None or not key:
            return named
        periods = self._periods.get(key)
        if periods is None:
            periods = periods_of(key, self._raw_periods.pop(key, ()))
            self._periods[key] = periods
        if not periods:
            return None
        if on is not None:
            held = [p for p in periods if p.holds(on)]
            if held:
                return held[-1].actor
        latest = periods[-1].actor
        current = on is None or periods[-1].end is None
        return latest if current else NamedActor(latest.code, None)

    def discard_level(self, words: Sequence[str], at: int) -> str | None:
        """The discard level of a phrase starting at words[at] ("story" or "sentence"), or None.

        words are lowercase; a phrase matches whole words only."""
        if self._lexicon is not None:
            self._read_lexicon()
        if words[at] not in self._discard_words:
            return None
        for length in range(min(MAX_DISCARD_WORDS, len(words) - at), 0, -1):
            level = self.discards.get(" ".join(words[at : at + length]))
            if level is not None:
                return level
        return None

    def event_type(self, name: str) -> EventType:
        """The type record for a PLOVER type name."""
        return self.types[name]


def _words(
    triggers: Mapping[tuple[str, str], Sequence[TriggerRule]],
    markers: Mapping[str, frozenset[str]],
    sectors: Mapping[str, str],
) -> set[str]:
    """The lemmas trigger rows, markers and sector phrases name, for the forms table."""
    words: set[str] = set()
    for rules in triggers.values():
        for rule in rules:
            words.update((rule.head, *rule.before, *rule.with_))
    for kind_words in markers.values():
        words.update(w.split()[0] for w in kind_words)
    for phrase in sectors:
        words.update(phrase.split())
    return words


def _rows(source: Traversable | Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated file, comments and blank lines skipped."""
    for number, fields in table_rows(source.read_text(encoding="utf-8")):
        if len(fields) < columns:
            raise ValueError(f"{source.name}:{number}: expected {columns} columns: {fields!r}")
        yield number, fields


def _read_cameo(source: Traversable | Path) -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for _, (code, type_, mode, _context, description, *_) in _rows(source, 5):
        table.setdefault(code, CameoCode(code, type_, optional(mode), description))
    return table


def _read_types(source: Traversable | Path) -> dict[str, EventType]:
    defined: dict[str, EventType] = {}
    mode_scores: dict[str, dict[str, float]] = {}
    for number, (name, mode, quad, family, score, description, *_) in _rows(source, 6):
        if mode == "-":
            if quad not in QUAD_CLASSES:
                raise ValueError(f"{source.name}:{number}: unknown quad class {quad!r}")
            defined[name] = EventType(name, quad, family, float(score), {}, description)
            mode_scores[name] = {}
        elif name not in defined:
            raise ValueError(f"{source.name}:{number}: mode row before its type {name!r}")
        else:
            mode_scores[name][mode] = float(score)
    return {
        name: EventType(t.name, t.quad_class, t.family, t.score, mode_scores[name], t.description)
        for name, t in defined.items()
    }


def _read_triggers(
    source: Traversable | Path, cameo: Mapping[str, CameoCode]
) -> dict[tuple[str, str], tuple[TriggerRule, ...]]:
    table: dict[tuple[str, str], list[TriggerRule]] = {}
    for number, fields in _rows(source, 8):
        rule = _trigger_rule(fields, f"{source.name}:{number}", cameo)
        table.setdefault((rule.head, rule.pos), []).append(rule)
    return {key: _ordered(rules) for key, rules in table.items()}


def _ordered(rules: Sequence[TriggerRule]) -> tuple[TriggerRule, ...]:
    """Rows that ask for more words first, so "air strike" is tried before "strike";
    otherwise the file's order stands."""
    return tuple(sorted(rules, key=lambda r: -(len(r.before) + len(r.after))))


def _trigger_rule(fields: Sequence[str], where: str, cameo: Mapping[str, CameoCode]) -> TriggerRule:
    """One trigger row, checked: unknown parts of speech, codes, flags or slots raise."""
    phrase, pos, code, mode, with_, target, flags, sources = fields[:8]
    if pos not in TRIGGER_POS:
        raise ValueError(f"{where}: unknown part of speech {pos!r}")
    if code not in cameo:
        raise ValueError(f"{where}: CAMEO code {code!r} is not in {CAMEO_FILE}")
    flag_set = frozenset(_optional_list(flags, ","))
    if flag_set - TRIGGER_FLAGS:
        raise ValueError(f"{where}: unknown flags {sorted(flag_set - TRIGGER_FLAGS)}")
    slots = tuple(_optional_list(target, ","))
    for slot in slots:
        if slot not in TARGET_SLOTS and not slot.startswith("prep:"):
            raise ValueError(f"{where}: unknown target slot {slot!r}")
    source_set = frozenset(sources.split("|"))
    if source_set - SOURCE_CLASSES:
        raise ValueError(f"{where}: unknown source classes {sorted(source_set - SOURCE_CLASSES)}")
    head, before, after = split_phrase(phrase, pos)
    row = cameo[code]
    return TriggerRule(
        phrase=phrase,
        pos=pos,
        head=head,
        before=before,
        after=after,
        cameo=code,
        type=row.type,
        mode=optional(mode) or row.mode,
        with_=frozenset(_optional_list(with_, "|")),
        target=slots or DEFAULT_TARGET_SLOTS,
        flags=flag_set,
        sources=frozenset() if source_set == {"*"} else source_set,
    )


def _optional_list(value: str, separator: str) -> list[str]:
    return [] if value in ("", "-") else [v.strip() for v in value.split(separator) if v.strip()]


def _read_markers(source: Traversable | Path) -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for number, (word, kind, *_) in _rows(source, 2):
        if kind not in MARKER_KINDS:
            raise ValueError(f"{source.name}:{number}: unknown marker kind {kind!r}")
        kinds.setdefault(kind, set()).add(word.lower())
    return {kind: frozenset(words) for kind, words in kinds.items()}


def _read_sectors(source: Traversable | Path) -> dict[str, str]:
    return {phrase.lower(): sector for _, (phrase, sector, *_) in _rows(source, 2)}


def _read_actors(source: Traversable | Path) -> dict[str, NamedActor]:
    table: dict[str, NamedActor] = {}
    for _, (name, code, sector, *_) in _rows(source, 3):
        table.setdefault(normalise_name(name), NamedActor(optional(code), sector))
    return table


def _read_irregular(source: Traversable | Path) -> dict[str, tuple[str, ...]]:
    return {
        lemma.lower(): tuple(forms.lower().split()) for _, (lemma, forms, *_) in _rows(source, 2)
    }


def inflections(word: str) -> set[str]:
    """The regular English verb and noun forms of a lemma (some never occur; none do harm)."""
    forms = {word}
    if not word.isalpha():
        return forms
    consonant_y = len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS
    if re.search(r"(s|x|z|ch|sh)$", word):
        forms.add(word + "es")
    elif consonant_y:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms.add(word + "d")
        forms.add(word + "ing" if word.endswith(("ee", "ye", "oe")) else word[:-1] + "ing")
    elif consonant_y:
        forms.update((word[:-1] + "ied", word + "ing"))
    else:
        forms.update((word + "ed", word + "ing"))
        if (
            len(word) > 2
            and word[-1] not in _VOWELS | {"w", "x", "y"}
            and word[-2] in _VOWELS
            and word[-3] not in _VOWELS
        ):
            # "ban" → "banned", "expel" → "expelled"; "visitted" is generated too, harmlessly.
            forms.update((word + word[-1] + "ed", word + word[-1] + "ing"))
    return forms


def _forms(words: set[str], irregular: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Surface form → lemma for every word the ontology names, irregular forms first."""
    table: dict[str, str] = {}
    for lemma in sorted(words):
        for form in irregular.get(lemma, ()):
            table.setdefault(form, lemma)
    for lemma in sorted(words):
        table[lemma] = lemma  # a lemma is always itself, whatever another word inflects to
    for lemma in sorted(words):
        for form in inflections(lemma):
            table.setdefault(form, lemma)
    return table
