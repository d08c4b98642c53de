"""Convert the PETRARCH-2 / Phoenix dictionaries (MIT) into the ontology's derived tables.

Run from a checkout, with the dictionaries beside it::

    python -m newsloom.data.build.convert_petrarch ../shared/data/petrarch2-dictionaries

It writes, into the package's ontology folder (or --out), five tab-separated files that
`EventOntology` reads after the hand-written `plover_*` tables (a hand-written row always wins):

- `petrarch_verbs.tsv`: trigger rows in `plover_triggers.tsv`'s columns, one per verb (or verb
  and particle) of a verb block that has a CAMEO code of its own, and one per simple object or
  preposition pattern ("- * SANCTIONS [163]") under it;
- `petrarch_forms.tsv`: the irregular forms the verb dictionary lists, `plover_irregular.tsv`'s
  columns;
- `petrarch_actors.tsv`: people, offices and bodies with country, sector and date range;
- `petrarch_agents.tsv`: role words and their sector, `plover_sectors.tsv`'s columns;
- `petrarch_discards.tsv`: phrases that mark sports, entertainment and other non-events.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pycountry

from newsloom.analyze.entities.gazetteer import normalise_name
from newsloom.data import ontology_folder, table_rows

VERB_FILE = "CAMEO.2.0.txt"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
DISCARD_FILE = "Phoenix.discards.txt"
LICENSE_FILE = "LICENSE"
# The sectors newsloom's ontology knows; a Phoenix role outside them gives no sector.
KNOWN_SECTORS = frozenset(
    {"GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "BUS", "MED", "CVL", "REF"}
    | {"LAB", "EDU", "REL", "IGO", "NGO"}
)
# Phoenix roles that mean one of newsloom's sectors under another name: intelligence services
# are security services, unidentified armed forces and insurgents are armed groups.
SECTOR_ALIASES = {"SPY": "COP", "UAF": "REB", "INS": "REB", "SEP": "REB", "CRM": "REB"}
# The quad classes a derived verb with no object pattern may code.
BARE_QUADS = frozenset({"verbal conflict", "material conflict"})
# The flags of a derived verb row with no object pattern.
BARE_FLAGS = "lexicon,needs-target"
# Phoenix's two-digit years: below this they are 20xx, from it 19xx.
CENTURY_PIVOT = 40
# One-word aliases shorter than this are too often other words or other people to name a
# person or body alone ("ALI", "KHAN").
MIN_SINGLE_WORD = 5
# CAMEO codes whose verbs are statements, appeals or intents too general to be events by
# themselves in newsloom's ontology (the plover_cameo table has no row for them).
_TWO_DIGIT = re.compile(r"^\d{2}$")
# Discard lines that are dates and time phrases ("1914", "YEARS AGO"): PETRARCH drops
# history with them; newsloom dates events from their own clause instead.
_TIME_DISCARD = re.compile(r"^(\d+|.*\b(AGO|LATER)\b.*)$")
_DATE_RANGE = re.compile(r"^([<>]?)(\d{6}|\d{8})(?:-(\d{6}|\d{8}))?$")
# Phoenix's codes of bodies of no one country: IGOs, NGOs, international militarized groups.
_BODY_CODES = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB"}
# Sectors whose short one-word names are bodies' acronyms ("UN", "PKK"), not people's names.
_ACRONYM_SECTORS = frozenset({"IGO", "NGO", "REB"})


@dataclass(frozen=True)
class ActorRow:
    """One derived actor row: a name, its country (or "-"), sector and the dates it holds."""

    name: str
    code: str
    sector: str
    start: str
    end: str


def _mit_header(license_text: str, what: str) -> list[str]:
    """The comment lines every derived file starts with: what it is and the MIT notice."""
    lines = [
        f"# {what}",
        "# Derived by newsloom.data.build.convert_petrarch from the PETRARCH-2 / Phoenix",
        "# dictionaries (openeventdata/petrarch2, petrarch2/data/dictionaries). Regenerate with",
        "# that script rather than editing by hand; put your own rows in the plover_* tables.",
        "#",
    ]
    lines.extend(f"# {line}".rstrip() for line in license_text.strip().splitlines())
    return lines


def _words(token: str) -> str:
    """A dictionary phrase ("RECEP_TAYYIP_ERDOGAN_") as plain lowercase words."""
    return " ".join(token.replace("_", " ").split()).lower()


def singular(word: str) -> str:
    """A plural noun's singular by the regular rules ("sanctions" → "sanction"), as the
    ontology's lemma table reads the words of trigger rows."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


# -- verbs ----------------------------------------------------------------------------------


def _cameo_code(raw: str, known: Mapping[str, str]) -> str | None:
    """The CAMEO code a "[042:043]" bracket gives that the ontology has; else None."""
    code = raw.strip("[]").split(":")[0].strip()
    if not code.isdigit():
        return None
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in known and not _TWO_DIGIT.match(candidate):
            return candidate
    return None


@dataclass
class _VerbBlock:
    default: str | None
    verbs: list[tuple[str, str | None]]  # (phrase, own code)
    forms: dict[str, list[str]]
    patterns: list[tuple[str, str]]  # (pattern, code)


def _verb_blocks(text: str, known: Mapping[str, str]) -> Iterator[_VerbBlock]:
    """The verb blocks of the CAMEO verb dictionary, each with its verbs and patterns."""
    body = text.split("####### VERB PATTERNS #######", 1)[-1]
    block: _VerbBlock | None = None
    for raw in body.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("---"):
            if block is not None:
                yield block
            bracket = re.search(r"\[([^\]]*)\]", line)
            default = _cameo_code(bracket.group(0), known) if bracket else None
            block = _VerbBlock(default, [], {}, [])
            continue
        if block is None:
            continue
        if line.startswith("-"):
            match = re.match(r"^-\s*(.*?)\s*(\[[^\]]*\])", line)
            if match:
                code = _cameo_code(match.group(2), known)
                if code is not None:
                    block.patterns.append((match.group(1), code))
            continue
        _verb_line(line, block, known)
    if block is not None:
        yield block


def _verb_line(line: str, block: _VerbBlock, known: Mapping[str, str]) -> None:
    """One verb of a block: "HURRY {HURRIES HURRIED}", "+CALL_OFF [160]"."""
    forms_match = re.search(r"\{([^}]*)\}", line)
    code_match = re.search(r"\[[^\]]*\]", line)
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
    if not head:
        return
    phrase = _words(head[0].lstrip("+"))
    if not re.fullmatch(r"[a-z]+( [a-z]+)?", phrase):
        return  # phrases of three words and more, or with odd characters, are left out
    own = _cameo_code(code_match.group(0), known) if code_match else None
    block.verbs.append((phrase, own))
    if forms_match:
        lemma = phrase.split()[0]
        forms = [_words(f.lstrip("+")).split()[0] for f in forms_match.group(1).split()]
        block.forms.setdefault(lemma, []).extend(f for f in forms if f and f != lemma)


def _pattern_row(pattern: str) -> tuple[str, str] | None:
    """(particles after the verb, object words) of a simple pattern, or None.

    Kept: "* WORD", "* {W1 W2}" (the object is the last word), "* (PREP)" and "* (PREP WORD)".
    Patterns with a subject before the verb, synonym sets, or source/target marks are left out.
    """
    if not pattern.startswith("*") or any(ch in pattern for ch in "&$+%^="):
        return None
    rest = pattern[1:].strip()
    if re.fullmatch(r"[A-Z]+_?", rest):
        return "", _words(rest)
    braces = re.fullmatch(r"\{([A-Z_ ]+)\}", rest)
    if braces:
        words = _words(braces.group(1)).split()
        return ("", words[-1]) if words else None
    paren = re.fullmatch(r"\(([A-Z]+)_?(?:\s+([A-Z]+)_?)?\)", rest)
    if paren:
        prep = paren.group(1).lower()
        return prep, (paren.group(2) or "").lower()
    return None


def verb_rows(text: str, known: Mapping[str, str]) -> tuple[list[list[str]], dict[str, list[str]]]:
    """Trigger rows (plover_triggers.tsv columns) and irregular forms from the verb file.

    known maps each CAMEO code the ontology has to its quad class. A verb alone (no object
    pattern) is kept only for conflict codes: the cooperation synonyms ("invest", "buy",
    "benefit", "head") are far more often business than politics, and cooperation is kept
    where a pattern names its object ("pledge aid")."""
    rows: dict[tuple[str, str, str], str] = {}
    forms: dict[str, list[str]] = defaultdict(list)
    for block in _verb_blocks(text, known):
        for lemma, extra in block.forms.items():
            forms[lemma].extend(extra)
        for phrase, own in block.verbs:
            code = own or block.default
            if code is not None and known[code] in BARE_QUADS:
                rows.setdefault((phrase, "-", code), "")
            if " " in phrase:
                continue  # patterns are read under single verbs only
            for pattern, pattern_code in block.patterns:
                parsed = _pattern_row(pattern)
                if parsed is None:
                    continue
                prep, obj = parsed
                if not obj and not prep:
                    continue
                full = f"{phrase} {prep}".strip()
                rows.setdefault((full, singular(obj) if obj else "-", pattern_code), "")
    # Every row is marked as the lexicon's; a row with no object pattern must also name whom
    # the event is aimed at, since a bare synonym ("converge", "enhance") says too little alone.
    out = [
        [phrase, "verb", code, "-", with_, "-", BARE_FLAGS if with_ == "-" else "lexicon", "*"]
        for phrase, with_, code in sorted(rows, key=lambda r: (r[0], r[1] == "-", r[1], r[2]))
    ]
    return out, {k: sorted(set(v)) for k, v in sorted(forms.items()) if v}


# -- actors ---------------------------------------------------------------------------------


def _date(raw: str) -> str:
    """A Phoenix YYMMDD (or YYYYMMDD) date as an ISO date."""
    if len(raw) == 8:
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"
    year = int(raw[:2])
    century = 1900 if year >= CENTURY_PIVOT else 2000
    return f"{century + year:04d}-{raw[2:4]}-{raw[4:6]}"


def _valid_date(value: str) -> str:
    """The ISO date, or "-" for Phoenix's impossible days ("000000", "991231" is fine)."""
    try:
        date.fromisoformat(value)
    except ValueError:
        return "-"
    return value


def _code_and_sector(code: str, countries: set[str]) -> tuple[str, str] | None:
    """(country or "-", sector or "-") of a Phoenix actor code ("TURGOV", "IGOUNO")."""
    code = code.strip().upper()
    if len(code) < 3 or not code.isalpha():
        return None
    country, roles = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    if country in _BODY_CODES:
        return "-", _BODY_CODES[country]
    if country not in countries:
        return None
    for role in roles:
        sector = SECTOR_ALIASES.get(role, role)
        if sector in KNOWN_SECTORS:
            return country, sector
    return country, "-"


def _periods(bracket: str, countries: set[str]) -> list[tuple[str, str, str, str]]:
    """(country, sector, start, end) of each "[TURGOV 021118-030314]" in a line."""
    found = []
    for inner in re.findall(r"\[([^\]]*)\]", bracket):
        parts = inner.split()
        if not parts or parts[0].startswith("~"):
            continue
        coded = _code_and_sector(parts[0], countries)
        if coded is None:
            continue
        start = end = "-"
        if len(parts) > 1:
            match = _DATE_RANGE.match(parts[1])
            if match is None:
                continue
            sign, first, second = match.groups()
            if sign == ">":
                start = _date(first)
            elif sign == "<":
                end = _date(first)
            else:
                start, end = _date(first), _date(second) if second else _date(first)
        found.append((*coded, _valid_date(start), _valid_date(end)))
    return found


def _actor_entries(text: str) -> Iterator[tuple[list[str], str]]:
    """(names, the text of their code brackets) of each entry of a Phoenix actor file."""
    names: list[str] = []
    brackets: list[str] = []
    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if raw[:1] in (" ", "\t") and stripped.startswith("["):
            brackets.append(stripped)
            continue
        if stripped.startswith("+"):
            names.append(re.sub(r"\[[^\]]*\].*", "", stripped[1:]).strip())
            brackets.extend(re.findall(r"\[[^\]]*\]", stripped))
            continue
        if names:
            yield names, " ".join(brackets)
        head = re.split(r"\s*\[", stripped, maxsplit=1)[0].strip()
        names = [head] if head else []
        brackets = re.findall(r"\[[^\]]*\]", stripped)
    if names:
        yield names, " ".join(brackets)


def actor_rows(texts: Iterable[str], countries: set[str]) -> list[ActorRow]:
    """Derived actor rows: offices, people and bodies (a bare country is a place, left out)."""
    rows: list[ActorRow] = []
    for text in texts:
        for names, brackets in _actor_entries(text):
            periods = _periods(brackets, countries)
            if not periods or all(s == "-" and a == "-" for _, s, a, _e in periods):
                continue  # a country or city: the gazetteer's business
            for name in names:
                phrase = _words(name)
                if not re.fullmatch(r"[\w.'\- ]+", phrase) or not phrase.strip():
                    continue
                for code, sector, start, end in periods:
                    rows.append(ActorRow(phrase, code, sector, start, end))
    return _drop_ambiguous(rows)


def _drop_ambiguous(rows: list[ActorRow]) -> list[ActorRow]:
    """Rows whose name is specific enough: one-word names must be long and name one country."""
    countries_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        countries_of[normalise_name(row.name)].add(row.code)
    kept: dict[tuple[str, str, str, str, str], ActorRow] = {}
    for row in rows:
        key = normalise_name(row.name)
        single = " " not in key
        short = len(key) < MIN_SINGLE_WORD and row.sector not in _ACRONYM_SECTORS
        if single and (short or len(countries_of[key]) > 1):
            continue
        # written under the key the ontology looks names up by, so loading need not normalise
        kept.setdefault(
            (key, row.code, row.sector, row.start, row.end),
            ActorRow(key, row.code, row.sector, row.start, row.end),
        )
    return sorted(kept.values(), key=lambda r: (r.name, r.start, r.end))


# -- agents and discards --------------------------------------------------------------------


def agent_rows(text: str) -> list[tuple[str, str]]:
    """(phrase of one or two words, sector) from the agents file, substitution sets expanded."""
    sets: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        match = re.match(r"^!(\w+)!\s*=\s*(.*)$", line)
        if match:
            sets[match.group(1)] = [w.strip() for w in match.group(2).split(",") if w.strip()]
            continue
        bracket = re.search(r"\[~([A-Z]+)\]", line)
        if not bracket:
            continue
        sector = _agent_sector(bracket.group(1))
        if sector is None:
            continue
        for phrase in _expand(line[: bracket.start()].strip(), sets):
            words = _words(phrase)
            if re.fullmatch(r"[a-z]+( [a-z]+)?", words):
                rows.setdefault(words, sector)
    return sorted(rows.items())


def _agent_sector(code: str) -> str | None:
    for i in range(0, len(code), 3):
        role = code[i : i + 3]
        sector = SECTOR_ALIASES.get(role, role)
        if sector in KNOWN_SECTORS:
            return sector
    return None


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    """A phrase with its "!PERSON!" sets replaced by each member."""
    match = re.search(r"!(\w+)!", phrase)
    if match is None:
        return [phrase]
    out = []
    for member in sets.get(match.group(1), []):
        joined = phrase[: match.start()].rstrip("_") + "_" + member + phrase[match.end() :]
        out.extend(_expand(joined.strip("_"), sets))
    return out


def discard_rows(text: str) -> list[tuple[str, str]]:
    """(phrase, "story" or "sentence") of the discard file, dates and time phrases left out."""
    rows: dict[str, str] = {}
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            continue
        level = "story" if line.startswith("+") else "sentence"
        phrase = " ".join(line.lstrip("+").replace("_", " ").split()).upper()
        if not phrase or _TIME_DISCARD.match(phrase):
            continue
        rows.setdefault(phrase.lower(), level)
    return sorted(rows.items())


# -- writing --------------------------------------------------------------------------------


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    lines = list(header)
    count = 0
    for row in rows:
        lines.append("\t".join(row))
        count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def known_cameo_codes() -> dict[str, str]:
    """The CAMEO codes of the package's plover_cameo.tsv, each with its PLOVER quad class."""
    folder = ontology_folder()
    types = folder.joinpath("plover_types.tsv").read_text(encoding="utf-8")
    quad = {f[0]: f[2] for _, f in table_rows(types) if f[1] == "-"}
    cameo = folder.joinpath("plover_cameo.tsv").read_text(encoding="utf-8")
    return {f[0]: quad.get(f[1], "") for _, f in table_rows(cameo)}


def convert(source: Path, out: Path) -> dict[str, int]:
    """Write the five derived tables from the dictionaries in `source`; rows written per file."""
    license_text = (source / LICENSE_FILE).read_text(encoding="utf-8")
    countries = {c.alpha_3 for c in pycountry.countries}
    verbs, forms = verb_rows(
        (source / VERB_FILE).read_text(encoding="utf-8", errors="replace"), known_cameo_codes()
    )
    counts = {
        "petrarch_verbs.tsv": _write(
            out / "petrarch_verbs.tsv",
            _mit_header(license_text, "phrase\tpos\tcameo\tmode\twith\ttarget\tflags\tsource"),
            verbs,
        ),
        "petrarch_forms.tsv": _write(
            out / "petrarch_forms.tsv",
            _mit_header(license_text, "lemma\tirregular forms"),
            ([lemma, " ".join(f)] for lemma, f in forms.items()),
        ),
    }
    actor_texts = [(source / f).read_text(encoding="utf-8", errors="replace") for f in ACTOR_FILES]
    counts["petrarch_actors.tsv"] = _write(
        out / "petrarch_actors.tsv",
        _mit_header(
            license_text, "name (normalised)\tcode\tsector\tfrom\tuntil (ISO dates, - open)"
        ),
        ([r.name, r.code, r.sector, r.start, r.end] for r in actor_rows(actor_texts, countries)),
    )
    counts["petrarch_agents.tsv"] = _write(
        out / "petrarch_agents.tsv",
        _mit_header(license_text, "phrase\tsector"),
        agent_rows((source / AGENT_FILE).read_text(encoding="utf-8", errors="replace")),
    )
    counts["petrarch_discards.tsv"] = _write(
        out / "petrarch_discards.tsv",
        _mit_header(license_text, "phrase\tlevel (story: the whole article; sentence: its own)"),
        discard_rows((source / DISCARD_FILE).read_text(encoding="utf-8", errors="replace")),
    )
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: convert the dictionaries folder into the ontology's derived tables."""
    parser = argparse.ArgumentParser(
        prog="python -m newsloom.data.build.convert_petrarch", description=__doc__
    )
    parser.add_argument("source", type=Path, help="the petrarch2-dictionaries folder")
    parser.add_argument(
        "--out", type=Path, help="folder to write to (default: the package's ontology folder)"
    )
    args = parser.parse_args(argv)
    out = args.out or Path(str(ontology_folder()))
    counts = convert(args.source, out)
    for name, count in Counter(counts).items():
        print(f"{name}\t{count} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
