"""TimeML reading and TempEval-3 timex scoring, on small test-made documents and on the dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsloom.evaluate.timeml import evaluate_timeml, main, read_timeml, tml_files

# Two documents written for this test. The first should be found in full (one span differs:
# the gold tag includes "on"); the second has one miss ("once"), one extra ("now") and one
# value the annotator wrote as a duration ("over the weekend" -> P2D, we say DATE ...-WE).
TALKS = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-04-21" \
functionInDocument="CREATION_TIME">2024-04-21</TIMEX3></DCT>
<TEXT>The minister said on <TIMEX3 tid="t1" type="DATE" value="2024-04-19">Friday</TIMEX3> that \
talks would resume <TIMEX3 tid="t2" type="DATE" value="2024-04-22">on Monday</TIMEX3>. Exports \
&amp; imports fell <TIMEX3 tid="t3" type="DURATION" value="P3Y">three years</TIMEX3> running, and \
the cabinet meets <TIMEX3 tid="t4" type="SET" value="P1W">weekly</TIMEX3>.</TEXT>
</TimeML>
"""
BLAST = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-08T10:00" \
functionInDocument="CREATION_TIME">1998-08-08</TIMEX3></DCT>
<TEXT>Bombs exploded <TIMEX3 tid="t1" type="DATE" value="1998-08-07">yesterday</TIMEX3> in the \
<TIMEX3 tid="t2" type="DATE" value="PAST_REF">once</TIMEX3> quiet city. The embassy will reopen \
<TIMEX3 tid="t3" type="DATE" value="1998-08-10">Monday</TIMEX3>, and officials now say it was calm \
over <TIMEX3 tid="t4" type="DURATION" value="P2D">the weekend</TIMEX3>.</TEXT>
</TimeML>
"""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "nested").mkdir()
    (tmp_path / "talks.tml").write_text(TALKS, encoding="utf-8")
    (tmp_path / "nested" / "blast.tml").write_text(BLAST, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not TimeML", encoding="utf-8")
    return tmp_path


def test_read_timeml_gives_plain_text_offsets_and_the_dct(corpus: Path) -> None:
    doc = read_timeml(corpus / "talks.tml")
    assert str(doc.dct) == "2024-04-21"
    assert "Exports & imports fell three years running" in doc.text  # entities decoded, tags gone
    assert [(g.text, g.type, g.value) for g in doc.timexes] == [
        ("Friday", "DATE", "2024-04-19"),
        ("on Monday", "DATE", "2024-04-22"),
        ("three years", "DURATION", "P3Y"),
        ("weekly", "SET", "P1W"),
    ]
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text
    assert (
        str(read_timeml(corpus / "nested" / "blast.tml").dct) == "1998-08-08"
    )  # time of day dropped


def test_tml_files_walks_directories_and_takes_single_files(corpus: Path) -> None:
    assert [p.name for p in tml_files(corpus)] == ["blast.tml", "talks.tml"]
    assert tml_files(corpus / "talks.tml") == [corpus / "talks.tml"]
    with pytest.raises(FileNotFoundError):
        tml_files(corpus / "missing")


def test_scores_on_a_single_file(corpus: Path) -> None:
    scores = evaluate_timeml(corpus / "talks.tml")
    assert (scores.gold, scores.predicted, scores.strict_matches, scores.relaxed_matches) == (
        4,
        4,
        3,
        4,
    )
    assert (scores.type_correct, scores.value_correct) == (4, 4)
    assert scores.strict_f1 == pytest.approx(0.75)
    assert scores.value_f1 == pytest.approx(1.0)


def test_scores_on_a_directory_count_misses_extras_and_wrong_values(corpus: Path) -> None:
    s = evaluate_timeml(corpus)
    assert (s.documents, s.gold, s.predicted) == (2, 8, 8)
    assert (s.strict_matches, s.relaxed_matches, s.type_correct, s.value_correct) == (6, 7, 6, 6)
    assert (s.strict_precision, s.strict_recall, s.strict_f1) == pytest.approx((0.75, 0.75, 0.75))
    assert (s.relaxed_precision, s.relaxed_recall) == pytest.approx((7 / 8, 7 / 8))
    assert (s.type_accuracy, s.value_accuracy) == pytest.approx((6 / 7, 6 / 7))
    # TempEval-3 attribute F1: matched with the right value, over predictions and over gold.
    assert (s.value_precision, s.value_recall, s.value_f1) == pytest.approx((0.75, 0.75, 0.75))
    d = s.as_dict()
    assert d["value_f1"] == 0.75 and d["gold"] == 8 and "seconds" in d


def test_module_main_prints_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(corpus)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["documents"] == 2 and printed["relaxed_matches"] == 7
    assert main([]) == 2
    assert main([str(corpus / "missing")]) == 2


# The quality gate: value F1 reached on the TempEval-3 training data (TimeBank + AQUAINT),
# less a small margin for harmless changes. Raise it when the extractor improves; never
# lower it without saying why in docs/timex.md.
DEV_VALUE_F1_FLOOR = 0.848  # reached: 0.851 (was 0.837)
DEV_RELAXED_F1_FLOOR = 0.953  # reached: 0.956 (was 0.950)
DEV_STRICT_F1_FLOOR = 0.899  # reached: 0.902 (was 0.897)
# The dev set runs in about half a second on 2 cores; ten times that means something went quadratic.


@pytest.mark.slow
def test_dev_set_quality_gate(data_dir: Path) -> None:
    dev = data_dir / "timeml-dev"
    if not dev.is_dir():
        pytest.skip(f"TimeML dev set not found under {data_dir}")
    scores = evaluate_timeml(dev)
    assert scores.documents == 256 and scores.gold == 1822
    assert scores.value_f1 >= DEV_VALUE_F1_FLOOR
    assert scores.relaxed_f1 >= DEV_RELAXED_F1_FLOOR
    assert scores.strict_f1 >= DEV_STRICT_F1_FLOOR
