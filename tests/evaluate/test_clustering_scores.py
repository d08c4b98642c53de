"""Clustering scorers on small hand-checked cases, and the eval command on real reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.evaluate.clustering import score_clustering


def test_bcubed_by_hand() -> None:
    s = score_clustering([1, 1, 2, 2], ["a", "a", "a", "b"])
    assert s.bcubed_precision == pytest.approx(0.75)
    assert s.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    # pairs: predicted {01, 23}, gold {01, 02, 12}: one pair in common
    assert s.pairwise_precision == pytest.approx(0.5) and s.pairwise_recall == pytest.approx(1 / 3)


def test_perfect_and_degenerate_clusterings() -> None:
    perfect = score_clustering(["x", "x", "y"], [1, 1, 2])
    assert perfect.bcubed_f1 == perfect.pairwise_f1 == perfect.ari == 1.0
    lumped = score_clustering([0, 0, 0, 0], ["a", "a", "b", "b"])
    assert (
        lumped.bcubed_recall == 1.0
        and lumped.bcubed_precision == 0.5
        and lumped.ari == pytest.approx(0.0)
    )
    with pytest.raises(ValueError):
        score_clustering([1], [1, 2])


def test_eval_clustering_command_on_ecb_sample(tmp_path: Path, data_dir: Path) -> None:
    source = data_dir / "ecbplus-dev.jsonl"
    if not source.exists():
        pytest.skip(f"{source} not found")
    lines = source.read_text(encoding="utf-8").splitlines()
    # two topics: four events, two of each kind
    sample = [line for line in lines if json.loads(line)["topic"] in (1, 2)]
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(sample) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", "clustering", str(path), "--order", "shuffled", "--runs", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["articles"] == len(sample) and out["gold_events"] == 4 and out["seeds"] == [0, 1]
    assert {b["name"] for b in out["baselines"]} == {"tfidf-average-link", "minilm-average-link"}
    # the online pass keeps the two kinds of event apart far better than chance
    assert out["newsloom_mean"]["bcubed_f1"] > 0.7


def test_eval_clustering_runs_several_files_and_one_half(tmp_path: Path, data_dir: Path) -> None:
    from newsloom.evaluate.split import CHECK, half_of

    ecb, headlines = data_dir / "ecbplus-dev.jsonl", data_dir / "uci-headlines-dev.jsonl"
    if not (ecb.exists() and headlines.exists()):
        pytest.skip("the ECB+ and headline dev files are needed")
    rows = [json.loads(line) for line in headlines.read_text(encoding="utf-8").splitlines()]
    stories = sorted({r["gold_event"] for r in rows})
    checked = [s for s in stories if half_of(s) == CHECK][:2]
    tuned = [s for s in stories if half_of(s) != CHECK][:2]
    sample = [r for r in rows if r["gold_event"] in checked + tuned]
    sample = [r for i, r in enumerate(sample) if i % 10 == 0]  # a few headlines of each
    small = tmp_path / "headlines.jsonl"
    small.write_text("".join(json.dumps(r) + "\n" for r in sample), encoding="utf-8")
    topic = [line for line in ecb.read_text(encoding="utf-8").splitlines() if '"topic": 1,' in line]
    other = tmp_path / "ecb.jsonl"
    other.write_text("\n".join(topic) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", "clustering", str(other), str(small), "--no-baselines", "--json"]
    )
    assert result.exit_code == 0, result.output
    both = json.loads(result.stdout)
    assert [r["file"] for r in both] == ["ecb.jsonl", "headlines.jsonl"]
    assert both[1]["articles"] == len(sample) and both[1]["half"] == "all"
    half = CliRunner().invoke(
        app, ["eval", "clustering", str(small), "--half", "check", "--no-baselines", "--json"]
    )
    assert half.exit_code == 0, half.output
    out = json.loads(half.stdout)
    assert out["half"] == "check"
    assert out["articles"] == sum(r["gold_event"] in checked for r in sample) > 0
    bad = CliRunner().invoke(app, ["eval", "clustering", str(small), "--half", "most"])
    assert bad.exit_code != 0 and "unknown half" in bad.output


def test_the_split_is_fixed_and_uses_both_halves() -> None:
    from newsloom.evaluate.split import CHECK, TUNE, half_of

    keys = [f"story-{i}" for i in range(200)]
    halves = [half_of(k) for k in keys]
    assert halves == [half_of(k) for k in keys]  # the same key, the same half, every time
    assert 60 < halves.count(TUNE) < 140 and halves.count(TUNE) + halves.count(CHECK) == 200
