"""Story-level entity identity: people and government bodies named differently across articles."""

from __future__ import annotations

import pytest

from newsloom.brief.entities_across import StoryEntity, StoryIdentity, resolve_story
from newsloom.brief.entities_bodies import BodyIdentity
from newsloom.model import Entity


@pytest.fixture(scope="module")
def bodies() -> BodyIdentity:
    return BodyIdentity.load()


def _e(
    text: str, label: str, canonical: str | None = None, role: str | None = None,
    country: str | None = None,
) -> Entity:  # fmt: skip
    return Entity(text, 0, len(text), label, canonical or text, role, country)


def _only(identity: StoryIdentity, label: str, country: str | None = None) -> list[StoryEntity]:
    return [
        e for e in identity.entities
        if e.label == label and (country is None or e.country == country)
    ]  # fmt: skip


# -- people --------------------------------------------------------------------------------


def test_a_person_named_three_ways_is_one_entity(bodies: BodyIdentity) -> None:
    story = [
        [_e("President Raisi", "PERSON", "Raisi", role="president")],
        [_e("Ebrahim Raisi", "PERSON", country="IRN")],
        [_e("Raisi", "PERSON"), _e("Raisi", "PERSON")],
    ]
    identity = resolve_story(story, bodies)
    (person,) = _only(identity, "PERSON")
    assert person.canonical == "Ebrahim Raisi"
    assert (person.role, person.country) == ("president", "IRN")  # merged from two articles
    assert person.articles == (0, 1, 2) and person.mentions == 4
    assert set(person.names) == {"Raisi", "Ebrahim Raisi"}
    mentions = [e for article in identity.articles for e in article]
    assert {e.canonical for e in mentions} == {"Ebrahim Raisi"}
    assert {e.country for e in mentions} == {"IRN"}
    # a mention keeps its own text, and a role only where its own text states it
    assert [e.text for e in mentions] == ["President Raisi", "Ebrahim Raisi", "Raisi", "Raisi"]
    assert [e.role for e in mentions] == ["president", None, None, None]


def test_a_surname_two_people_share_is_not_guessed(bodies: BodyIdentity) -> None:
    story = [
        [_e("Nawaz Sharif", "PERSON")],
        [_e("Shehbaz Sharif", "PERSON")],
        [_e("Sharif", "PERSON")],
    ]
    names = {e.canonical for e in _only(resolve_story(story, bodies), "PERSON")}
    assert names == {"Nawaz Sharif", "Shehbaz Sharif", "Sharif"}


# -- government bodies ---------------------------------------------------------------------


def test_two_names_of_one_body_resolve_to_one(bodies: BodyIdentity) -> None:
    story = [
        [_e("Pakistan's foreign ministry", "ORG", "Pakistan Ministry of Foreign Affairs",
            "foreign ministry", "PAK")],
        [_e("Pakistan's Foreign Office", "ORG", "Pakistan Foreign Office", "foreign office", "PAK"),
         _e("FO", "ORG", "Pakistan Foreign Office", "foreign office", "PAK")],
    ]  # fmt: skip
    identity = resolve_story(story, bodies)
    (ministry,) = _only(identity, "ORG")
    assert ministry.canonical == "Pakistan Foreign Office"  # the name more mentions use
    assert ministry.country == "PAK" and ministry.articles == (0, 1)
    assert set(ministry.roles) == {"foreign ministry", "foreign office"}
    assert set(ministry.names) == {
        "Pakistan Foreign Office",
        "Pakistan Ministry of Foreign Affairs",
    }
    assert {e.canonical for a in identity.articles for e in a} == {"Pakistan Foreign Office"}
    # what a quote's speaker or an event's actor was called in each article maps to it too
    assert identity.name(0, "Pakistan Ministry of Foreign Affairs") == "Pakistan Foreign Office"
    assert identity.name(1, "someone else") == "someone else"


def test_bodies_of_different_countries_never_merge(bodies: BodyIdentity) -> None:
    story = [
        [_e("Iran's foreign ministry", "ORG", "Iran Ministry of Foreign Affairs",
            "foreign ministry", "IRN")],
        [_e("Pakistan's Foreign Office", "ORG", "Pakistan Foreign Office", "foreign office", "PAK"),
         _e("Ministry of Foreign Affairs of Iran", "ORG", country="IRN")],
    ]  # fmt: skip
    identity = resolve_story(story, bodies)
    by_country = {e.country: e for e in _only(identity, "ORG")}
    assert set(by_country) == {"IRN", "PAK"}
    assert by_country["IRN"].articles == (0, 1)  # Iran's, under two names
    assert by_country["PAK"].articles == (1,)


def test_different_bodies_of_one_country_never_merge(bodies: BodyIdentity) -> None:
    story = [
        [_e("Pakistan's foreign ministry", "ORG", "Pakistan Ministry of Foreign Affairs",
            "foreign ministry", "PAK"),
         _e("Pakistan's defence ministry", "ORG", "Pakistan Ministry of Defence",
            "defence ministry", "PAK")],
        [_e("Pakistani Ministry of Defense", "ORG", country="PAK"),
         _e("Pakistan's interior ministry", "ORG", "Pakistan Ministry of Interior",
            "interior ministry", "PAK"),
         _e("Pakistani Home Ministry", "ORG", country="PAK")],
    ]  # fmt: skip
    identity = resolve_story(story, bodies)
    orgs = _only(identity, "ORG", "PAK")
    assert len(orgs) == 3
    assert sorted(e.articles for e in orgs) == [(0,), (0, 1), (1,)]
    interior = next(e for e in orgs if e.articles == (1,))
    assert set(interior.names) == {"Pakistan Ministry of Interior", "Pakistani Home Ministry"}


def test_an_unqualified_name_joins_only_a_body_it_names_alone(bodies: BodyIdentity) -> None:
    qualified = [_e("Foreign Office", "ORG", country="GBR")]
    bare = [_e("the Foreign Office", "ORG", "Foreign Office")]
    one = resolve_story([qualified, bare], bodies)
    assert [(e.country, e.articles) for e in _only(one, "ORG")] == [("GBR", (0, 1))]
    # two countries' bodies go by that name: the unqualified one could be either
    two = resolve_story([qualified, [_e("Foreign Office", "ORG", country="PAK")], bare], bodies)
    assert {(e.canonical, e.country, e.articles) for e in _only(two, "ORG")} == {
        ("Foreign Office", None, (2,)),
        ("Foreign Office (GBR)", "GBR", (0,)),  # one name, two bodies: the country tells them apart
        ("Foreign Office (PAK)", "PAK", (1,)),
    }


@pytest.mark.parametrize(
    ("name", "country", "role", "body"),
    [
        ("Ministry of Foreign Affairs of Pakistan", "PAK", None, "foreign affairs"),
        ("Pakistani Foreign Ministry", "PAK", None, "foreign affairs"),
        ("Islamic Republic of Iran Foreign Ministry", "IRN", None, "foreign affairs"),
        ("Foreign Ministry", "IRN", None, "foreign affairs"),  # country from the text around it
        ("Pakistan Foreign Office", "PAK", "foreign office", "foreign affairs"),
        ("U.S. State Department", "USA", None, "foreign affairs"),
        ("Home Office", "GBR", None, "interior"),
        ("India Ministry of Home Affairs", "IND", None, "interior"),
        ("Federal Interior Ministry", "DEU", None, "interior"),
        ("MoD", "GBR", None, "defence"),
        ("Pentagon", "USA", None, "defence"),
        ("Pakistan Ministry of Petroleum", "PAK", "oil ministry", "petroleum"),
        # not a known body of that country: no key, so nothing merges by it
        ("State Department", "PAK", None, None),
        ("Interior Department", "USA", None, "public lands"),
        ("Punjab Home Ministry", "PAK", None, None),  # a province's, not the country's
        ("Karachi Foreign Office", "PAK", None, None),
        ("Foreign Office", None, None, None),  # whose?
        ("Pakistan Government", "PAK", "government", None),
        ("Pakistan Army", "PAK", None, None),
    ],
)
def test_body_keys(
    bodies: BodyIdentity, name: str, country: str | None, role: str | None, body: str | None
) -> None:
    key = bodies.key(_e(name, "ORG", role=role, country=country))
    assert key == ((country, body) if body else None)


def test_only_organisations_have_a_body(bodies: BodyIdentity) -> None:
    assert bodies.key(_e("Foreign Office", "FAC", country="GBR")) is None
    assert bodies.key(_e("Pakistan Foreign Office", "PERSON", country="PAK")) is None


def test_a_lone_surname_taken_for_a_place_joins_the_person(bodies: BodyIdentity) -> None:
    story = [
        [_e("Ebrahim Raisi", "PERSON", country="IRN"), _e("George Washington", "PERSON")],
        [_e("Raisi", "GPE"), _e("Washington", "GPE", country="USA")],
    ]
    identity = resolve_story(story, bodies)
    second = {e.text: (e.label, e.canonical) for e in identity.articles[1]}
    assert second["Raisi"] == ("PERSON", "Ebrahim Raisi")
    assert second["Washington"] == ("GPE", "Washington")  # a place the gazetteer knows stays one
    (raisi,) = [e for e in identity.entities if e.canonical == "Ebrahim Raisi"]
    assert raisi.articles == (0, 1) and raisi.label == "PERSON"


def test_names_of_other_kinds_change_no_person_name(bodies: BodyIdentity) -> None:
    story = [
        [_e("Nawaz Sharif", "PERSON", role="prime minister"), _e("Sharif", "PERSON")],
        [_e("Dar Sharif", "ORG")],  # an organisation ending like him leaves "Sharif" his
    ]
    identity = resolve_story(story, bodies)
    assert [e.canonical for e in identity.articles[0]] == ["Nawaz Sharif", "Nawaz Sharif"]
    assert identity.articles[1][0].label == "ORG"
