"""Keeping the search index current: chunks, embeddings, stream batches, full reindexes."""
