"""The browsing reads: every sort of the story list walks its own index, never a full sort."""

from __future__ import annotations

from pathlib import Path

from newsloom.store.sqlite import Store
from newsloom.store.stories import ROW_COLUMNS
from newsloom.store.story_pages import STORY_SORTS, StoryFilter, story_page


def test_every_sort_reads_an_index_in_order(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        for name, order in STORY_SORTS.items():
            plan = " ".join(
                str(r["detail"])
                for r in store.query(
                    f"""EXPLAIN QUERY PLAN SELECT {ROW_COLUMNS} FROM stories
                        WHERE article_count > 0 ORDER BY {order} LIMIT 51 OFFSET 950"""
                )
            )
            assert "USING INDEX stories_by_" in plan and "TEMP B-TREE" not in plan, (name, plan)
        plan = " ".join(
            str(r["detail"])
            for r in store.query("EXPLAIN QUERY PLAN SELECT DISTINCT outlet FROM articles")
        )
        assert "articles_outlet" in plan


def test_an_empty_store_has_an_empty_first_page(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        for sort in STORY_SORTS:
            page = story_page(store, StoryFilter(sort=sort, outlet="X", entity="Y", since="2024"))
            assert page.stories == () and not page.has_next
