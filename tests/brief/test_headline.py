"""The brief's headline follows an update of a figure it states."""

from __future__ import annotations

from newsloom.brief.headline import follow_updates
from newsloom.brief.records import Claim, Evidence, FusedStory, Update
from newsloom.model import Analysis, Article, StoryMember

EMPTY = Analysis(sentences=(), entities=(), timexes=())


def _member(article_id: int, title: str, published: str) -> StoryMember:
    article = Article(text="x", origin=f"a{article_id}", title=title, published=published)
    return StoryMember(article_id, article, EMPTY)


def _claim(claim_id: str, value: float, article_ids: list[int]) -> Claim:
    support = tuple(Evidence(a, f"o{a}", False, "s", 0, 1) for a in article_ids)
    return Claim(claim_id, "quantity", "killed", "killed", value, support, 1, "single-source", ())


def _story(updates: tuple[Update, ...], claims: tuple[Claim, ...]) -> FusedStory:
    return FusedStory(claims, (), claims, (), updates, (), (), 2)


MEMBERS = [
    _member(1, "Quake kills 12 in eastern Turkey", "2025-03-11"),
    _member(2, "Turkey quake toll rises to 31", "2025-03-12"),
    _member(3, "Rescuers search villages after quake", "2025-03-12T18:00"),
]
UPDATE = Update("u1", "killed", "c1", "c2", 12.0, 31.0, "12 → 31", "2025-03-12", "", ("o1",), ())
CLAIMS = (_claim("c1", 12.0, [1]), _claim("c2", 31.0, [2, 3]))


def test_a_headline_stating_the_old_figure_takes_the_newer_title() -> None:
    headline = follow_updates(
        "Quake kills 12 in eastern Turkey", _story((UPDATE,), CLAIMS), MEMBERS
    )
    assert headline == "Turkey quake toll rises to 31"


def test_a_headline_without_the_old_figure_is_kept() -> None:
    story = _story((UPDATE,), CLAIMS)
    assert follow_updates("Rescuers search villages after quake", story, MEMBERS) == (
        "Rescuers search villages after quake"
    )
    # "120" is not "12": figures match as whole tokens.
    assert follow_updates("Quake injures 120", story, MEMBERS) == "Quake injures 120"
    assert follow_updates("Quake kills 12", _story((), CLAIMS), MEMBERS) == "Quake kills 12"
