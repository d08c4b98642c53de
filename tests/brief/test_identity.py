"""Story-level identity in fusion and the brief: one entity, one name, every outlet's mentions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsloom.brief.fuse import FusedStory, fuse_story
from newsloom.ingest.clean import CleanResult, clean_article
from newsloom.model import Article, StoryMember

# Two outlets on one (invented) story, naming Portugal's foreign ministry two ways and quoting
# it in both; each also names Morocco's foreign ministry and Portugal's defence ministry.
FISHERIES = [
    ("Harbour Courier", "2025-05-13T08:00:00Z",
     "Portugal's foreign ministry said on Tuesday that fisheries talks with Morocco would resume "
     "in Lisbon next week. \"We are ready to sign the fisheries agreement before the summer,\" "
     "Portugal's foreign ministry said in a statement. Ana Costa, Portugal's foreign minister, "
     "will lead the delegation. Morocco's foreign ministry did not comment. Portugal's defence "
     "ministry said two navy ships would patrol the fishing grounds."),
    ("Daily Lantern", "2025-05-13T10:00:00Z",
     "Portugal's Foreign Office confirmed that fisheries talks with Morocco would resume in "
     "Lisbon next week. \"We are ready to sign the fisheries agreement before the summer,\" the "
     "Foreign Office said. Foreign Minister Costa will lead the delegation, officials said. "
     "Morocco's Foreign Office welcomed the talks. Portugal's Ministry of Defence declined to "
     "comment on the patrols."),
]  # fmt: skip
# Three outlets naming one president three ways.
VISIT = [
    ("Alpha Times", "2024-04-22T06:00:00Z",
     "Iran's President Ebrahim Raisi arrived in Islamabad on Monday for a three-day visit, "
     "officials said."),
    ("Beta News", "2024-04-22T07:00:00Z",
     "President Raisi was welcomed at the airport in Islamabad by the prime minister on Monday."),
    ("Gamma Post", "2024-04-22T09:00:00Z",
     "Speaking in Islamabad on Monday, Raisi said trade between the two neighbours would grow."),
]  # fmt: skip


def _members(analyzer: Any, reports: list[tuple[str, str, str]]) -> list[StoryMember]:
    articles = []
    for i, (outlet, published, text) in enumerate(reports):
        cleaned = clean_article(
            Article(text=text, origin=f"hand:{i}", outlet=outlet, published=published)
        )
        assert isinstance(cleaned, CleanResult)
        articles.append(cleaned.article)
    analyses = analyzer.pipe(articles)
    return [
        StoryMember(i + 1, a, n) for i, (a, n) in enumerate(zip(articles, analyses, strict=True))
    ]


@pytest.fixture(scope="module")
def fisheries(analyzer: Any) -> tuple[list[StoryMember], FusedStory]:
    members = _members(analyzer, FISHERIES)
    return members, fuse_story(members, analyzer.embedder)


def test_each_outlet_names_the_ministry_its_own_way(fisheries: Any) -> None:
    members, _ = fisheries  # what the story-level identity starts from
    names = [
        {e.canonical for e in m.analysis.entities if e.label == "ORG" and e.country == "PRT"
         and e.role and "foreign" in e.role}
        for m in members
    ]  # fmt: skip
    assert names == [{"Portugal Ministry of Foreign Affairs"}, {"Portugal Foreign Office"}]
    speakers = [{q.speaker for q in m.analysis.quotes} for m in members]
    assert "Portugal Ministry of Foreign Affairs" in speakers[0]
    assert "Portugal Foreign Office" in speakers[1]


def test_a_quote_agrees_across_outlets_through_the_merged_speaker(fisheries: Any) -> None:
    _, story = fisheries
    (quote,) = [
        c for c in story.claims
        if c.kind == "quote" and "ready to sign the fisheries agreement" in str(c.value)
    ]  # fmt: skip
    assert quote.status == "corroborated"
    assert quote.outlets == ("Harbour Courier", "Daily Lantern")
    assert quote.key in ("Portugal Ministry of Foreign Affairs", "Portugal Foreign Office")


def test_one_ministry_is_listed_once_and_other_bodies_stay_apart(fisheries: Any) -> None:
    _, story = fisheries
    orgs = {(e.country, e.role): e for e in story.entities if e.label == "ORG" and e.country}
    foreign = [e for (country, role), e in orgs.items() if country == "PRT" and "foreign" in role]
    assert len(foreign) == 1  # the foreign ministry and the Foreign Office: one body
    (ministry,) = foreign
    assert set(ministry.names) == {
        "Portugal Ministry of Foreign Affairs",
        "Portugal Foreign Office",
    }
    assert ministry.outlets == ("Harbour Courier", "Daily Lantern")
    assert ministry.independent_outlets == 2 and ministry.mentions >= 4
    assert {"foreign ministry", "foreign office"} <= set(ministry.roles)
    # Morocco's foreign ministry is another country's; Portugal's defence ministry another body
    moroccan = [e for e in story.entities if e.label == "ORG" and e.country == "MAR"]
    assert len(moroccan) == 1 and moroccan[0].outlets == ("Harbour Courier", "Daily Lantern")
    defence = [e for e in story.entities if e.label == "ORG" and e.name.endswith("Defence")]
    assert len(defence) == 1 and defence[0].country == "PRT" and defence[0].name != ministry.name
    assert len({e.name for e in story.entities}) == len(story.entities)


def test_a_person_named_three_ways_is_one_entity_in_the_story(analyzer: Any) -> None:
    members = _members(analyzer, VISIT)
    story = fuse_story(members, analyzer.embedder)
    people = [e for e in story.entities if e.label == "PERSON" and "Raisi" in e.name]
    assert len(people) == 1
    (raisi,) = people
    assert raisi.name == "Ebrahim Raisi"
    assert raisi.outlets == ("Alpha Times", "Beta News", "Gamma Post")
    assert (raisi.role, raisi.country) == ("president", "IRN")
    # the third report never gives his first name (the small model takes "Raisi" for a place
    # there): the story names one person so, and no place goes by that name
    assert not [e for e in story.entities if e.name == "Raisi"]


# -- the seed reports, through the store and the brief -----------------------------------------


@pytest.fixture(scope="module")
def seed_report(analyzer: Any, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from newsloom.brief.report import build_brief
    from newsloom.ingest.pipeline import ingest_paths
    from newsloom.store.sqlite import Store
    from newsloom.store.stories import list_stories

    db = tmp_path_factory.mktemp("identity") / "seeds.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        return build_brief(store, story.id, analyzer.embedder)


def test_seed_brief_names_the_pakistani_foreign_ministry_once(seed_report: Any) -> None:
    from newsloom.brief.render import to_markdown

    ministries = [
        e for e in seed_report.entities_by_label()["ORG"]
        if e["country"] == "PAK" and {"foreign ministry", "foreign office"} & set(e["roles"])
    ]  # fmt: skip
    assert len(ministries) == 1
    (ministry,) = ministries
    assert ministry["articles"] == 2 and ministry["independent_outlets"] == 2
    # seed 000 says "foreign ministry", seed 003 "Foreign Office": both names, one entity
    assert set(ministry["names"]) == {
        "Pakistan Ministry of Foreign Affairs",
        "Pakistan Foreign Office",
    }
    others = {e["name"] for e in seed_report.entities_by_label()["ORG"]} - {ministry["name"]}
    assert not others & set(ministry["names"])
    markdown = to_markdown(seed_report)
    entity_lines = [line for line in markdown.splitlines() if line.startswith("- **Pakistan")]
    assert sum(ministry["name"] in line for line in entity_lines) == 1
    other_name = next(n for n in ministry["names"] if n != ministry["name"])
    assert not any(line.startswith(f"- **{other_name}**") for line in entity_lines)


def test_seed_delegation_quote_is_corroborated_through_the_one_ministry(seed_report: Any) -> None:
    quotes = [
        c for c in seed_report.claims
        if c.kind == "quote" and "delegation" in str(c.value)
    ]  # fmt: skip
    assert any(c.status == "corroborated" and c.independent_outlets == 2 for c in quotes)
    # the first visit since the elections stays the Foreign Office report's alone
    first = [
        c for c in seed_report.claims
        if any("first visit by any Head of State" in e.sentence for e in c.support)
    ]  # fmt: skip
    assert first and all(c.status == "single-source" for c in first)
