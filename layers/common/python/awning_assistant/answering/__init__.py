"""One chat turn: understand, decide, query, compose, stream, remember."""
