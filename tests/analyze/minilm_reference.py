"""A plain-numpy fp32 all-MiniLM-L6-v2, the test suite's reference for the int8 ONNX vectors.

It reads the original config.json and model.safetensors from the packaged model (through
`newsloom.analyze.embed.minilm_file`) and runs BERT, mean pooling and normalisation in numpy.
It is slow and never used by newsloom itself: tests and benchmarks/embed_speed.py compare the
shipped embedder against it.
"""

from __future__ import annotations

import json
import math
import os
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsloom.analyze.embed import (
    DEFAULT_MAX_TOKENS,
    EMBEDDING_DIM,
    _check_max_tokens,
    _check_texts,
    load_tokenizer,
    mean_pool_normalise,
    minilm_file,
)

# layer_norm_eps of all-MiniLM-L6-v2 (config.json); used when the config omits it.
LAYER_NORM_EPS = 1e-12
# Additive attention bias for padding keys: large enough that softmax gives them ~0 weight.
MASKED_SCORE = -1e9
# Texts per numpy reference batch: big matmuls, yet a small (batch, heads, seq, seq) score array.
REFERENCE_BATCH_SIZE = 16

# --------------------------------------------------------------------------------------------
# fp32 numpy reference
# --------------------------------------------------------------------------------------------

# safetensors dtype names -> little-endian numpy dtypes (BF16 is widened by hand below).
_SAFETENSORS_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U8": "u1",
    "BOOL": "?",
}
# Refuse headers bigger than this: the format caps them at 100 MB, real ones are a few KB.
_SAFETENSORS_MAX_HEADER = 100_000_000


def load_safetensors(source: str | os.PathLike[str] | bytes) -> dict[str, np.ndarray]:
    """All tensors of a .safetensors file, or of its bytes, as numpy arrays."""
    try:
        from safetensors.numpy import load, load_file
    except ImportError:
        if isinstance(source, bytes):
            return _parse_safetensors(source, Path("<bytes>"))
        return _read_safetensors(Path(source))
    if isinstance(source, bytes):
        return dict(load(source))
    return dict(load_file(str(source)))


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Minimal safetensors reader: u64 LE header length, JSON header, raw LE tensor bytes."""
    return _parse_safetensors(path.read_bytes(), path)


def _parse_safetensors(data: bytes, path: Path) -> dict[str, np.ndarray]:
    """The tensors in safetensors bytes; path only names the source in errors."""
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len > min(_SAFETENSORS_MAX_HEADER, len(data) - 8):
        raise ValueError(f"{path}: bad safetensors header length {header_len}")
    header = json.loads(data[8 : 8 + header_len])
    base = 8 + header_len
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = data[base + start : base + end]
        shape = tuple(info["shape"])
        dtype = info["dtype"]
        if dtype == "BF16":
            widened = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            array = widened.view(np.float32)
        elif dtype in _SAFETENSORS_DTYPES:
            stored = np.frombuffer(raw, dtype=_SAFETENSORS_DTYPES[dtype])
            array = stored.astype(stored.dtype.newbyteorder("="))  # native order, writable copy
        else:
            raise ValueError(f"{path}: tensor {name!r} has unsupported dtype {dtype}")
        if array.size != int(np.prod(shape, dtype=np.int64)):
            raise ValueError(f"{path}: tensor {name!r} does not match its shape {shape}")
        tensors[name] = array.reshape(shape)
    return tensors


def _erf(x: np.ndarray) -> np.ndarray:
    """Vectorised erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7, below float32 noise here)."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    a1, a2, a3, a4, a5 = 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
    poly = t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's hidden_act "gelu"."""
    return (0.5 * x * (1.0 + _erf(x * (1.0 / math.sqrt(2.0))))).astype(np.float32, copy=False)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyMiniLM:
    """Reference fp32 all-MiniLM-L6-v2 (BERT + mean pooling + normalise) in plain numpy."""

    model_id: str

    def __init__(
        self,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        batch_size: int = REFERENCE_BATCH_SIZE,
        model_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        """Read config.json and model.safetensors (default: the packaged original model)."""
        folder = Path(model_dir) if model_dir is not None else None

        def read(name: str) -> bytes:
            return (folder / name).read_bytes() if folder is not None else minilm_file(name)

        config = json.loads(read("config.json"))
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported hidden_act {config.get('hidden_act')!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.model_id = "all-MiniLM-L6-v2-numpy-fp32"
        self.max_tokens = _check_max_tokens(min(max_tokens, int(config["max_position_embeddings"])))
        self.batch_size = batch_size
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", LAYER_NORM_EPS))
        weights = load_safetensors(read("model.safetensors"))
        # Checkpoints saved from BertModel have bare names; from BertFor* they carry "bert.".
        self._w = {
            k.removeprefix("bert."): v.astype(np.float32, copy=False)
            for k, v in weights.items()
            if np.issubdtype(v.dtype, np.floating)
        }
        if self._w["embeddings.word_embeddings.weight"].shape[1] != EMBEDDING_DIM:
            raise ValueError("model.safetensors is not a 384-wide MiniLM")
        self._tokenizer = load_tokenizer(self.max_tokens)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), 384) of unit-length vectors, rows in the order of texts."""
        items = _check_texts(texts)
        out = np.zeros((len(items), EMBEDDING_DIM), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(items)
        order = sorted(range(len(items)), key=lambda i: len(encodings[i].ids), reverse=True)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            types = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                types[row, :n] = encodings[i].type_ids
                mask[row, :n] = 1
            out[chunk] = mean_pool_normalise(self.forward(ids, types, mask), mask)
        return out

    def forward(
        self, ids: np.ndarray, type_ids: np.ndarray, mask: np.ndarray | None = None
    ) -> np.ndarray:
        """Last hidden state (batch, seq, 384), or (seq, 384) for 1-D ids; mask: 1 real, 0 pad."""
        single = ids.ndim == 1
        if single:
            ids, type_ids = ids[None], type_ids[None]
            mask = None if mask is None else np.asarray(mask)[None]
        w = self._w
        seq = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:seq][None]
            + w["embeddings.token_type_embeddings.weight"][type_ids]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        if mask is None:
            bias = np.zeros((ids.shape[0], 1, 1, seq), dtype=np.float32)
        else:
            bias = np.where(mask > 0, 0.0, MASKED_SCORE).astype(np.float32)[:, None, None, :]
        for layer in range(self.layers):
            x = self._layer(x, f"encoder.layer.{layer}.", bias)
        return x[0] if single else x

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        """x @ W.T + b for a torch-layout (out, in) Linear, as one 2-D matmul over all tokens."""
        flat = x.reshape(-1, x.shape[-1]) @ self._w[name + ".weight"].T + self._w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _layer(self, x: np.ndarray, p: str, bias: np.ndarray) -> np.ndarray:
        """One BERT encoder layer: self-attention, add & norm, GELU feed-forward, add & norm."""
        batch, seq, dim = x.shape
        head_dim = dim // self.heads

        def split(t: np.ndarray) -> np.ndarray:
            # contiguous (batch, heads, seq, head_dim): numpy only hands contiguous stacks to BLAS
            heads = t.reshape(batch, seq, self.heads, head_dim).transpose(0, 2, 1, 3)
            return np.ascontiguousarray(heads)

        q = split(self._linear(x, p + "attention.self.query"))
        k = split(self._linear(x, p + "attention.self.key"))
        v = split(self._linear(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / math.sqrt(head_dim)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, dim)
        attn = self._linear(context, p + "attention.output.dense")
        x = self._norm(attn + x, p + "attention.output.LayerNorm")
        ffn = self._linear(_gelu(self._linear(x, p + "intermediate.dense")), p + "output.dense")
        return self._norm(ffn + x, p + "output.LayerNorm")

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        """The named LayerNorm applied to x."""
        return _layer_norm(x, self._w[name + ".weight"], self._w[name + ".bias"], self.eps)
