"""The PETRARCH-2 / Phoenix converter on small dictionaries written for the test, and the
derived tables the package ships loading into the ontology."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsloom.analyze.events import EventOntology
from newsloom.data.build.convert_petrarch import convert, singular

VERBS = """# header
####### VERB PATTERNS #######

---  SHELL   [190]  ---
SHELL
BOMBARD {BOMBARDS BOMBARDED BOMBARDING }
+OPEN_FIRE [190]
- * (ON CITY)                                         [190]         # SHELL

---  PURCHASE   [061]  ---
PURCHASE
- * WEAPONS                                           [062]         # PURCHASE

---  PLEDGE   [---]  ---
PLEDGE
- * AID                                               [033]         # PLEDGE
- &MILITARY * TROOPS                                  [0332]        # PLEDGE
"""
COUNTRIES = """RURITANIA_  [RUR]
+ZENDA_

HEINRICH_VON_STRELSAU_  # invented
+STRELSAU_
\t[FRAGOV 010101-051231]
\t[FRAELI >060101]
ABC_  [FRAGOV]
"""
INTERNATIONAL = "UN_ [IGOUNO]\nWORLD_LEAGUE_ [IGOWLD]\n"
MILITIAS = "NORTHERN_FRONT_ [IMGREB]\n+NF_\n"
AGENTS = "!PERSON! = MAN, WOMAN\nSOLDIER [~MIL]\nMILITIA!PERSON! [~REB]\nFARMER [~AGR]\n"
DISCARDS = "+WORLD CUP  # sport\nCRICKET\n1914\nYEARS AGO\n"


def write_dictionaries(folder: Path) -> None:
    folder.mkdir()
    files = {
        "CAMEO.2.0.txt": VERBS,
        "Phoenix.Countries.actors.txt": COUNTRIES,
        "Phoenix.International.actors.txt": INTERNATIONAL,
        "Phoenix.MilNonState.actors.txt": MILITIAS,
        "Phoenix.agents.txt": AGENTS,
        "Phoenix.discards.txt": DISCARDS,
        "LICENSE": "The MIT License (MIT)\n\nCopyright (c) 2099 Somebody\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def rows(path: Path) -> list[list[str]]:
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]


def test_convert_writes_the_derived_tables_with_the_notice(tmp_path: Path) -> None:
    source, out = tmp_path / "dicts", tmp_path / "out"
    write_dictionaries(source)
    out.mkdir()
    counts = convert(source, out)
    assert set(counts) == {
        "petrarch_verbs.tsv",
        "petrarch_forms.tsv",
        "petrarch_actors.tsv",
        "petrarch_agents.tsv",
        "petrarch_discards.tsv",
    }
    for name in counts:
        assert "Copyright (c) 2099 Somebody" in (out / name).read_text(encoding="utf-8")
    verbs = {(r[0], r[2], r[4], r[6]) for r in rows(out / "petrarch_verbs.tsv")}
    assert ("shell", "190", "-", "lexicon,needs-target") in verbs
    assert ("bombard", "190", "-", "lexicon,needs-target") in verbs
    assert ("open fire", "190", "-", "lexicon,needs-target") in verbs
    assert ("shell on", "190", "city", "lexicon") in verbs  # a preposition pattern
    assert ("pledge", "033", "aid", "lexicon") in verbs
    # a cooperation verb alone is business more often than politics: only its patterns stay
    assert ("purchase", "062", "weapon", "lexicon") in verbs
    assert not any(v[0] == "purchase" and v[2] == "-" for v in verbs)
    assert not any(v[0] == "pledge" and v[2] == "troop" for v in verbs)  # subject pattern left
    assert not any(v[0] == "pledge" and v[2] == "-" for v in verbs)  # block without a code
    assert ["bombard", "bombarded bombarding bombards"] in rows(out / "petrarch_forms.tsv")
    actors = rows(out / "petrarch_actors.tsv")
    assert ["heinrich von strelsau", "FRA", "GOV", "2001-01-01", "2005-12-31"] in actors
    assert ["strelsau", "FRA", "-", "2006-01-01", "-"] in actors
    assert ["un", "-", "IGO", "-", "-"] in actors  # an IGO's acronym is kept
    assert ["nf", "-", "REB", "-", "-"] in actors
    assert not any(a[0] in ("ruritania", "zenda", "abc") for a in actors)  # place; short name
    agents = rows(out / "petrarch_agents.tsv")
    assert ["militia man", "REB"] in agents and ["soldier", "MIL"] in agents
    assert not any(a[0] == "farmer" for a in agents)  # a sector newsloom does not have
    assert rows(out / "petrarch_discards.tsv") == [["cricket", "sentence"], ["world cup", "story"]]


def test_an_ontology_folder_with_derived_tables_resolves_people_by_date(tmp_path: Path) -> None:
    source, out = tmp_path / "dicts", tmp_path / "out"
    write_dictionaries(source)
    out.mkdir()
    convert(source, out)
    ontology = EventOntology.load(out)
    in_office = ontology.named_actor("Heinrich von Strelsau", date(2003, 5, 1))
    assert in_office is not None and (in_office.code, in_office.sector) == ("FRA", "GOV")
    later = ontology.named_actor("Strelsau", date(2010, 1, 1))
    assert later is not None and (later.code, later.sector) == ("FRA", None)
    assert ontology.named_actor("U.N.") is not None
    assert ontology.rules("bombard", "verb") and ontology.lemma("bombarded") == "bombard"
    assert ontology.discard_level(["the", "world", "cup", "final"], 1) == "story"
    assert ontology.discard_level(["the", "world"], 1) is None


def test_the_package_ships_the_lexicons() -> None:
    ontology = EventOntology.load()
    erdogan = ontology.named_actor("Recep Tayyip Erdoğan", date(2018, 1, 1))
    assert erdogan is not None and erdogan.code == "TUR"
    assert ontology.named_actor("Hezbollah") is not None
    assert ontology.discards


def test_singular() -> None:
    assert [singular(w) for w in ("sanctions", "militias", "batches", "talks", "news")] == [
        "sanction",
        "militia",
        "batch",
        "talk",
        "new",
    ]
