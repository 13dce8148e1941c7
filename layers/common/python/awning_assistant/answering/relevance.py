"""Whether retrieval found what the question is about, or only the nearest of nothing.

Search always returns its best few hits, however poor. A record counts only when it holds
every telling word of the question, in its own words or in others of the same meaning
(``thesaurus``, and word embeddings where they are cheap), or when it is close as a whole and
misses at most one of four or more telling words: "the cushions with the lobster print" is
not the cushions with the pineapple print, however near the two are as sentences.

A document counts when the embedding similarity of its best passage or sentence reaches the
calibrated floor (``evaluation/calibrate_relevance.py`` prints the figures), or nearly does and
shares the question's telling words (not a word every shop question has, like "policy",
"customer" or "days").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from awning_assistant.answering.planner.vocabulary import SHEET_ASKED
from awning_assistant.answering.quoting import TITLE_ASKED, pointed_answer, title_line
from awning_assistant.answering.text_terms import WORD, Similarity, covers, sentences, terms
from awning_assistant.answering.thesaurus import same_as
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.search_index import Hit

# Words too common in the shop's questions and documents to show what a question is about.
GENERIC = terms(
    "policy policies customer customers client order orders job jobs work shop business day days week "
    "weeks month time long much many get need needed take takes make give tell know want please "
    "awning awnings item items thing things our your have has had will would should could can "
    "charge charges cost costs price prices fee fees rate rates square foot feet per "
    "morning afternoon evening hello hey thanks thank thx cheers quick question sorry bother happen "
    "sec second minute name number extra tack there here "
    # how a relayed call is told: "lady's asking about", "guy calling about the one he dropped off"
    "about find lady guy woman gentleman fella someone somebody asking asked asks calling called says "
    "said line wants wanted looking check checking remember remind dropped drop brought whose which that "
    "what one ones been whats little big onto through like written done ready finished colored coloured "
    "color colour built style kind sort type featuring feature features shaped think point sometime "
    "remember recall maybe probably guess while awhile back ago earlier previously once "
    # where a feature sits on the item: "stitched across it", "drawn all over it"
    "across over along around upon onto throughout"
)


@dataclass(frozen=True)
class Thresholds:
    """Cosine similarities (of the configured embedding model) a best hit must reach."""

    record: float  # a record returned as "the best match" when it misses one of four or more telling words
    record_with_terms: float  # ... when it holds (or says in other words) every telling word
    document: float  # a document passage, on meaning alone
    document_with_term: float  # a document passage that also holds enough of the question's telling words
    document_with_most_terms: float  # ... or most of them
    sentence: float  # a document sentence, on meaning alone (when sentences can be compared)
    sentence_with_terms: float  # ... with enough of the telling words
    synonym: float = 0.55  # a record's word says a question's word in other words ("emblem" ~ "logo")
    coverage: float = 0.5  # enough
    most_coverage: float = 0.66  # most (two of three)


def telling_terms(question: str) -> set[str]:
    return set(telling_words(question).values())


def telling_words(question: str) -> dict[str, str]:
    """The question's telling words (as written, lower case) with their stems."""
    words = {w.removesuffix("'s").rstrip("'"): None for w in WORD.findall(question.lower().replace("-", " "))}
    stems = {w: next(iter(terms(w)), "") for w in words}
    return {w: t for w, t in stems.items() if len(w) >= 4 and t and t not in GENERIC and not t.isdigit()}


def missing_words(question: str, record: list[Chunk], floor: Thresholds, similarity: Similarity | None) -> list[str]:
    """The question's telling words a record neither holds nor says otherwise: with a word of the
    same meaning (``thesaurus``), or one the embeddings find close enough."""
    text = " ".join(f"{c.title} {c.text}" for c in record)
    held = terms(text)
    missing = [
        w
        for w, t in telling_words(question).items()
        if not (_mistyped(t, held) or any(covers(same, held) for same in same_as(t)))
    ]
    if not missing or similarity is None:
        return missing
    own = sorted({w for w in WORD.findall(text.lower().replace("-", " ")) if len(w) > 2 and not w.isdigit()})
    return [w for w in missing if max(similarity(w, own), default=0.0) < floor.synonym]


def coverage(question: str, passages: list[Chunk]) -> float:
    """The share of the question's telling words the passages hold, in their words or others of
    the same meaning ("holding" ~ "storage"), 1.0 when it has none."""
    telling = telling_terms(question)
    if not telling:
        return 1.0
    words = set().union(*(terms(p.text) | terms(p.title) for p in passages)) if passages else set()
    return sum(_mistyped(t, words) or any(covers(same, words) for same in same_as(t)) for t in telling) / len(telling)


# A code written on one record ("gate code 7422", "slip E-52"): it names that record exactly.
CODE = re.compile(r"(?<![\w-])(?:[a-z]{1,2}-\d{1,5}|\d{3,})(?![\w-])", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")


def codes(question: str, order_ids: list[str]) -> set[str]:
    """The codes of a question, other than order ids and years."""
    named = {o.split("-")[-1] for o in order_ids}
    return {c.lower() for c in CODE.findall(question) if c not in named and not YEAR.fullmatch(c)}


def _holds(chunk: Chunk, code: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", f"{chunk.title} {chunk.text}".lower()) is not None


def _mistyped(term: str, words: set[str]) -> bool:
    """One slip of the keyboard away from a word of the passages ("pikcup", "ordr")."""
    return len(term) >= 5 and any(
        abs(len(w) - len(term)) <= 1 and DamerauLevenshtein.distance(term, w) <= 1 for w in words
    )


POINTS_BACK = re.compile(r"\b(?:that|it|this|them|they|(?:this|that|such a) case)\b", re.IGNORECASE)


def _told(question: str) -> list[str]:
    """The sentences of a scenario told before a question that points back at it ("A cover has been sitting here
    for 95 days since we told them. What does our policy say about that?"): each compared on its own as well."""
    parts = sentences(question)
    if len(parts) < 2 or not POINTS_BACK.search(parts[-1]):
        return []
    return [p for p in parts[:-1] if len(p.split()) >= 6]


def _documents_answer(
    question: str,
    order_ids: list[str],
    documents: list[Chunk],
    best: float,
    floor: Thresholds,
    similarity: Similarity | None,
) -> bool:
    if any(o in d.record_id or o in d.text for o in order_ids for d in documents):
        return True  # the sheet of the very order the question names
    if any(_named_and_spoken_of(question, d) for d in documents):
        return True  # the document the question names, speaking of what it asks
    held = coverage(question, documents)
    if similarity is not None:  # a sentence that says it beats a passage that is about it
        texts = [s for d in documents for s in sentences(d.text)]
        closest = max((max(similarity(q, texts), default=0.0) for q in [question, *_told(question)]), default=0.0)
        return closest >= floor.sentence or (closest >= floor.sentence_with_terms and held >= floor.coverage)
    return (
        best >= floor.document
        or (best >= floor.document_with_term and held >= floor.coverage)
        or (best >= floor.document_with_most_terms and held >= floor.most_coverage)
    )


def _named_and_spoken_of(question: str, document: Chunk) -> bool:
    """The question names the document by a word of its file's name ("in the pdfkit document") and a sentence of it
    holds another of the question's telling words ("what value is given for Foo?": "Foo: bar"): however short the
    passage, and however far its meaning from the question's, it is the one asked about."""
    if not names_document(question, document):
        return False
    asked = terms(question) - GENERIC - NAMING_WORDS
    name = terms(document.record_id.rsplit(".", 1)[0])
    return any((asked - name) & terms(s) for s in sentences(document.text))


def names_document(question: str, document: Chunk) -> bool:
    """The question points at a document ("in the pdfkit document") by a word of its file's name (not an order's
    sheet: its id picks that)."""
    if not POINTED.search(question) or ORDER_SHEET.search(document.record_id):
        return False
    asked = terms(question) - GENERIC - NAMING_WORDS  # "Foo" and "ABC" are short, and telling all the same
    return bool(asked & (terms(document.record_id.rsplit(".", 1)[0]) - DOCUMENT_KINDS - NAMING_WORDS - GENERIC))


def titled(question: str, documents: list[Chunk]) -> list[Chunk]:
    """The opening passage of the document whose title the question asks for ("what's the heading of the
    LibreOffice form?"), when it names the document and the passage opens with a title line."""
    if not TITLE_ASKED.search(question):
        return []
    return [d for d in documents if d.chunk_id.endswith("#0") and names_document(question, d) and title_line(d.text)]


# A document pointed at as one ("in the pdfkit document", "the forms sample"), not a word of its name used as any
# word ("Wednesday's pickup run").
POINTED = re.compile(
    r"\b(?:document|doc|file|pdf|sheet|report|notice|policy|guide|list|manual|script|handbook|form|letter|memo|"
    r"brochure|paper|sample|example)s?\b",
    re.IGNORECASE,
)
# Words for a document and how it is pointed at ("the pdfkit document", "the forms sample"): no content of its own.
NAMING_WORDS = terms("document documents doc docs pdf file sample example form forms script list page pages")


# A document named by what it is about: the word or two before its kind ("our fleet vehicle policy").
NAMED_DOCUMENT = re.compile(
    r"\b((?:[a-z]+[ -]){1,2})(?:policy|policies|guide|manual|handbook|sop|procedures?|sheet|list|notice|memo|"
    r"document)\b"
)
DOCUMENT_KINDS = terms("work order repair cleaning price document")


def names_missing_document(question: str, documents: list[Chunk]) -> bool:
    """The question names a document by words that neither a document's name nor its passages hold ("what does
    our fleet vehicle policy say about ..."): no passage of another document answers for it."""
    named = NAMED_DOCUMENT.search(question.lower())
    if _another_year(question, documents):
        return True
    words = {t for t in terms(named[1]) if len(t) >= 4} - GENERIC - DOCUMENT_KINDS if named else set()
    if not words:
        return False
    held = set().union(*(terms(d.record_id.replace("-", " ")) | terms(d.text) for d in documents))
    return not any(_mistyped(w, held) or any(covers(same, held) for same in same_as(w)) for w in words)


YEAR_OF_DOCUMENT = re.compile(
    r"\b((?:19|20)\d\d)(?:'s)?\s+(?:[a-z]+[ -]){0,2}(?:policy|policies|guide|manual|handbook|sop|procedures?|sheet|"
    r"list|notice|memo|document|prices?|rates?|pricing|fees?|charges?)\b"
)


def _another_year(question: str, documents: list[Chunk]) -> bool:
    """A document of a year named ("our 2025 price list") when the documents found are of other years only
    ("price-list-2026.pdf"): the one asked for is not held, and this year's figures are no answer for it."""
    said = YEAR_OF_DOCUMENT.search(question.lower())
    years = {y for d in documents for y in re.findall(r"(?:19|20)\d\d", d.record_id)}
    return said is not None and bool(years) and said[1] not in years


def _record_answers(
    question: str, records: list[Chunk], best: float, floor: Thresholds, similarity: Similarity | None
) -> bool:
    """The best record is what the question describes: it holds every one of two or more telling
    words (in its words or in others), or it is close as a whole and misses one of four or more."""
    telling = telling_words(question)
    if len(telling) < 2 or best < floor.record_with_terms:  # one word ("rush") tells no record apart
        return best >= floor.record
    top = [c for c in records if c.record_id == records[0].record_id]
    missing = len(missing_words(question, top, floor, similarity))
    return missing == 0 or (missing == 1 and len(telling) >= 4 and best >= floor.record)


CONTENDERS = 3  # records near the top whose words are weighed, not only the first's


def _holding_first(
    question: str, hits: list[Hit], records: list[Hit], floor: Thresholds, similarity: Similarity | None
) -> list[Hit]:
    """The hits with the first of the top few records that holds every telling word moved to the first
    record's place: ranks this close ("checkered valance" under a storefront awning that shares "dropped
    off") say less than the words the record holds."""
    ids = list(dict.fromkeys(h.chunk.record_id for h in records))[:CONTENDERS]
    if len(ids) < 2 or len(telling_words(question)) < 2:
        return hits
    holding = next(
        (
            i
            for i in ids
            if not missing_words(question, [h.chunk for h in records if h.chunk.record_id == i], floor, similarity)
        ),
        ids[0],
    )
    if holding == ids[0]:
        return hits
    first = next(n for n, h in enumerate(hits) if h.chunk.record_id == ids[0])
    moved = [h for h in hits if h.chunk.record_id == holding]
    rest = [h for h in hits if h.chunk.record_id != holding]
    return rest[:first] + moved + rest[first:]


ORDER_SHEET = re.compile(r"\b(?:WO|RO)-\d+\b", re.IGNORECASE)
ASKS_FOR_A_PERSON = re.compile(
    r"\bwho(?:'s|se| is| was| did)?\b|\bwhich (?:tech|technician|employee|person|staff member|worker|guy)s?\b|"
    r"\bname of the (?:tech|technician|person|employee)\b",
    re.IGNORECASE,
)


def about_other_orders(chunk: Chunk, order_ids: list[str]) -> bool:
    """A passage named for other orders than the ones asked about (another order's sheet): no answer for them."""
    named = {i.upper() for i in ORDER_SHEET.findall(f"{chunk.record_id} {chunk.title}")}
    return bool(order_ids and named and not named & {i.upper() for i in order_ids})


def _about_the_orders_named(question: str, documents: list[Hit], order_ids: list[str]) -> list[Hit]:
    """A work-order sheet answers for its own order: when the question names none, the shop's
    other documents (policies, the price list) answer it, if any were found. Who worked on a named
    order only its own sheet can say: a policy names no one who did."""
    if order_ids and (ASKS_FOR_A_PERSON.search(question) or re.search(SHEET_ASKED, question, re.IGNORECASE)):
        return [h for h in documents if ORDER_SHEET.search(h.chunk.record_id)]  # and an order's sheet asked for
    if order_ids:
        return documents
    general = [h for h in documents if not ORDER_SHEET.search(h.chunk.record_id)]
    return general or documents


def answering(
    question: str,
    order_ids: list[str],
    hits: list[Hit],
    similarity: dict[str, float],
    floor: Thresholds,
    sentence_similarity: Similarity | None = None,
) -> list[Hit]:
    """The hits that answer the question (its documents, its records or both: those close enough),
    in the search's order; none when nothing is. A question that names a code keeps only the
    records that carry it, one that names orders nothing named for other orders, and one that names no order
    no order's own sheet beside other documents."""
    hits = [h for h in hits if not about_other_orders(h.chunk, order_ids)]
    documents = _about_the_orders_named(
        question, [h for h in hits if h.chunk.record_type is RecordType.document], order_ids
    )
    records = [h for h in hits if h.chunk.record_type is not RecordType.document]
    titles = {d.chunk_id for d in titled(question, [h.chunk for h in documents])}
    if pointed := [h for h in documents if pointed_answer(question, h.chunk.text) or h.chunk.chunk_id in titles]:
        return pointed  # the words it quotes, the part or the title it names, as written: nothing near them competes
    documents = [h for h in documents if _named_and_spoken_of(question, h.chunk)] or documents  # "the pdfkit doc"
    documents_ok = (
        bool(documents)
        and not names_missing_document(question, [h.chunk for h in documents])
        and _documents_answer(
            question,
            order_ids,
            [h.chunk for h in documents[:3]],
            similarity.get("document", 0.0),
            floor,
            sentence_similarity,
        )
    )
    wanted = codes(question, order_ids)
    if wanted:  # the records that carry the question's codes, or none: a record without them isn't it
        records = [h for h in records if all(_holds(h.chunk, c) for c in wanted)]
    else:
        hits = _holding_first(question, hits, records, floor, sentence_similarity)
        records = [h for h in hits if h.chunk.record_type is not RecordType.document]
    records_ok = bool(records) and (
        bool(wanted)
        or _record_answers(
            question, [h.chunk for h in records], similarity.get("record", 0.0), floor, sentence_similarity
        )
    )
    kept = {id(h) for h in (documents if documents_ok else []) + (records if records_ok else [])}
    answers = [h for h in hits if id(h) in kept]  # in the search's order
    return by_closest_sentence(question, order_ids, answers, sentence_similarity)


def by_closest_sentence(
    question: str, order_ids: list[str], hits: list[Hit], similarity: Similarity | None
) -> list[Hit]:
    """The document passages reordered: the named order's own sheet first, then by how close their
    closest sentence is to the question (the price list's "Cleaning - Acrylic Canvas ... $2.05"
    before the procedure that mentions acrylic more often), each in a document's place among the
    records; as found without sentence embeddings."""
    slots = [i for i, h in enumerate(hits) if h.chunk.record_type is RecordType.document]
    if similarity is None or len(slots) < 2:
        return hits
    closest = {i: max(similarity(question, sentences(hits[i].chunk.text)), default=0.0) for i in slots}
    own = {i: any(o in hits[i].chunk.record_id for o in order_ids) for i in slots}
    ordered = sorted(slots, key=lambda i: (not own[i], -closest[i]))
    placed = list(hits)
    for slot, i in zip(slots, ordered, strict=True):
        placed[slot] = hits[i]
    return placed
