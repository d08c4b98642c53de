"""The event ontology: data files load, agree with each other and can be extended by a user."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.analyze.events.ontology import (
    CAMEO_FILE,
    TRIGGERS_FILE,
    EventOntology,
    inflections,
)

GOLD_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "INVESTIGATE",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
    "FIGHT",
}


@pytest.fixture(scope="module")
def ontology() -> EventOntology:
    return EventOntology.load()


def test_types_are_the_gold_files_names_with_quad_classes_and_scores(
    ontology: EventOntology,
) -> None:
    assert set(ontology.types) == GOLD_TYPES
    assert ontology.event_type("FIGHT").quad_class == "material conflict"
    assert ontology.event_type("CONSULT").quad_class == "verbal cooperation"
    assert ontology.event_type("AID").quad_class == "material cooperation"
    assert ontology.event_type("THREATEN").quad_class == "verbal conflict"
    for t in ontology.types.values():
        assert -10 <= t.score <= 10
        assert all(-10 <= s <= 10 for s in t.mode_scores.values())
    cooperative = [t.score for t in ontology.types.values() if "cooperation" in t.quad_class]
    conflictual = [t.score for t in ontology.types.values() if "conflict" in t.quad_class]
    assert min(cooperative) > 0 > max(conflictual)
    assert ontology.event_type("CONSULT").score_for("visit") > ontology.event_type("CONSULT").score


def test_cameo_table_follows_the_official_conversion(ontology: EventOntology) -> None:
    assert ontology.cameo["042"].type == "CONSULT" and ontology.cameo["042"].mode == "visit"
    assert ontology.cameo["195"].type == "FIGHT"  # conventional force: the gold file's FIGHT
    assert ontology.cameo["183"].type == "ASSAULT"
    assert ontology.cameo["112"].type == "DISAPPROVE"
    assert ontology.cameo["090"].type == "INVESTIGATE"
    assert ontology.cameo["100"].type == "DEMAND"
    assert ontology.cameo["163"].type == "COERCE"  # imposing sanctions, as the 2021 table has it


def test_trigger_rows_take_their_type_from_the_cameo_code(ontology: EventOntology) -> None:
    rules = ontology.rules("strike", "noun")
    phrases = [r.phrase for r in rules]
    # rows asking for more words come first: "air strike" before "strike"
    assert phrases.index("air strike") < phrases.index("strike")
    air = next(r for r in rules if r.phrase == "air strike")
    assert air.type == "FIGHT" and air.before == ("air",)
    call_on = next(r for r in ontology.rules("call", "verb") if r.phrase == "call on")
    assert call_on.after == ("on",) and call_on.type == "DEMAND" and call_on.has("intent")
    for rules in (ontology.rules("visit", "verb"), ontology.rules("threaten", "verb")):
        for rule in rules:
            assert rule.type == ontology.cameo[rule.cameo].type


def test_irregular_and_regular_forms_lead_to_lemmas(ontology: EventOntology) -> None:
    for form, lemma in {
        "held": "hold",
        "struck": "strike",
        "blew": "blow",
        "banned": "ban",
        "expelled": "expel",
        "denied": "deny",
        "rallies": "rally",
        "talks": "talk",
        "militiamen": "militiaman",
        "authorities": "authority",
        "agreeing": "agree",
        "airstrikes": "airstrike",
    }.items():
        assert ontology.lemma(form) == lemma, form
    assert ontology.lemma("Unknownword") == "unknownword"
    assert {"visit", "visits", "visited", "visiting"} <= inflections("visit")
    assert {"deny", "denies", "denied"} <= inflections("deny")


def test_sectors_markers_and_named_actors(ontology: EventOntology) -> None:
    assert ontology.sector("army") == "MIL"
    assert ontology.sector("minister") == "GOV"
    assert ontology.sector("security force") == "COP"
    assert ontology.sector("militant") == "REB"
    assert ontology.named_actor("U.N.") == ontology.named_actor("United Nations")
    assert ontology.named_actor("the United Nations").sector == "IGO"  # type: ignore[union-attr]
    hamas = ontology.named_actor("Hamas")
    assert hamas is not None and hamas.code == "PSE" and hamas.sector == "REB"
    assert ontology.is_marker("will", "plan-aux")
    assert ontology.is_marker("carry out", "support")
    assert ontology.is_marker("deny", "deny")


def test_a_users_folder_extends_the_package_ontology(tmp_path: Path) -> None:
    package = EventOntology.load()
    extra = "hornswoggle\tverb\t111\t-\t-\t-\tintent\t*\n"
    base = (Path(__file__).parents[2] / "src/newsloom/data/ontology" / TRIGGERS_FILE).read_text(
        "utf-8"
    )
    (tmp_path / TRIGGERS_FILE).write_text(base + extra, encoding="utf-8")
    mine = EventOntology.load(tmp_path)
    assert mine.rules("hornswoggle", "verb")[0].type == "DISAPPROVE"
    assert mine.lemma("hornswoggled") == "hornswoggle"
    assert not package.rules("hornswoggle", "verb")  # no module-global state shared
    assert set(mine.types) == set(package.types)  # the other files came from the package


def test_a_bad_row_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / TRIGGERS_FILE).write_text("zap\tverb\t999\t-\t-\t-\t-\t*\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{TRIGGERS_FILE}:1: CAMEO code '999'"):
        EventOntology.load(tmp_path)
    (tmp_path / TRIGGERS_FILE).write_text("zap\tverb\t111\t-\t-\t-\twobbly\t*\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown flags"):
        EventOntology.load(tmp_path)
    (tmp_path / TRIGGERS_FILE).unlink()
    (tmp_path / CAMEO_FILE).write_text("111\tGRUMBLE\t-\t-\tgrumble\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown type 'GRUMBLE'"):
        EventOntology.load(tmp_path)
