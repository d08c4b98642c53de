"""The derived lexicon's tables (PETRARCH-2 / Phoenix, converted by
newsloom.data.build.convert_petrarch): read as text, parsed per lemma or name on first lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path

# Tables derived from the PETRARCH-2 / Phoenix dictionaries by
# newsloom.data.build.convert_petrarch; each is read after its hand-written counterpart, whose
# rows win: the derived verbs only for lemmas no hand-written verb row names.
DERIVED_VERBS_FILE = "petrarch_verbs.tsv"
DERIVED_FORMS_FILE = "petrarch_forms.tsv"
DERIVED_ACTORS_FILE = "petrarch_actors.tsv"
DERIVED_AGENTS_FILE = "petrarch_agents.tsv"
DISCARDS_FILE = "petrarch_discards.tsv"
# Leaders of 2016-2026 compiled by the project, read after the derived actors (its rows win
# where both hold on a day).
LEADERS_FILE = "leaders.tsv"
LEADER_SECTORS = frozenset({"GOV", "MIL", "REB", "IGO"})
DISCARD_LEVELS = frozenset({"story", "sentence"})

# The longest discard phrase looked for, in words.
MAX_DISCARD_WORDS = 6
# Prepositions that end the modifiers of a noun phrase in a trigger ("exchange of fire").
PHRASE_PREPOSITIONS = frozenset({"of", "on", "in", "against", "for", "with"})


@dataclass(frozen=True)
class NamedActor:
    """A body or person known by name: its country (None for international ones) and sector."""

    code: str | None
    sector: str | None


@dataclass(frozen=True)
class ActorPeriod:
    """What a name stands for between two dates (None: open): a leader's office by term."""

    actor: NamedActor
    start: date | None
    end: date | None

    def holds(self, on: date) -> bool:
        """Whether the period covers the day."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def optional(value: str) -> str | None:
    """A table field, None for "" or "-"."""
    return None if value in ("", "-") else value


def split_phrase(phrase: str, pos: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(head, words before it, words after it) of a trigger phrase."""
    words = phrase.lower().split()
    if pos == "verb" or pos == "adj":
        return words[0], (), tuple(words[1:])
    cut = next((i for i, w in enumerate(words) if i > 0 and w in PHRASE_PREPOSITIONS), None)
    if cut is not None:
        return words[cut - 1], tuple(words[: cut - 1]), tuple(words[cut:])
    return words[-1], tuple(words[:-1]), ()


def raw_rows(source: Traversable | Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a derived table the converter wrote: no stray space to strip,
    so the thousands of rows are split and nothing more; short rows still raise."""
    for number, line in enumerate(source.read_text(encoding="utf-8").split("\n"), 1):
        if not line or line[0] == "#":
            continue
        fields = line.split("\t")
        if len(fields) < columns:
            raise ValueError(f"{source.name}:{number}: expected {columns} columns: {fields!r}")
        yield number, fields


@dataclass(frozen=True)
class LexiconFiles:
    """Where an ontology's derived tables are, and the hand-written irregular forms."""

    verbs: Traversable | Path
    forms: Traversable | Path
    actors: Traversable | Path
    agents: Traversable | Path
    discards: Traversable | Path
    irregular: Mapping[str, tuple[str, ...]]
    leaders: Traversable | Path | None = None


@dataclass(frozen=True)
class RawTrigger:
    """A derived trigger row kept as text until its lemma is first looked up."""

    where: str
    fields: tuple[str, ...]


def read_raw_triggers(source: Traversable | Path) -> dict[tuple[str, str], list[RawTrigger]]:
    """Derived verb rows by (head lemma, part of speech), unparsed."""
    table: dict[tuple[str, str], list[RawTrigger]] = {}
    name = source.name
    for number, fields in raw_rows(source, 8):
        phrase, pos = fields[0], fields[1]
        head = phrase.split(" ", 1)[0] if pos != "noun" else split_phrase(phrase, pos)[0]
        row = RawTrigger(f"{name}:{number}", tuple(fields))
        rows = table.get((head, pos))
        if rows is None:
            table[(head, pos)] = [row]
        else:
            rows.append(row)
    return table


def iso_date(value: str) -> date | None:
    """An ISO date field, None for "" or "-"."""
    return None if value in ("", "-") else date.fromisoformat(value)


def read_periods(source: Traversable | Path) -> dict[str, list[str]]:
    """Normalised name → its rows' remaining text (code, sector, from, until), in file order
    (the converter writes a name's periods by start date); parsed on first lookup."""
    table: dict[str, list[str]] = {}
    for line in source.read_text(encoding="utf-8").split("\n"):
        if not line or line[0] == "#":
            continue
        name, _, rest = line.partition("\t")
        rows = table.get(name)
        if rows is None:
            table[name] = [rest]
        else:
            rows.append(rest)
    return table


def periods_of(name: str, rows: Sequence[str]) -> tuple[ActorPeriod, ...]:
    """The periods of one name's rows; a short row or a bad date raises, naming the name."""
    periods = []
    for row in rows:
        fields = row.split("\t")
        if len(fields) < 4:
            raise ValueError(f"{DERIVED_ACTORS_FILE}: {name!r}: expected 5 columns: {row!r}")
        code, sector, start, end = fields[:4]
        try:
            periods.append(
                ActorPeriod(
                    NamedActor(optional(code), optional(sector)),
                    iso_date(start),
                    iso_date(end),
                )
            )
        except ValueError as exc:
            raise ValueError(f"{DERIVED_ACTORS_FILE}: {name!r}: bad date: {exc}") from exc
    return tuple(periods)


def read_discards(source: Traversable | Path) -> dict[str, str]:
    """Discard phrase (lowercase) → level; an unknown level raises, naming the row."""
    table: dict[str, str] = {}
    for number, (phrase, level, *_) in raw_rows(source, 2):
        if level not in DISCARD_LEVELS:
            raise ValueError(f"{source.name}:{number}: unknown discard level {level!r}")
        table[" ".join(phrase.lower().split())] = level
    return table


def read_leaders(
    source: Traversable | Path, normalise: Callable[[str], str]
) -> dict[str, list[str]]:
    """Normalised name → period rows (code, sector, from, until) of the leaders table, each of
    a row's spellings a key; a short row, an unknown sector or a bad date raises, naming it."""
    table: dict[str, list[str]] = {}
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        where = f"{source.name}:{number}"
        if len(fields) < 5:
            raise ValueError(f"{where}: expected 5 columns: {fields!r}")
        names, code, sector, start, end = fields[:5]
        if sector not in LEADER_SECTORS:
            raise ValueError(f"{where}: unknown sector {sector!r}")
        try:
            iso_date(start), iso_date(end)
        except ValueError as exc:
            raise ValueError(f"{where}: bad date: {exc}") from exc
        row = "\t".join((code, sector, start, end))
        for name in names.split("|"):
            key = normalise(name)
            if key:
                table.setdefault(key, []).append(row)
    return table
