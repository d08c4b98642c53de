"""Story state across runs: the saved story index, merged stories, stores without profiles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsloom.ingest import pipeline
from newsloom.ingest.pipeline import Ingester, index_path, ingest_paths, profile_of_row
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories
from newsloom.stories.index import StoryIndex, sidecar_path
from newsloom.stories.profile import ArticleProfile, pair_features

REPORTS = {
    "quake": (
        "A magnitude 6.4 earthquake struck the Kermadec town of Port Alder on Tuesday, killing 17 "
        "people, the regional governor Mara Velsen said. Rescue crews dug through collapsed houses "
        "overnight."
    ),
    "vote": (
        "Lawmakers in Serrano approved a budget that raises the fuel tax by 4 percent, finance "
        "minister Ilse Brandt said on Thursday after a vote of 61 to 40. The opposition promised a "
        "court challenge."
    ),
    "quake_follow_up": (
        "Rescuers in Port Alder searched flattened homes on Wednesday after Tuesday's "
        "6.4-magnitude quake, which the governor, Mara Velsen, said killed 17 people. Aftershocks "
        "kept residents outdoors."
    ),
    "match": (
        "Harbor City beat the Northport Wolves 3-1 in the league final on Sunday, with captain "
        "Dario Mendez scoring twice before a crowd of 40,000 at the new stadium."
    ),
}


def _ingest(tmp_path: Path, analyzer, names: list[str], db: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / f"in-{'-'.join(names)}"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text(REPORTS[name], encoding="utf-8")
    ingest_paths([folder], db, published="2023-03-15", analyzer=analyzer)


def test_index_is_saved_beside_the_store_and_reloaded(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    path = index_path(str(db))
    assert path is not None and path.is_file() and sidecar_path(path).is_file()
    with Store(db) as store:
        loaded = StoryIndex.load(path, store.fingerprint())
        assert loaded is not None and len(loaded) == 2
        # New articles change the fingerprint: the saved index is stale until saved again.
        _ingest(tmp_path, analyzer, ["match"], db)
        assert StoryIndex.load(path, "articles=2;stories=2;merged=0") is None
        fresh = StoryIndex.load(path, store.fingerprint())
        assert fresh is not None and len(fresh) == 3


def test_a_corrupt_index_file_is_rebuilt_from_the_store(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    path = index_path(str(db))
    assert path is not None
    path.write_bytes(b"not an index")
    with Store(db) as store:
        ingester = Ingester(store, analyzer)
        assert len(ingester.assigner.index) == 2 and len(ingester.assigner) == 2


def test_merged_story_lives_on_under_the_older_id(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    with Store(db) as store:
        ids = sorted(r["story_id"] for r in store.query("SELECT story_id FROM articles"))
        store.merge_stories([(ids[0], ids[1])])
        assert store.resolve_story(ids[1]) == ids[0] and store.resolve_story(ids[0]) == ids[0]
        (story,) = list_stories(store)
        assert story.id == ids[0] and story.articles == 2
        assert store.counts()["stories"] == 1
        # A restart sees one story of two articles.
        ingester = Ingester(store, analyzer)
        assert len(ingester.assigner) == 1


def test_articles_stored_without_a_profile_get_one_computed(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    with Store(db) as store:
        stories = sorted({r["story_id"] for r in store.query("SELECT story_id FROM articles")})
        stored = [profile_of_row(r) for s in stories for r in store.story_state(s)]
        store.conn.execute("UPDATE analyses SET profile = NULL")
        computed = [profile_of_row(r) for s in stories for r in store.story_state(s)]
    assert len(stored) == 2
    assert all(isinstance(p, ArticleProfile) for p in stored + computed)
    for a, b in zip(stored, computed, strict=True):
        assert a is not None and b is not None
        np.testing.assert_allclose(
            pair_features(a, stored[0]), pair_features(b, stored[0]), atol=1e-3
        )


def test_profiles_stored_as_json_before_the_binary_form_still_read(
    tmp_path: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    with Store(db) as store:
        kinds = {r[0] for r in store.conn.execute("SELECT typeof(profile) FROM analyses")}
        assert kinds == {"blob"}  # new profiles are stored in the binary form
        stories = sorted({r["story_id"] for r in store.query("SELECT story_id FROM articles")})
        binary = [profile_of_row(r) for s in stories for r in store.story_state(s)]
        # Rewrite every profile as an earlier version stored it: JSON text.
        rows = store.conn.execute("SELECT article_id, profile, embedding FROM analyses").fetchall()
        for article_id, stored, embedding in rows:
            back = ArticleProfile.from_stored(
                stored, np.frombuffer(embedding, dtype=np.float32), None
            )
            store.conn.execute(
                "UPDATE analyses SET profile = ? WHERE article_id = ?", (back.to_json(), article_id)
            )
        assert {r[0] for r in store.conn.execute("SELECT typeof(profile) FROM analyses")} == {
            "text"
        }
        from_json = [profile_of_row(r) for s in stories for r in store.story_state(s)]
        assert len(binary) == len(from_json) == 2
        for a, b in zip(binary, from_json, strict=True):
            assert a is not None and b is not None
            assert (
                a.to_bytes() == b.to_bytes()
                and np.array_equal(a.vector, b.vector)
                and a.published == b.published
            )
        # A restart reads the JSON profiles back when their stories are candidates again.
        ingester = Ingester(store, analyzer)
        assert len(ingester.assigner) == 2
        assert ingester.assigner.score(binary[0])[0][0] > 0.9


def test_stories_unloaded_from_memory_are_read_back_from_the_store(
    tmp_path: Path,
    analyzer,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # One story in memory and one article per batch: every earlier story is unloaded at once.
    monkeypatch.setattr(pipeline, "MAX_ACTIVE_STORIES", 1)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 1)
    db = tmp_path / "s.db"
    folder = tmp_path / "in"
    folder.mkdir()
    for n, name in enumerate(["quake", "vote", "match", "quake_follow_up"]):
        (folder / f"{n}-{name}.txt").write_text(REPORTS[name], encoding="utf-8")
    ingest_paths([folder], db, published="2023-03-15", analyzer=analyzer)
    with Store(db) as store:
        story = {
            r["origin"].rsplit("/", 1)[-1]: r["story_id"]
            for r in store.query("SELECT origin, story_id FROM articles")
        }
        assert story["3-quake_follow_up.txt"] == story["0-quake.txt"]
        assert len(set(story.values())) == 3
        ingester = Ingester(store, analyzer)
        assert len(ingester.assigner) == 3 and ingester.assigner.loaded == 0


def test_a_story_read_back_decodes_its_profiles_only_when_used(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    with Store(db) as store:
        ingester = Ingester(store, analyzer)
        assert ingester.assigner.loaded == 0
        quake = next(
            r["story_id"]
            for r in store.query("SELECT story_id, text FROM articles")
            if "Kermadec" in r["text"]
        )
        (read,) = ingester._load_story(quake)
        # Read back, the profile holds its vector and date; its words and names wait ...
        assert "_stored" in vars(read)
        assert str(read.published) == "2023-03-15" and read.vector.shape == (384,)
        # ... until first used, and then they are the stored ones.
        (row,) = store.story_state(quake)
        stored = ArticleProfile.from_stored(row.profile, row.embedding, read.published)
        assert read.to_bytes() == stored.to_bytes() and "_stored" not in vars(read)


def test_a_merged_story_id_opens_the_story_it_went_into(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from newsloom.cli.app import app

    db = tmp_path / "s.db"
    _ingest(tmp_path, analyzer, ["quake", "vote"], db)
    with Store(db) as store:
        kept, gone = sorted(r["story_id"] for r in store.query("SELECT story_id FROM articles"))
        store.merge_stories([(kept, gone)])
    result = CliRunner().invoke(app, ["story", str(gone), "--db", str(db), "--json"])
    assert result.exit_code == 0
    brief = json.loads(result.stdout)
    assert brief["id"] == kept and len(brief["articles"]) == 2
    assert f"merged into story {kept}" in result.stderr


def test_moved_articles_take_their_copies_and_an_emptied_story_points_on(
    tmp_path: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-quake.txt").write_text(REPORTS["quake"], encoding="utf-8")
    (folder / "2-vote.txt").write_text(REPORTS["vote"], encoding="utf-8")
    (folder / "3-vote-again.txt").write_text(
        REPORTS["vote"] + " The vote was shown live.", encoding="utf-8"
    )
    ingest_paths([folder], db, published="2023-03-15", analyzer=analyzer)
    with Store(db) as store:
        rows = {
            r["origin"].rsplit("/", 1)[-1]: r
            for r in store.query("SELECT key, origin, story_id, copy_of FROM articles")
        }
        quake, vote = rows["1-quake.txt"]["story_id"], rows["2-vote.txt"]["story_id"]
        assert rows["3-vote-again.txt"]["copy_of"] is not None and quake != vote
        assert store.move_articles([(rows["2-vote.txt"]["key"], quake)]) == [(vote, quake)]
        assert {r["story_id"] for r in store.query("SELECT story_id FROM articles")} == {quake}
        assert store.resolve_story(vote) == quake and store.counts()["stories"] == 1
        assert store.move_articles([(rows["2-vote.txt"]["key"], quake)]) == []  # already there
