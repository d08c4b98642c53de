"""ROUGE scoring on hand-made summaries, the lead baseline, and the dev-cluster quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsloom.errors import NewsloomError
from newsloom.evaluate.summaries import (
    dev_clusters,
    evaluate_clusters,
    lead_baseline,
    main,
    read_clusters,
    rouge,
)
from newsloom.model import Article

REFERENCES = Path(__file__).resolve().parent.parent / "data" / "summary_references.jsonl"
# The quality gate on the dev clusters (ECB+ reports, our own references): the level reached
# when the gate was set, minus a margin for the int8 embedder's run-to-run noise. Raise it when
# the summariser improves; never lower it silently.
# Lowered on 2026-12-07, openly: 0.509 was reached by a summariser tuned on these nine clusters
# (in-sample); the concept-coverage summariser was chosen by cross-validation on 50 real
# TAC/DUC clusters with human references (docs/summaries.md) and reaches 0.467 / 0.186 here.
DEV_ROUGE1_RECALL_FLOOR = 0.45  # reached 0.467 (lead baseline 0.448)
DEV_ROUGE2_RECALL_FLOOR = 0.17  # reached 0.186 (lead baseline 0.164)


def test_rouge_by_hand() -> None:
    s = rouge("the cat sat on the mat", ["the cat sat on a mat"])
    # unigrams: the, cat, sat, on, mat match (5 of 6 on either side)
    assert s.rouge1_recall == pytest.approx(5 / 6) and s.rouge1_precision == pytest.approx(5 / 6)
    # bigrams: "the cat", "cat sat", "sat on" match (3 of 5 on either side)
    assert s.rouge2_recall == pytest.approx(3 / 5) and s.rouge2_f == pytest.approx(3 / 5)


def test_rouge_means_over_references_stems_and_cuts() -> None:
    two = rouge("the cat sat on the mat", ["the cat sat on a mat", "dogs bark loudly"])
    assert two.rouge1_recall == pytest.approx((5 / 6 + 0) / 2)
    assert two.rouge2_recall == pytest.approx((3 / 5 + 0) / 2)
    # Porter stemming: "cats" meets "cat" and "running" meets "runs".
    stemmed = rouge("cats running", ["cat runs"])
    assert stemmed.rouge1_recall == pytest.approx(1.0)
    # The summary is cut to `words` before scoring: the extra words cost no precision.
    cut = rouge("alpha beta gamma delta", ["alpha beta"], words=2)
    assert cut.rouge1_precision == pytest.approx(1.0) and cut.rouge1_recall == pytest.approx(1.0)
    with pytest.raises(ValueError):
        rouge("anything", [])


def test_lead_baseline_takes_the_earliest_document() -> None:
    late = Article(text="late report " * 80, origin="b", published="2024-04-22")
    early = Article(text="early report " * 80, origin="a", published="2024-04-21")
    assert lead_baseline([late, early], words=5) == "early report early report early"
    undated = Article(text="undated words here", origin="c")
    assert lead_baseline([late, undated], words=100) == " ".join(["late", "report"] * 50)
    assert lead_baseline([], words=10) == ""


def _write_cluster_file(path: Path) -> None:
    docs = [
        {
            "id": "d1",
            "published": "2024-04-21",
            "text": (
                "A road bridge over the River Tamsin in Eldham collapsed on Tuesday morning, "
                "sending two cars into the water. Rescue crews pulled four people from the river "
                "and all survived."
            ),
        },
        {
            "id": "d2",
            "published": "2024-04-22",
            "text": (
                "Four people were rescued after the Tamsin bridge in Eldham gave way on Tuesday "
                "and two cars fell into the river. Engineers had inspected the bridge in March."
            ),
        },
    ]
    reference = (
        "A bridge in Eldham collapsed into the River Tamsin on Tuesday, taking two cars with it; "
        "all four people inside were rescued."
    )
    path.write_text(
        json.dumps({"id": "bridge", "docs": docs, "references": [reference]}) + "\n",
        encoding="utf-8",
    )


def test_read_clusters_and_refuse_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "clusters.jsonl"
    _write_cluster_file(good)
    (cluster,) = read_clusters(good)
    assert (
        cluster.id == "bridge"
        and len(cluster.docs) == 2
        and cluster.docs[1].published == "2024-04-22"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "docs": [{"text": "t"}]}\n', encoding="utf-8")
    with pytest.raises(NewsloomError):
        read_clusters(bad)


def test_module_command_prints_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clusters.jsonl"
    _write_cluster_file(path)
    assert main([str(path), "--per-cluster"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["clusters"] == 1 and out["words"] == 100 and out["averaging"].startswith("mean over")
    assert 0.3 < out["system"]["rouge1_recall"] <= 1.0
    assert out["per_cluster"][0]["summary"] and out["lead_baseline"]["rouge1_recall"] > 0


@pytest.mark.slow
def test_dev_clusters_beat_the_lead_baseline(data_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    ecb = data_dir / "ecbplus-dev.jsonl"
    if not ecb.exists():
        pytest.skip(f"{ecb} not found")
    clusters = dev_clusters(ecb, REFERENCES)
    assert len(clusters) >= 8 and all(len(c.references) == 2 for c in clusters)
    scores = evaluate_clusters(clusters, analyzer, words=100)
    assert all(len(r.summary.split()) <= 100 for r in scores.per_cluster)
    assert scores.system.rouge1_recall > scores.lead_baseline.rouge1_recall
    assert scores.system.rouge1_recall >= DEV_ROUGE1_RECALL_FLOOR
    assert scores.system.rouge2_recall >= DEV_ROUGE2_RECALL_FLOOR
