"""The embedded (local-mode) search index and reciprocal rank fusion, on real SQLite files."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from awning_assistant.answering.retrieval import reciprocal_rank_fusion
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.search_index import Hit, IndexedChunk, SearchFilters
from local.embedded_index import EmbeddedIndex, IndexMismatchError, fts_query, query_terms

DIM = 4
NO_FILTERS = SearchFilters()


def unit(*values: float) -> list[float]:
    return list(np.asarray(values, dtype=float) / np.linalg.norm(values))


def make(
    chunk_id: str, text: str, vector: list[float] | None = None, *, title: str | None = None, **metadata: object
) -> IndexedChunk:
    record_type, record_id, _ = chunk_id.split("#")
    chunk = Chunk(
        chunk_id=chunk_id,
        record_type=RecordType(record_type),
        record_id=record_id,
        title=title or f"{record_type} {record_id}",
        text=text,
        **metadata,
    )
    return IndexedChunk(chunk=chunk, vector=vector or unit(1, 1, 1, 1), content_hash=chunk.content_hash)


def ids(hits: list[Hit]) -> list[str]:
    return [hit.chunk.chunk_id for hit in hits]


@pytest.fixture
def index(tmp_path: Path) -> EmbeddedIndex:
    with EmbeddedIndex(tmp_path / "nested" / "index.sqlite3", DIM) as opened:
        yield opened


# A small corpus with every kind of metadata, used by the filter tests.
CORPUS = [
    make(
        "work_order#WO-1#0",
        "Awning cleaning, mildew on the valance",
        unit(1, 0, 0, 0),
        customer_id="C1",
        territory="North",
        status="completed",
        date=date(2024, 1, 10),
        materials=["Sunbrella Canvas"],
    ),
    make(
        "work_order#WO-2#0",
        "Awning cleaning, bird droppings",
        unit(0.9, 0.1, 0, 0),
        customer_id="C2",
        territory="South",
        status="cleaning_queue",
        date=date(2024, 3, 5),
        materials=["Marine Vinyl", "Thread"],
    ),
    make(
        "repair_order#RO-1#0",
        "Awning repair, torn seam",
        unit(0.8, 0.2, 0, 0),
        customer_id="C1",
        territory="North",
        status="in_repair",
        date=date(2024, 2, 1),
        materials=["marine vinyl"],
    ),
    make("inventory#INV-1#0", "Awning fabric in stock", unit(0.7, 0.3, 0, 0), materials=["Sunbrella Canvas"]),
    make("document#policy.pdf#0", "Awning care policy", unit(0.6, 0.4, 0, 0), page=1, date=date(2023, 6, 1)),
]


def test_bm25_ranks_the_chunk_with_the_rare_term_first(index: EmbeddedIndex) -> None:
    index.upsert(
        [
            make("work_order#WO-1#0", "awning awning cleaning cleaning of the awning"),
            make("work_order#WO-2#0", "awning cleaning, heavy mildew on the valance"),
            make("work_order#WO-3#0", "awning cleaning and awning folding"),
        ]
    )
    hits = index.search_bm25("awning mildew", NO_FILTERS, 3)
    assert ids(hits)[0] == "work_order#WO-2#0"
    assert all(hit.score > 0 for hit in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_bm25_leaves_out_terms_too_common_to_score(index: EmbeddedIndex) -> None:
    """FTS5 gives a term in half the chunks an idf of ~0: with a rarer term present, it is not searched."""
    index.upsert(
        [make(f"work_order#WO-{i}#0", "awning cleaning" + (" with mildew" if i == 0 else "")) for i in range(4)]
    )
    assert ids(index.search_bm25("awning mildew", NO_FILTERS, 5)) == ["work_order#WO-0#0"]
    assert len(index.search_bm25("awning", NO_FILTERS, 5)) == 4  # nothing rarer: the common term is searched
    assert ids(index.search_bm25("awning mildew grommets", NO_FILTERS, 5)) == ["work_order#WO-0#0"]


def test_bm25_pruning_returns_exactly_the_exhaustive_ranking(index: EmbeddedIndex) -> None:
    """MaxScore pruning skips rows that cannot reach the top k; it must never change the top k."""
    rng = np.random.default_rng(11)
    words = [f"w{i}" for i in range(80)]
    weights = 1 / np.arange(1, 81)  # Zipf: a few very common words, a long tail of rare ones
    weights /= weights.sum()

    def text(length: int) -> str:
        return " ".join(rng.choice(words, size=length, p=weights))

    index.upsert(
        [
            make(
                f"work_order#WO-{i}#0",
                text(int(rng.integers(3, 40))),
                title=text(2),
                territory=["North", "South", None][i % 3],
            )
            for i in range(600)
        ]
    )
    for trial in range(150):
        query = text(int(rng.integers(1, 7)))
        filters = SearchFilters(territories=["North"]) if trial % 3 == 0 else NO_FILTERS
        k = int(rng.choice([1, 3, 10, 25]))
        with index._transaction(write=False) as conn:
            terms = index._scoring_terms(conn, query_terms(query))
            pruned = index._bm25(conn, terms, filters, k)
            exhaustive = index._bm25(conn, terms, filters, k, prune=False)
        assert [row[1] for row in pruned] == [row[1] for row in exhaustive], query
        assert [row[0] for row in pruned] == pytest.approx([row[0] for row in exhaustive], rel=1e-12)


def test_bm25_stems_and_ignores_case_and_accents(index: EmbeddedIndex) -> None:
    index.upsert([make("work_order#WO-1#0", "Stitched the Café's valance"), make("work_order#WO-2#0", "cleaning")])
    assert ids(index.search_bm25("stitching", NO_FILTERS, 5)) == ["work_order#WO-1#0"]
    assert ids(index.search_bm25("CAFE", NO_FILTERS, 5)) == ["work_order#WO-1#0"]


def test_bm25_weights_the_title(index: EmbeddedIndex) -> None:
    index.upsert(
        [
            make("work_order#WO-1#0", "replaced the grommets", title="Harbor View Marina"),
            make("work_order#WO-2#0", "Harbor View Marina asked us to clean it", title="Cleaning"),
        ]
    )
    assert ids(index.search_bm25("harbor marina", NO_FILTERS, 5))[0] == "work_order#WO-1#0"


def test_bm25_finds_ids_as_phrases(index: EmbeddedIndex) -> None:
    index.upsert(
        [
            make("work_order#WO-13251#0", "Work order WO-13251 for a canopy"),
            make("work_order#WO-13252#0", "Work order WO-13252, see also 13251 wo"),
        ]
    )
    assert ids(index.search_bm25("wo-13251", NO_FILTERS, 5))[0] == "work_order#WO-13251#0"
    assert ids(index.search_bm25("WO-13252", NO_FILTERS, 5)) == ["work_order#WO-13252#0"]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "(grommets",
        "grommets)",
        "AND",
        "OR NOT",
        "grommets AND",
        "NEAR(a b)",
        "*",
        "grom*",
        "-grommets",
        "title:grommets",
        "a:b:c",
        "{title text}:x",
        "^grommets",
        "'; DROP TABLE chunks; --",
        "+",
        "",
        "   ",
        "what is the",
        "🙂 ✓",
        "zqxeveryrowzqx",
        '""',
        "a" * 5000,
    ],
)
def test_bm25_accepts_any_user_text(index: EmbeddedIndex, query: str) -> None:
    index.upsert([make("work_order#WO-1#0", "grommets replaced; what is the status")])
    index.search_bm25(query, NO_FILTERS, 5)  # must not raise
    assert index.count() == 1


def test_fts_query_quotes_terms_and_drops_stopwords() -> None:
    assert fts_query("") == ""
    assert fts_query("What is the status of WO-13251?") == '"status" OR "WO-13251"'
    assert fts_query('say "hi" AND bye') == '"say" OR "hi" OR "bye"'  # "AND" is a stop word, not an operator
    assert fts_query("who is it") == '"who" OR "is" OR "it"'  # nothing but stop words: keep them
    assert fts_query("Mildew mildew MILDEW") == '"Mildew"'


def test_bm25_empty_query_returns_nothing(index: EmbeddedIndex) -> None:
    index.upsert(CORPUS)
    assert index.search_bm25("?!", NO_FILTERS, 5) == []
    assert index.search_bm25("awning", NO_FILTERS, 0) == []


def test_knn_returns_nearest_by_cosine(index: EmbeddedIndex) -> None:
    index.upsert(
        [
            make("work_order#WO-1#0", "a", [1, 0, 0, 0]),
            make("work_order#WO-2#0", "b", [0, 1, 0, 0]),
            make("work_order#WO-3#0", "c", [10, 10, 0, 0]),  # not normalised: the index does it
            make("work_order#WO-4#0", "d", [-1, 0, 0, 0]),
        ]
    )
    hits = index.search_knn([3, 1, 0, 0], NO_FILTERS, 3)
    assert ids(hits) == ["work_order#WO-1#0", "work_order#WO-3#0", "work_order#WO-2#0"]
    assert hits[0].score == pytest.approx(3 / np.sqrt(10), abs=1e-6)
    assert hits[1].score == pytest.approx(4 / np.sqrt(20), abs=1e-6)
    assert len(index.search_knn([1, 0, 0, 0], NO_FILTERS, 10)) == 4


def test_knn_rejects_a_vector_of_the_wrong_size(index: EmbeddedIndex) -> None:
    with pytest.raises(ValueError):
        index.search_knn([1.0, 0.0], NO_FILTERS, 3)
    with pytest.raises(ValueError):
        index.upsert([make("work_order#WO-1#0", "a", [1.0, 0.0, 0.0])])
    assert index.count() == 0


def test_hits_carry_the_full_chunk(index: EmbeddedIndex) -> None:
    index.upsert(CORPUS)
    stored = {item.chunk.chunk_id: item.chunk for item in CORPUS}
    hits = index.search_bm25("awning", NO_FILTERS, 10) + index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10)
    assert len(hits) == 2 * len(CORPUS)
    for hit in hits:
        assert hit.chunk == stored[hit.chunk.chunk_id]


FILTER_CASES = [
    (SearchFilters(record_types=[RecordType.work_order]), {"work_order#WO-1#0", "work_order#WO-2#0"}),
    (
        SearchFilters(record_types=[RecordType.inventory, RecordType.document]),
        {"inventory#INV-1#0", "document#policy.pdf#0"},
    ),
    (SearchFilters(record_ids=["RO-1", "INV-1"]), {"repair_order#RO-1#0", "inventory#INV-1#0"}),
    (SearchFilters(customer_ids=["C1"]), {"work_order#WO-1#0", "repair_order#RO-1#0"}),
    (SearchFilters(statuses=["cleaning_queue", "in_repair"]), {"work_order#WO-2#0", "repair_order#RO-1#0"}),
    # The access rule: the user's territories, plus documents and stock.
    (
        SearchFilters(territories=["North"]),
        {"work_order#WO-1#0", "repair_order#RO-1#0", "inventory#INV-1#0", "document#policy.pdf#0"},
    ),
    (SearchFilters(territories=[]), {"inventory#INV-1#0", "document#policy.pdf#0"}),
    (SearchFilters(territories=["Coastal"]), {"inventory#INV-1#0", "document#policy.pdf#0"}),
    # Materials: any of, case-insensitive.
    (SearchFilters(materials=["MARINE VINYL"]), {"work_order#WO-2#0", "repair_order#RO-1#0"}),
    (
        SearchFilters(materials=["thread", "sunbrella canvas"]),
        {"work_order#WO-1#0", "work_order#WO-2#0", "inventory#INV-1#0"},
    ),
    (SearchFilters(materials=["Kevlar"]), set()),
    # Dates: inclusive; chunks without a date never match a date range.
    (SearchFilters(date_from=date(2024, 2, 1)), {"work_order#WO-2#0", "repair_order#RO-1#0"}),
    (SearchFilters(date_to=date(2024, 1, 10)), {"work_order#WO-1#0", "document#policy.pdf#0"}),
    (
        SearchFilters(date_from=date(2024, 1, 10), date_to=date(2024, 2, 1)),
        {"work_order#WO-1#0", "repair_order#RO-1#0"},
    ),
    # Combined: every condition holds.
    (
        SearchFilters(
            territories=["North"],
            record_types=[RecordType.work_order, RecordType.inventory],
            materials=["sunbrella canvas"],
        ),
        {"work_order#WO-1#0", "inventory#INV-1#0"},
    ),
    (SearchFilters(record_ids=[]), set()),
    (SearchFilters(customer_ids=["nobody"]), set()),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES)
def test_filters_apply_identically_to_bm25_and_knn(
    index: EmbeddedIndex, filters: SearchFilters, expected: set[str]
) -> None:
    index.upsert(CORPUS)
    assert set(ids(index.search_bm25("awning", filters, 10))) == expected
    assert set(ids(index.search_knn(unit(1, 0, 0, 0), filters, 10))) == expected


def test_access_filter_fails_closed_for_customers_and_orders_without_a_territory(index: EmbeddedIndex) -> None:
    """An order or customer chunk written without a territory is nobody's: staff never see it,
    while documents and stock are open to all whatever their metadata says."""
    index.upsert(
        [
            make("work_order#WO-7#0", "awning with no territory", unit(1, 0, 0, 0), customer_id="C7"),
            make("customer#C7#0", "awning customer with no territory", unit(1, 0, 0, 0), customer_id="C7"),
            make("inventory#INV-7#0", "awning stock", unit(1, 0, 0, 0), territory="South"),
            make("document#a.pdf#0", "awning policy", unit(1, 0, 0, 0), page=1),
        ]
    )
    staff = SearchFilters(territories=["North"])
    visible = {"inventory#INV-7#0", "document#a.pdf#0"}
    assert set(ids(index.search_bm25("awning", staff, 10))) == visible
    assert set(ids(index.search_knn(unit(1, 0, 0, 0), staff, 10))) == visible
    assert len(index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10)) == 4


def test_knn_filters_agree_with_sql_at_scale(index: EmbeddedIndex) -> None:
    """Random metadata, random filters: the numpy mask and the SQL WHERE select the same chunks."""
    rng = np.random.default_rng(7)
    territories = ["North", "South", "East", None]
    materials = ["Vinyl", "Canvas", "Mesh", "Thread"]
    items = [
        make(
            f"work_order#WO-{i}#0",
            "awning",
            list(rng.normal(size=DIM)),
            customer_id=f"C{i % 13}",
            territory=territories[i % 4],
            status=["ready", "completed", None][i % 3],
            date=None if i % 7 == 0 else date(2024, 1, 1 + i % 28),
            materials=[str(m) for m in rng.choice(materials, size=i % 3, replace=False)],
        )
        for i in range(300)
    ]
    index.upsert(items)
    for _ in range(40):
        filters = SearchFilters(
            territories=list(rng.choice(["North", "South", "East"], size=rng.integers(0, 3), replace=False)),
            statuses=["ready"] if rng.random() < 0.3 else None,
            customer_ids=[f"C{j}" for j in range(rng.integers(1, 13))] if rng.random() < 0.5 else None,
            materials=[m.upper() for m in rng.choice(materials, size=2)] if rng.random() < 0.5 else None,
            date_from=date(2024, 1, int(rng.integers(1, 15))) if rng.random() < 0.5 else None,
            date_to=date(2024, 1, int(rng.integers(14, 29))) if rng.random() < 0.5 else None,
        )
        assert set(ids(index.search_knn(unit(1, 0, 0, 0), filters, 300))) == set(
            ids(index.search_bm25("awning", filters, 300))
        )


def test_upsert_replaces_by_chunk_id(index: EmbeddedIndex) -> None:
    index.upsert([make("work_order#WO-1#0", "grommets", unit(1, 0, 0, 0), territory="North")])
    index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 1)  # warm the vector cache
    index.upsert([make("work_order#WO-1#0", "mildew", unit(0, 1, 0, 0), territory="South")])
    assert index.count() == 1
    assert index.search_bm25("grommets", NO_FILTERS, 5) == []
    assert ids(index.search_bm25("mildew", NO_FILTERS, 5)) == ["work_order#WO-1#0"]
    hits = index.search_knn(unit(0, 1, 0, 0), NO_FILTERS, 5)
    assert ids(hits) == ["work_order#WO-1#0"] and hits[0].score == pytest.approx(1.0)
    assert index.search_knn(unit(0, 1, 0, 0), SearchFilters(territories=["North"]), 5) == []


def test_delete_and_record_hashes(index: EmbeddedIndex) -> None:
    index.upsert(CORPUS + [make("work_order#WO-1#1", "second chunk of WO-1")])
    hashes = index.record_hashes(RecordType.work_order, "WO-1")
    assert hashes == {
        item.chunk.chunk_id: item.content_hash
        for item in CORPUS + [make("work_order#WO-1#1", "second chunk of WO-1")]
        if item.chunk.record_id == "WO-1"
    }
    assert index.record_hashes(RecordType.repair_order, "WO-1") == {}
    index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10)  # warm the vector cache
    index.delete_chunks(["work_order#WO-1#1", "work_order#WO-1#0", "no#such#chunk"])
    assert index.record_hashes(RecordType.work_order, "WO-1") == {}
    assert index.count() == len(CORPUS) - 1
    assert "work_order#WO-1#0" not in ids(index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10))
    assert index.search_bm25("mildew", NO_FILTERS, 5) == []
    index.delete_chunks([])


def test_clear_empties_the_index_and_keeps_it_usable(index: EmbeddedIndex) -> None:
    index.upsert(CORPUS)
    index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10)
    index.clear()
    assert index.count() == 0
    assert index.search_bm25("awning", NO_FILTERS, 5) == []
    assert index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 5) == []
    index.upsert(CORPUS[:1])
    assert ids(index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 5)) == ["work_order#WO-1#0"]
    assert ids(index.search_bm25("mildew", NO_FILTERS, 5)) == ["work_order#WO-1#0"]


def test_the_index_persists_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    with EmbeddedIndex(path, DIM) as first:
        first.ensure_index()
        first.upsert(CORPUS)
    with EmbeddedIndex(path, DIM) as second:
        second.ensure_index()  # idempotent
        assert second.count() == len(CORPUS)
        assert ids(second.search_bm25("mildew", NO_FILTERS, 5)) == ["work_order#WO-1#0"]
        assert ids(second.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 1)) == ["work_order#WO-1#0"]


def test_an_index_of_other_dimensions_is_refused(tmp_path: Path) -> None:
    EmbeddedIndex(tmp_path / "index.sqlite3", DIM).close()
    with pytest.raises(IndexMismatchError, match="dimensions"):
        EmbeddedIndex(tmp_path / "index.sqlite3", DIM + 1)


def test_a_second_instance_sees_the_writes_of_the_first(tmp_path: Path) -> None:
    """As the local server does while ``make reindex`` writes the same file."""
    path = tmp_path / "index.sqlite3"
    with EmbeddedIndex(path, DIM) as server, EmbeddedIndex(path, DIM) as writer:
        writer.upsert(CORPUS[:2])
        assert len(server.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10)) == 2  # cache built
        writer.upsert([make("work_order#WO-9#0", "new canopy", unit(0, 0, 1, 0), territory="East")])
        assert ids(server.search_knn(unit(0, 0, 1, 0), NO_FILTERS, 1)) == ["work_order#WO-9#0"]
        assert ids(server.search_bm25("canopy", NO_FILTERS, 5)) == ["work_order#WO-9#0"]
        writer.upsert([make("work_order#WO-9#0", "new canopy", unit(0, 0, 1, 0), territory="West")])
        east = SearchFilters(territories=["East"])
        assert "work_order#WO-9#0" not in ids(server.search_knn(unit(0, 0, 1, 0), east, 5))
        writer.delete_chunks(["work_order#WO-1#0"])
        assert "work_order#WO-1#0" not in ids(server.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10))
        writer.clear()
        assert server.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10) == []
        writer.upsert(CORPUS)
        assert len(server.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 10)) == len(CORPUS)


def test_incremental_cache_matches_a_fresh_load(tmp_path: Path) -> None:
    """Many small writes patch the cached matrix; the result equals loading from scratch."""
    rng = np.random.default_rng(3)
    path = tmp_path / "index.sqlite3"
    with EmbeddedIndex(path, DIM) as index:
        for step in range(30):
            batch = [
                make(
                    f"work_order#WO-{rng.integers(0, 40)}#0",
                    "awning",
                    list(rng.normal(size=DIM)),
                    territory=str(rng.choice(["North", "South"])),
                    materials=[str(rng.choice(["A", "B"]))],
                )
                for _ in range(3)
            ]
            index.upsert(batch)
            if step % 4 == 0:
                index.delete_chunks([f"work_order#WO-{rng.integers(0, 40)}#0" for _ in range(3)])
            index.search_knn(unit(1, 0, 0, 0), NO_FILTERS, 1)
        query = list(rng.normal(size=DIM))
        filters = SearchFilters(territories=["North"], materials=["a"])
        patched = index.search_knn(query, filters, 50)
        with EmbeddedIndex(path, DIM) as fresh:
            loaded = fresh.search_knn(query, filters, 50)
        assert ids(patched) == ids(loaded)
        assert [h.score for h in patched] == pytest.approx([h.score for h in loaded], abs=1e-6)
        assert len(index.search_knn(query, NO_FILTERS, 100)) == index.count()


def test_concurrent_readers_and_a_writer(index: EmbeddedIndex) -> None:
    index.upsert(CORPUS)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(50):
                index.search_knn(unit(1, 0, 0, 0), SearchFilters(territories=["North"]), 5)
                index.search_bm25("awning", NO_FILTERS, 5)
        except BaseException as exc:  # noqa: BLE001 - collected and re-raised in the test thread
            errors.append(exc)

    def write() -> None:
        try:
            for i in range(50):
                index.upsert([make(f"work_order#WO-{100 + i}#0", "awning", unit(1, 0, 0, 0), territory="South")])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert index.count() == len(CORPUS) + 50


def test_bm25_on_other_threads_connections_sees_every_write(index: EmbeddedIndex) -> None:
    """BM25 reads on a connection of its thread's own (to run beside k-NN): still every write shows."""
    index.upsert(CORPUS)
    seen: list[list[str]] = []

    def search() -> None:
        seen.append(ids(index.search_bm25("mildew", NO_FILTERS, 5)))

    for step in range(3):
        if step:
            index.upsert([make(f"work_order#WO-{90 + step}#0", "mildew " * (step + 1), unit(1, 0, 0, 0))])
        thread = threading.Thread(target=search)
        thread.start()
        thread.join()
    search()
    assert seen == [
        ["work_order#WO-1#0"],
        ["work_order#WO-91#0", "work_order#WO-1#0"],
        ["work_order#WO-92#0", "work_order#WO-91#0", "work_order#WO-1#0"],
        ["work_order#WO-92#0", "work_order#WO-91#0", "work_order#WO-1#0"],
    ]


# -- reciprocal rank fusion -------------------------------------------------------------------


def hit(chunk_id: str, day: date | None = None, score: float = 1.0) -> Hit:
    return Hit(chunk=make(chunk_id, "x", date=day).chunk, score=score)


def test_rrf_rewards_agreement_between_lists() -> None:
    bm25 = [hit("work_order#A#0"), hit("work_order#B#0"), hit("work_order#C#0")]
    knn = [hit("work_order#C#0"), hit("work_order#B#0"), hit("work_order#D#0")]
    fused = reciprocal_rank_fusion([bm25, knn], k=60, limit=10)
    # C: 1/61 + 1/63 > B: 1/62 + 1/62 > A: 1/61 > D: 1/63.
    assert ids(fused) == ["work_order#C#0", "work_order#B#0", "work_order#A#0", "work_order#D#0"]
    assert fused[0].score == pytest.approx(1 / 61 + 1 / 63)
    assert fused[1].score == pytest.approx(2 / 62)
    assert ids(reciprocal_rank_fusion([bm25, knn], limit=2)) == ids(fused)[:2]


def test_rrf_breaks_ties_by_recency_then_chunk_id() -> None:
    older, newer = hit("work_order#A#0", date(2024, 1, 1)), hit("work_order#B#0", date(2024, 6, 1))
    undated_z, undated_y = hit("work_order#Z#0"), hit("work_order#Y#0")
    fused = reciprocal_rank_fusion([[older, undated_z], [newer, undated_y]])
    assert ids(fused) == ["work_order#B#0", "work_order#A#0", "work_order#Y#0", "work_order#Z#0"]


def test_rrf_counts_a_chunk_once_per_list_and_handles_empty_input() -> None:
    fused = reciprocal_rank_fusion([[hit("work_order#A#0"), hit("work_order#A#0")], []])
    assert ids(fused) == ["work_order#A#0"] and fused[0].score == pytest.approx(1 / 61)
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[hit("work_order#A#0")]], limit=0) == []
