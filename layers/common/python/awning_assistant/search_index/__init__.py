"""The hybrid (BM25 + k-NN) chunk index: one interface, an OpenSearch Serverless and an embedded implementation."""

from awning_assistant.search_index.base import Hit, IndexedChunk, SearchFilters, SearchIndex

__all__ = ["Hit", "IndexedChunk", "SearchFilters", "SearchIndex"]
