"""Story fusion on real text: the seeds, the demo corpus's planted items, small hand cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsloom.brief.fuse import Claim, FusedStory, embed_sentences, fuse_story
from newsloom.data import demo_folder
from newsloom.ingest.clean import CleanResult, clean_article
from newsloom.ingest.dedup import Deduper
from newsloom.ingest.sources import read_paths
from newsloom.model import Article, StoryMember

REPO = Path(__file__).resolve().parents[2]
DEMO = demo_folder()
GOLD = REPO / "tests" / "data" / "demo_gold.json"
SEED_PUBLISHED = "2024-04-21"
PIPELINE_SEED = "000_57041a99e59c577c.txt"  # the report with the $7.5 billion pipeline
OFFICE_SEED = "003_16bc9fc2a5d0ae0a.txt"  # the report quoting Pakistan's Foreign Office


def _clean(items: Any) -> list[Article]:
    """Cleaned articles from a reader's output, skips dropped."""
    out = []
    for item in items:
        if isinstance(item, Article):
            cleaned = clean_article(item)
            if isinstance(cleaned, CleanResult):
                out.append(cleaned.article)
    return out


def _members(
    analyzer: Any, articles: list[Article], copy_of: dict[int, int] | None = None
) -> list[StoryMember]:
    """Analyse articles; article ids are 1, 2, ... in the given order."""
    analyses = analyzer.pipe(articles)
    copy_of = copy_of or {}
    return [
        StoryMember(i + 1, article, analysis, copy_of.get(i + 1))
        for i, (article, analysis) in enumerate(zip(articles, analyses, strict=True))
    ]


def _demo_articles(event: str) -> list[Article]:
    """The demo reports of one gold event, read from their files with read_paths."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    keys = [k for k, v in gold.items() if isinstance(v, dict) and v.get("event") == event]
    files = sorted({k.split("#", 1)[0] for k in keys})
    feed_urls = {k.split("#", 1)[1] for k in keys if "#" in k}
    articles = _clean(read_paths([DEMO / f for f in files]))
    return [a for a in articles if "#" not in a.origin or a.url in feed_urls]


def _outlet_of(members: list[StoryMember], name: str) -> str:
    """The outlet of the member read from the file called `name`."""
    return next(m.outlet for m in members if m.article.origin.endswith(name))


def _claims_with(story: FusedStory, words: str) -> list[Claim]:
    """Claims with a supporting sentence that contains these words."""
    return [c for c in story.claims if any(words in e.sentence for e in c.support)]


# --------------------------------------------------------------------------------------------
# The seed reports: Raisi's April 2024 visit to Pakistan, two outlets, no conflicts
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(analyzer: Any, seeds_dir: Path) -> tuple[list[StoryMember], FusedStory]:
    """The two seed reports (each its own outlet) fused."""
    articles = _clean(read_paths(sorted(seeds_dir.glob("*.txt")), published=SEED_PUBLISHED))
    members = _members(analyzer, articles)
    return members, fuse_story(members, analyzer.embedder)


def test_seed_visit_event_is_one_claim_from_both_outlets(seeds: Any) -> None:
    # the story's one merger of events: each outlet's CONSULT visit meets in one claim
    members, fused = seeds
    visits = [c for c in fused.claims if c.kind == "event" and c.key.startswith("CONSULT IRN")]
    assert len(visits) == 1
    assert visits[0].independent_outlets == 2 and visits[0].status == "corroborated"
    assert {e.article_id for e in visits[0].support} == {m.article_id for m in members}


def test_seed_visit_and_its_dates_are_corroborated_by_both(seeds: Any) -> None:
    members, story = seeds
    visit = [
        c
        for c in story.claims
        if c.kind == "date" and str(c.value).startswith("2024-04-22") and "visit" in c.summary
    ]
    assert len(visit) == 1
    assert visit[0].status == "corroborated"
    assert visit[0].independent_outlets == 2
    assert set(visit[0].outlets) == {m.outlet for m in members}
    assert visit[0].value == "2024-04-22/2024-04-24"


def test_seed_pipeline_figure_is_single_source(seeds: Any) -> None:
    members, story = seeds
    pipeline = [c for c in story.claims if c.kind == "quantity" and c.value == 7.5e9]
    assert len(pipeline) == 1
    assert pipeline[0].status == "single-source"
    assert pipeline[0].outlets == (_outlet_of(members, PIPELINE_SEED),)
    assert "pipeline" in pipeline[0].key
    assert "$7.5 billion" in pipeline[0].support[0].sentence


def test_seed_first_visit_since_the_elections_is_single_source(seeds: Any) -> None:
    members, story = seeds
    found = _claims_with(story, "first visit by any Head of State")
    assert found
    office = _outlet_of(members, OFFICE_SEED)
    assert all(c.status == "single-source" and c.outlets == (office,) for c in found)


def test_seed_january_strikes_are_reported_by_both(seeds: Any) -> None:
    members, story = seeds
    strikes = [c for c in story.claims if c.kind == "date" and c.value == "2024-01"]
    assert len(strikes) == 1
    assert strikes[0].status == "corroborated"
    assert set(strikes[0].outlets) == {m.outlet for m in members}
    assert all("strikes" in e.sentence for e in strikes[0].support)


def test_seed_reports_do_not_conflict(seeds: Any) -> None:
    _, story = seeds
    assert story.conflicts == ()
    assert story.updates == ()


def test_seed_timeline_marks_background_and_the_visit(seeds: Any) -> None:
    _, story = seeds
    background = {e.date for e in story.timeline if e.background}
    assert {"2013", "2024-01", "2024-02"} <= background
    main = [e for e in story.timeline if e.main]
    assert len(main) == 1
    assert (main[0].begin, main[0].end) == ("2024-04-22", "2024-04-24")
    assert not main[0].background
    assert main[0].independent_outlets == 2
    assert [e.begin for e in story.timeline] == sorted(e.begin for e in story.timeline)


def test_seed_coverage_names_each_outlet_and_its_exclusives(seeds: Any) -> None:
    members, story = seeds
    coverage = {c.outlet: c for c in story.coverage}
    assert set(coverage) == {m.outlet for m in members}
    assert all(o.startswith("unknown outlet (article ") for o in coverage)
    pipeline = next(c for c in story.claims if c.kind == "quantity" and c.value == 7.5e9)
    assert pipeline.id in coverage[_outlet_of(members, PIPELINE_SEED)].exclusives
    assert pipeline.id not in coverage[_outlet_of(members, OFFICE_SEED)].exclusives
    for outlet in coverage.values():
        assert outlet.articles == 1 and outlet.copies == 0 and outlet.words > 250
        assert outlet.first_report == SEED_PUBLISHED


def test_evidence_offsets_point_into_the_article_text(seeds: Any) -> None:
    members, story = seeds
    texts = {m.article_id: m.article.text for m in members}
    for claim in story.claims:
        assert claim.support and claim.id
        for evidence in claim.support:
            assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.sentence


def test_precomputed_sentence_vectors_give_the_same_story(analyzer: Any, seeds: Any) -> None:
    members, story = seeds
    vectors = embed_sentences(members, analyzer.embedder)
    again = fuse_story(members, None, sentence_vectors=vectors)
    assert again == story


def test_event_claims_when_events_are_coded(seeds: Any) -> None:
    members, story = seeds
    if not any(m.analysis.events for m in members):
        pytest.skip("Analysis.events is empty: the analyzer does not run event coding yet")
    events = [c for c in story.claims if c.kind == "event"]
    assert events
    assert all(c.support and c.key for c in events)
    assert story.conflicts == ()  # Iran struck Pakistan and Pakistan struck Iran: both true
    main = [e for e in story.timeline if e.main]
    assert len(main) == 1 and main[0].begin == "2024-04-22"


# --------------------------------------------------------------------------------------------
# The demo corpus's planted items
# --------------------------------------------------------------------------------------------


def test_demo_summit_date_contradiction_is_a_conflict(analyzer: Any) -> None:
    members = _members(analyzer, _demo_articles("summit-lisbon-2025-05"))
    story = fuse_story(members, analyzer.embedder)
    dates = [c for c in story.conflicts if c.kind == "date"]
    assert len(dates) == 1
    sides = {(s.value, s.outlets) for s in dates[0].sides}
    assert sides == {("2025-05-14", ("The Harbour Courier",)), ("2025-05-15", ("Daily Lantern",))}
    assert "summit" in dates[0].key
    assert len(story.conflicts) == 1  # nothing else in the summit story disagrees


def test_demo_turkey_toll_revision_is_an_update_not_a_conflict(analyzer: Any) -> None:
    members = _members(analyzer, _demo_articles("quake-turkey-2025-03"))
    story = fuse_story(members, analyzer.embedder)
    assert story.conflicts == ()
    tolls = [u for u in story.updates if (u.earlier_value, u.later_value) == (12.0, 31.0)]
    assert len(tolls) == 1
    toll = tolls[0]
    assert "killed" in toll.key
    assert "Northwind Wire" in toll.earlier_outlets
    assert "The Harbour Courier" in toll.later_outlets
    assert toll.when is not None and toll.when.startswith("2025-03-12")
    earlier = story.claim(toll.earlier)
    assert earlier.superseded_by == toll.later
    assert earlier.status == "corroborated"  # 12 was what every report of 11 March said


def test_demo_syndicated_copy_counts_once(analyzer: Any) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    original, copy = gold["_planted"]["syndicated"]
    articles = _demo_articles("strike-antwerp-2025-06")
    # The original first, as it was ingested; the deduper decides that the other is its copy.
    articles.sort(key=lambda a: not a.origin.endswith(original))
    deduper, copy_of = Deduper(), {}
    for article_id, article in enumerate(articles, start=1):
        result, signature = deduper.check(article.text)
        if result.copy_of is not None:
            copy_of[article_id] = int(result.copy_of)
        deduper.add(str(article_id), result.content_hash, signature)
    copy_id = next(i for i, a in enumerate(articles, start=1) if a.origin.endswith(copy))
    assert copy_of == {copy_id: 1}
    members = _members(analyzer, articles, copy_of)
    story = fuse_story(members, analyzer.embedder)

    outlets = {m.outlet for m in members}
    assert story.independent_outlets == len(outlets) - 1
    pair = {"Northwind Wire", "The Plainsman Ledger"}
    shared = [c for c in story.claims if set(c.outlets) == pair]
    assert shared
    for claim in shared:
        assert claim.independent_outlets == 1 and claim.status == "single-source"
        assert {e.is_copy for e in claim.support} == {True, False}
    for claim in story.claims:
        assert claim.independent_outlets == len({e.outlet for e in claim.support if not e.is_copy})
    coverage = {c.outlet: c for c in story.coverage}
    assert coverage["The Plainsman Ledger"].copies == 1
    assert coverage["The Plainsman Ledger"].exclusives == ()


# --------------------------------------------------------------------------------------------
# Hand-written cases
# --------------------------------------------------------------------------------------------


def _hand_story(analyzer: Any, reports: list[tuple[str, str, str]]) -> FusedStory:
    """Fuse (outlet, published, text) reports written for a test."""
    articles = [
        Article(text=text, origin=f"hand:{i}", outlet=outlet, published=published)
        for i, (outlet, published, text) in enumerate(reports)
    ]
    return fuse_story(_members(analyzer, _clean(articles)), analyzer.embedder)


def test_figures_that_measure_different_things_do_not_conflict(analyzer: Any) -> None:
    story = _hand_story(
        analyzer,
        [
            ("Alpha Times", "2025-03-11T08:00:00Z",
             "Twelve people were killed in the town of Kemah when the earthquake struck on "
             "Tuesday, officials said. Rescue teams searched collapsed houses through the night."),
            ("Beta News", "2025-03-11T08:00:00Z",
             "The earthquake injured 12 people in Kemah on Tuesday, officials said. Rescue teams "
             "searched collapsed houses through the night."),
            ("Gamma Post", "2025-03-11T09:00:00Z",
             "Across Erzincan province, 31 people were killed by the earthquake on Tuesday, the "
             "governor said. Rescue teams searched collapsed houses through the night."),
        ],
    )  # fmt: skip
    assert story.conflicts == ()
    assert story.updates == ()  # 12 dead in one town, 31 across the province: both stand
    figures = {(c.value, c.key.split(" ")[0]) for c in story.claims if c.kind == "quantity"}
    assert {(12.0, "killed"), (12.0, "injured"), (31.0, "killed")} <= figures
    killed_12 = next(c for c in story.claims if c.kind == "quantity" and c.value == 12.0
                     and c.key.startswith("killed"))  # fmt: skip
    assert killed_12.outlets == ("Alpha Times",)  # the injured figure does not corroborate it


def test_a_toll_put_at_a_figure_shows_the_figure_and_updates_the_earlier_toll(
    analyzer: Any,
) -> None:
    story = _hand_story(
        analyzer,
        [
            ("Alpha Times", "2025-09-02T06:00:00Z",
             "A magnitude 6.8 earthquake struck the Hakkari region early on Tuesday, killing "
             "20 people, the governor said. Night temperatures in the valleys were "
             "forecast to fall to minus 5 degrees Celsius."),
            ("Beta News", "2025-09-03T09:00:00Z",
             "On Wednesday the governor put the death toll from the magnitude 6.8 earthquake in "
             "the Hakkari region at 45. Temperatures in the valleys were expected to drop to "
             "minus 5 degrees Celsius overnight."),
        ],
    )  # fmt: skip
    assert [(u.earlier_value, u.later_value) for u in story.updates] == [(20.0, 45.0)]
    figures = [c for c in story.claims if c.kind == "quantity"]
    toll = next(c for c in figures if c.value == 45.0)
    assert toll.summary == "killed: 45"  # the figure, not "put the death toll ... at 45"
    magnitude = next(c for c in figures if c.value == 6.8)
    assert magnitude.key.startswith("earthquake") and "killed" not in magnitude.key
    assert magnitude.independent_outlets == 2
    cold = next(c for c in figures if c.key.endswith("(temperature, °C)"))
    assert cold.value == -5.0 and "minus 5 degrees Celsius" in cold.summary
    assert cold.independent_outlets == 2


def test_confirmed_and_denied_conflict(analyzer: Any) -> None:
    story = _hand_story(
        analyzer,
        [
            ("Alpha Times", "2025-04-04T10:00:00Z",
             "The Interior Ministry confirmed that police arrested opposition leader Kemal Aydin "
             "in Ankara on Friday. His party called for protests."),
            ("Beta News", "2025-04-04T11:00:00Z",
             "The Interior Ministry denied that police arrested opposition leader Kemal Aydin in "
             "Ankara on Friday. His party called for protests."),
        ],
    )  # fmt: skip
    status = [c for c in story.conflicts if c.kind == "status"]
    assert len(status) == 1
    sides = {s.outlets: s.value for s in status[0].sides}
    # seen through the coded event (happened vs denied) or the sentences (affirmed vs denied)
    assert sides[("Alpha Times",)] in {"affirmed", "happened"}
    assert sides[("Beta News",)] == "denied"
    assert story.updates == ()


def test_revision_wording_makes_an_update(analyzer: Any) -> None:
    story = _hand_story(
        analyzer,
        [
            ("Alpha Times", "2025-06-16T08:00:00Z",
             "About 3,000 dockworkers joined the strike at the port of Antwerp on Monday, union "
             "officials said."),
            ("Beta News", "2025-06-16T18:00:00Z",
             "The number of dockworkers on strike at the port of Antwerp rose to 4,500 on Monday "
             "evening, union officials said."),
        ],
    )  # fmt: skip
    assert story.conflicts == ()
    assert len(story.updates) == 1
    update = story.updates[0]
    assert (update.earlier_value, update.later_value) == (3000.0, 4500.0)
    assert "rose to" in update.reason
    assert update.earlier_outlets == ("Alpha Times",) and update.later_outlets == ("Beta News",)
    assert update.when is not None and update.when.startswith("2025-06-16T18:00")


def test_later_larger_casualty_toll_is_an_update_by_default(analyzer: Any) -> None:
    story = _hand_story(
        analyzer,
        [
            ("Alpha Times", "2025-03-11T08:00:00Z",
             "The explosion at the chemical plant in Izmit killed 12 people, officials said."),
            ("Beta News", "2025-03-12T08:00:00Z",
             "The explosion at the chemical plant in Izmit killed 20 people, officials said."),
        ],
    )  # fmt: skip
    assert story.conflicts == ()
    assert [(u.earlier_value, u.later_value) for u in story.updates] == [(12.0, 20.0)]


def test_different_figures_for_one_measure_conflict(analyzer: Any) -> None:
    story = _hand_story(
        analyzer,
        [
            ("Alpha Times", "2025-06-12T18:00:00Z",
             "About 3,000 strikers marched through central Lyon on Thursday, police said."),
            ("Beta News", "2025-06-12T18:30:00Z",
             "Some 5,000 strikers marched through central Lyon on Thursday, union organisers "
             "said."),
        ],
    )  # fmt: skip
    figures = [c for c in story.conflicts if c.kind == "figure"]
    assert len(figures) == 1
    assert {s.value for s in figures[0].sides} == {3000.0, 5000.0}
    assert {s.outlets for s in figures[0].sides} == {("Alpha Times",), ("Beta News",)}
    assert story.updates == ()


# --------------------------------------------------------------------------------------------
# Scale: a story of 200 articles fuses from cached sentence vectors (time it with the benchmark
# in docs/fusion.md, not here: timed tests fail on busy machines)
# --------------------------------------------------------------------------------------------


def test_a_200_article_story_fuses_from_cached_sentence_vectors(analyzer: Any) -> None:
    base = _members(
        analyzer,
        _demo_articles("quake-turkey-2025-03") + _demo_articles("summit-lisbon-2025-05"),
    )
    vectors = embed_sentences(base, analyzer.embedder)
    members, cache = [], {}
    for k in range(200):
        source = base[k % len(base)]
        # Each repeat is another outlet, so every sentence has many independent twins.
        article = source.article.with_changes(outlet=f"{source.outlet} {k // len(base)}")
        members.append(StoryMember(1000 + k, article, source.analysis))
        cache[1000 + k] = vectors[source.article_id]
    story = fuse_story(members, None, sentence_vectors=cache)
    assert story.independent_outlets == len({m.outlet for m in members})
    assert any(c.kind == "date" for c in story.conflicts)
