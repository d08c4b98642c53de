"""Regression tests for hostile input: each failed (raised or lost articles) on the old code."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest

from newsloom.analyze.analyzer import Analyzer
from newsloom.errors import Reason
from newsloom.ingest.clean import clean_article
from newsloom.ingest.pipeline import ingest_paths
from newsloom.ingest.sources import read_bytes, read_file, read_paths, read_stream
from newsloom.ingest.sources.jsonl import split_lines
from newsloom.ingest.sources.limits import (
    MAX_ARTICLE_CHARS,
    MAX_DOCUMENT_BYTES,
    MAX_LINE_BYTES,
    MAX_SKIPS_PER_FILE,
)
from newsloom.model import Article, Skipped
from newsloom.store.sqlite import Store

GOOD = {"id": "good", "text": "A good report that must survive whatever is beside it."}


def _jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join([*lines, json.dumps(GOOD)]) + "\n", encoding="utf-8")
    return path


def _split(found: list[Article | Skipped]) -> tuple[list[Article], list[Skipped]]:
    return (
        [f for f in found if isinstance(f, Article)],
        [f for f in found if isinstance(f, Skipped)],
    )


# -- 2. JSON the decoder cannot hold, lone surrogates ----------------------------------------


def test_deeply_nested_json_is_a_coded_skip(tmp_path: Path) -> None:
    deep = '{"text": "x", "a": ' + "[" * 5000 + "]" * 5000 + "}"
    articles, skipped = _split(list(read_file(_jsonl(tmp_path / "a.jsonl", deep))))
    assert [a.external_id for a in articles] == ["good"]
    assert [(s.origin.rsplit(":", 1)[1], s.code) for s in skipped] == [("1", "NL005")]
    assert "nested deeper" in skipped[0].message


def test_huge_integer_is_a_coded_skip(tmp_path: Path) -> None:
    huge = '{"text": "x", "id": ' + "9" * 4301 + "}"
    articles, skipped = _split(list(read_file(_jsonl(tmp_path / "a.jsonl", huge))))
    assert [a.external_id for a in articles] == ["good"]
    assert [s.code for s in skipped] == ["NL005"]
    assert "4,300 digits" in skipped[0].message


def test_moderately_deep_extra_field_is_dropped(tmp_path: Path) -> None:
    record = '{"text": "A report with a deep extra field.", "x": ' + "[" * 500 + "]" * 500 + "}"
    articles, skipped = _split(list(read_file(_jsonl(tmp_path / "a.jsonl", record))))
    assert len(articles) == 2 and "x" not in articles[0].extra
    assert [s.code for s in skipped] == ["NL012"]


@pytest.mark.parametrize("field", ["id", "outlet", "url", "author", "language"])
def test_lone_surrogate_in_a_field_drops_the_field_and_keeps_the_article(
    tmp_path: Path, field: str
) -> None:
    line = json.dumps({"text": "A report with a broken field.", field: "bad\ud800"})
    articles, skipped = _split(list(read_file(_jsonl(tmp_path / "a.jsonl", line))))
    assert len(articles) == 2
    assert [s.code for s in skipped] == ["NL012"]
    assert "surrogate" in skipped[0].message
    for article in articles:  # every string can be written as UTF-8
        for value in vars(article).values():
            if isinstance(value, str):
                value.encode("utf-8")


def test_lone_surrogates_are_stored(tmp_path: Path, analyzer: Analyzer) -> None:
    lines = [
        json.dumps({"id": "s\ud800", "text": "Surrogate id report about the port of Aden."}),
        json.dumps(
            {
                "text": "Text with \udc00 half a character about the port of Aden.",
                "url": "http://x/\ud800",
                "extra\ud801": ["v\ud802"],
            }
        ),  # fmt: skip
    ]
    report = ingest_paths(
        [_jsonl(tmp_path / "a.jsonl", *lines)], tmp_path / "s.db", analyzer=analyzer
    )
    assert report.new == 3
    with Store(tmp_path / "s.db") as store:
        texts = [r["text"] for r in store.query("SELECT text FROM articles ORDER BY id")]
    assert "Text with \ufffd half a character about the port of Aden." in texts


def test_clean_article_replaces_lone_surrogates_from_any_reader() -> None:
    article = Article(text="Words \ud800 here.", origin="x", title="T\udfff", extra={"k": "\ud800"})
    result = clean_article(article)
    assert not isinstance(result, Skipped)
    assert result.article.text == "Words \ufffd here."
    assert result.article.title == "T\ufffd"
    assert result.article.extra == {"k": "\ufffd"}


# -- 3. folders, links, odd files, suffixes, ids, gzip tails, invisible text -----------------


def test_symlink_loops_and_self_links_are_reported_truthfully(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _jsonl(folder / "a.jsonl")
    os.symlink("self", folder / "self")
    os.symlink("b", folder / "c")
    os.symlink("c", folder / "b")
    os.symlink(".", folder / "here")
    articles, skipped = _split(list(read_paths([folder])))
    assert [a.external_id for a in articles] == ["good"]
    by_name = {Path(s.origin).name: s for s in skipped}
    assert by_name["self"].code == by_name["b"].code == by_name["c"].code == "NL007"
    assert "loop" in by_name["self"].message and "loop" in by_name["b"].message
    assert by_name["here"].code == "NL013"
    # given directly, a loop is not "no such file"
    (given,) = list(read_paths([folder / "self"]))
    assert isinstance(given, Skipped) and given.code == "NL007" and "loop" in given.message


def test_deep_folder_tree_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    deep = folder
    for _ in range(300):  # deep enough to need ~1,000 frames for a recursive generator walk
        deep = deep / "d"
    deep.mkdir(parents=True)
    _jsonl(deep / "a.jsonl")
    articles, skipped = _split(list(read_paths([folder])))
    assert [a.external_id for a in articles] == ["good"] and not skipped


def test_dangling_links_fifos_and_empty_jsonl_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _jsonl(folder / "a.jsonl")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "empty.jsonl.gz").write_bytes(gzip.compress(b""))
    (folder / "blank.jsonl").write_bytes(b"\n\n  \n")
    articles, skipped = _split(list(read_paths([folder])))
    assert [a.external_id for a in articles] == ["good"]
    codes = {Path(s.origin).name: (s.code, s.message) for s in skipped}
    assert (
        codes["dangling.txt"][0] == "NL007" and "broken symbolic link" in codes["dangling.txt"][1]
    )
    assert codes["pipe.txt"][0] == "NL007" and "FIFO" in codes["pipe.txt"][1]
    assert codes["empty.jsonl"][0] == codes["empty.jsonl.gz"][0] == codes["blank.jsonl"][0]
    assert codes["empty.jsonl"][0] == "NL004"


def test_file_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "inside.txt").write_text("A report inside the folder given.", encoding="utf-8")
    os.symlink(secret, folder / "passwd.txt")
    os.symlink("inside.txt", folder / "again.txt")
    articles, skipped = _split(list(read_paths([folder])))
    assert sorted(Path(a.origin).name for a in articles) == ["again.txt", "inside.txt"]
    assert [(Path(s.origin).name, s.code) for s in skipped] == [("passwd.txt", "NL013")]
    assert all("root:x" not in a.text for a in articles)


def test_suffixes_are_case_insensitive(tmp_path: Path) -> None:
    _jsonl(tmp_path / "UPPER.JSONL")
    (tmp_path / "title.Txt").write_text("A report under a .Txt name.", encoding="utf-8")
    articles, skipped = _split(list(read_paths([tmp_path])))
    assert len(articles) == 2 and not skipped


def test_numeric_ids_and_null_author_are_accepted(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 42, "text": "Report forty-two.", "author": None}),
        json.dumps({"id": 7.0, "text": "Report seven."}),
    ]
    articles, skipped = _split(list(read_file(_jsonl(tmp_path / "a.jsonl", *lines))))
    assert [a.external_id for a in articles] == ["42", "7", "good"]
    assert not skipped


def test_gzip_with_trailing_garbage_keeps_its_intact_records(tmp_path: Path) -> None:
    body = (json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "id": "two"}) + "\n").encode()
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(body) + b"GARBAGE AFTER THE STREAM")
    articles, skipped = _split(list(read_file(path)))
    assert [a.external_id for a in articles] == ["good", "two"]
    assert [s.code for s in skipped] == ["NL007"] and "after the gzip stream" in skipped[0].message
    # the same over stdin
    found = list(read_stream(io.BytesIO(path.read_bytes())))
    assert [a.external_id for a in found if isinstance(a, Article)] == ["good", "two"]


def test_gzip_members_and_truncation(tmp_path: Path) -> None:
    one = gzip.compress((json.dumps(GOOD) + "\n").encode())
    two = gzip.compress((json.dumps({**GOOD, "id": "two"}) + "\n").encode())
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(one + two)
    assert [a.external_id for a in read_file(path) if isinstance(a, Article)] == ["good", "two"]
    path.write_bytes(one + two[: len(two) // 2])
    articles, skipped = _split(list(read_file(path)))
    assert [a.external_id for a in articles] == ["good"]
    assert [s.code for s in skipped][-1] == "NL007"  # after any NL005 for the cut last line


def test_a_nul_byte_line_costs_only_its_line(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", '{"text": "nul \x00 byte"}', "\x00\x01\x02")
    articles, skipped = _split(list(read_file(path)))
    assert [a.external_id for a in articles] == ["good"]
    assert [s.code for s in skipped] == ["NL005", "NL005"]


def test_zero_width_only_text_is_no_article_text() -> None:
    result = clean_article(Article(text="\u200b\u200b", origin="zw"))
    assert isinstance(result, Skipped) and result.code == "NL004"
    result = clean_article(Article(text="\u200b\ufeff\u2060 \u200d", origin="zw"))
    assert isinstance(result, Skipped) and result.code == "NL004"


# -- 4. size limits and a bounded report -----------------------------------------------------


def test_overlong_jsonl_line_is_counted_past_not_held(tmp_path: Path) -> None:
    long_line = json.dumps({"text": "w " * (MAX_LINE_BYTES // 2 + 10)})
    articles, skipped = _split(list(read_file(_jsonl(tmp_path / "a.jsonl", long_line))))
    assert [a.external_id for a in articles] == ["good"]
    assert [(s.origin.rsplit(":", 1)[1], s.code) for s in skipped] == [("1", "NL014")]


def test_split_lines_never_holds_more_than_the_limit() -> None:
    chunks = [b"a" * 10, b"b" * 10 + b"\nshort\n", b"c" * 25]
    assert list(split_lines(chunks, 12)) == [20, b"short", 25]


def test_overlong_text_is_refused_before_cleaning() -> None:
    result = clean_article(Article(text="word " * (MAX_ARTICLE_CHARS // 5 + 1), origin="big"))
    assert isinstance(result, Skipped) and result.code == Reason.TOO_LARGE.code


def test_oversized_document_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        out.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk
    (found,) = list(read_file(path))
    assert isinstance(found, Skipped) and found.code == "NL014"


def test_gzip_bomb_is_stopped(tmp_path: Path) -> None:
    bomb = gzip.compress(b"{}" * (300 * 1024 * 1024 // 2), compresslevel=9)  # 300 MiB inflated
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(bomb)
    found = list(read_file(path))
    (stopped,) = [s for s in found if isinstance(s, Skipped) and s.origin == str(path)]
    # stopped early for its ratio (see test_gzip_ratio), or at the allowance
    assert stopped.code == "NL014" and "gzip inflates" in stopped.message


def test_skip_report_is_bounded(tmp_path: Path) -> None:
    body = gzip.compress(b"{}\n" * 200_000 + (json.dumps(GOOD) + "\n").encode())
    found = list(read_bytes(body, "<stdin>"))
    articles, skipped = _split(found)
    assert [a.external_id for a in articles] == ["good"]
    assert len(skipped) == MAX_SKIPS_PER_FILE + 1
    assert skipped[-1].code == "NL016" and "199,900" in skipped[-1].message
    # a problem with the whole stream is listed even past the cap
    found = list(read_bytes(body + b"tail garbage", "<stdin>"))
    assert [s.code for s in found if isinstance(s, Skipped)][-2:] == ["NL007", "NL016"]


# -- 5. one bad article never costs the batch ------------------------------------------------


def test_a_raising_extractor_costs_only_its_article(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsloom.analyze.analyzer as module

    real = module.find_quantities

    def fragile(doc):  # type: ignore[no-untyped-def]
        if "POISON" in doc.text:
            raise RuntimeError("extractor broke")
        return real(doc)

    monkeypatch.setattr(module, "find_quantities", fragile)
    articles = [
        Article(text="Officials in Paris met on Monday to discuss 12 projects.", origin="a"),
        Article(text="POISON in this report from Berlin.", origin="bad"),
        Article(text="Rescuers in Ankara worked through the night.", origin="c"),
    ]
    analyses = analyzer.pipe(articles)
    assert [a.failure is None for a in analyses] == [True, False, True]
    assert analyses[0].entities and analyses[2].entities and len(analyses[1].embedding) > 0
    (failure,) = analyzer.take_failures()
    assert (failure.origin, failure.code) == ("bad", "NL015")
    assert "extractor broke" in failure.message


def test_ingest_reports_an_article_whose_extraction_failed(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import newsloom.analyze.analyzer as module
    from newsloom.ingest.pipeline import ingest_paths

    real = module.find_quantities

    def fragile(doc):  # type: ignore[no-untyped-def]
        if "POISON" in doc.text:
            raise RuntimeError("extractor broke")
        return real(doc)

    monkeypatch.setattr(module, "find_quantities", fragile)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Rescuers in Ankara worked through the night.", "utf-8")
    (folder / "bad.txt").write_text("POISON in this report from Berlin on Monday.", "utf-8")
    report = ingest_paths([folder], tmp_path / "x.db", analyzer=analyzer)
    assert report.new == 2  # both kept ...
    assert [s.code for s in report.skipped] == ["NL015"]  # ... and the failure said
    assert report.skipped[0].origin.endswith("bad.txt")


def test_a_raising_parse_costs_only_its_article(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = analyzer.nlp
    real_pipe, real_call = nlp.pipe, nlp.__class__.__call__

    def pipe(texts, **kwargs):  # type: ignore[no-untyped-def]
        for text in texts:
            if "POISON" in text:
                raise ValueError("parser broke")
            yield from real_pipe([text], **kwargs)

    def call(self, text, **kwargs):  # type: ignore[no-untyped-def]
        if "POISON" in text:
            raise ValueError("parser broke")
        return real_call(self, text, **kwargs)

    monkeypatch.setattr(nlp, "pipe", pipe)
    monkeypatch.setattr(nlp.__class__, "__call__", call)
    articles = [
        Article(text="Officials in Paris met on Monday.", origin="a"),
        Article(text="POISON from Berlin.", origin="bad"),
        Article(text="Rescuers in Ankara worked through the night.", origin="c"),
    ]
    found = analyzer.extract(articles)
    assert [a.failure is None for a in found] == [True, False, True]
    assert found[2].entities


def test_an_escaped_error_exits_3_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import newsloom.cli.app as app_module

    def broken() -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(app_module, "app", broken)
    monkeypatch.delenv("NEWSLOOM_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["newsloom", "stories"])
    with pytest.raises(SystemExit) as exited:
        app_module.main()
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: boom second line" in err
    assert "Traceback" not in err
