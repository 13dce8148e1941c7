"""Local mode's implementations, handed to the factory (the Lambda layer carries none of them)."""

from __future__ import annotations

from pathlib import Path

from awning_assistant.factory import use_local_adapters
from awning_assistant.identity.providers import IdentityProvider
from awning_assistant.indexing.embeddings import Embedder
from awning_assistant.records.store import RecordStore
from awning_assistant.search_index import SearchIndex

LOCAL_MODEL_ID = "all-MiniLM-L6-v2-int8"


class Adapters:
    """``awning_assistant.factory.LocalAdapters``, built from the modules beside this one (imported
    lazily: the model and the index load only when settings ask for them)."""

    def embedder(self) -> tuple[Embedder, str]:
        from .embedder import LocalEmbedder

        return LocalEmbedder(), LOCAL_MODEL_ID

    def cached_embedder(self, model: Embedder, path: Path, model_id: str) -> Embedder:
        from .embedding_cache import CachedEmbedder

        return CachedEmbedder(model, path, model_id)

    def search_index(self, path: Path, dimensions: int) -> SearchIndex:
        from .embedded_index import EmbeddedIndex

        return EmbeddedIndex(path, dimensions)

    def identity(self, records: RecordStore, secret: str) -> IdentityProvider:
        from .dev_identity import DevIdentity

        return DevIdentity(records, secret)


def install() -> None:
    """Hand the adapters to the factory (idempotent: every local entry point calls it)."""
    use_local_adapters(Adapters())
