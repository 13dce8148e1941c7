"""The words of a question, a sentence or a passage, as answers are matched on them: lower
case, crudely stemmed ("cleaned" ~ "cleaning"), without function words; a short form counts
for its longer one ("tech" ~ "technician"). And a document's text as sentences, each with the
heading it sits under."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet

# Small numbers said in words ("two business days", "nine days from today", "a three-year warranty").
NUMBER_NAMES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
}

Similarity = Callable[[str, list[str]], list[float]]  # question, texts -> cosine similarities (embeddings)

WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
STOP = frozenset(
    "the a an of to and or for in on at is are was were be what how do does we our us it this that "
    "with by from as any can should must which who when where there their it's its".split()
)


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text.lower().replace("-", " ")) if w not in STOP}


def covers(term: str, words: AbstractSet[str]) -> bool:
    """A question word is among ``words``, a short form counting for its longer one ("tech")."""
    return term in words or (
        len(term) >= 4 and any(w.startswith(term) or (len(w) >= 4 and term.startswith(w)) for w in words)
    )


TABLE_CELLS = " · "  # a table row's cells, as the document reader writes them: a row is a unit of its own


# Words whose period ends no sentence ("Kit No. SK-107", "the U.S. and Canada", "Mr. Hale").
ABBREVIATIONS = frozenset(
    "no nos mr mrs ms dr st inc co corp ltd jr sr vs etc fig figs vol pp approx dept est "
    "ext govt jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e".split()
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$])")
WRAPPED = 8  # a line of this many words or more ran to the margin: the next line continues it
LIST_ITEM = re.compile(r"[-•*▪◦]\s|\(?[0-9a-z]{1,2}[.)]\s")


def _abbreviated(text: str) -> bool:
    """The text ends with an abbreviation's or an initial's period ("Kit No.", "J.")."""
    last = text.rsplit(None, 1)[-1].lower().strip("(").rstrip(".") if text.strip() else ""
    return text.endswith(".") and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()))


def split_sentences(text: str) -> list[str]:
    """Sentences: a period after an abbreviation or an initial ends none."""
    out: list[str] = []
    for part in SENTENCE_END.split(text):
        if out and _abbreviated(out[-1]):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


# A line ending in an article, preposition, conjunction or the like stops mid-phrase: neither a
# heading nor a sentence ends so, whatever the next line starts with ("comments on this" / "AD action").
OPEN_END = re.compile(
    r"\b(?:a|an|the|this|that|these|those|of|on|in|at|to|by|for|from|with|and|or|but|as|is|"
    r"are|was|were|be|its|their|our|your)$",
    re.IGNORECASE,
)


# A form's labelled field ("Technician: Kavya Patel", "Date required: 2026-11-27"); a line of a
# filled-in form may hold several, each its own answer.
FIELD = r"[A-Z][A-Za-z/&'-]*(?: [a-z][a-z/&'-]*){0,2}: "
FIELD_START = re.compile(FIELD)
NEXT_FIELD = re.compile(rf"(?<=\S) (?={FIELD})")


def fields(line: str) -> list[str]:
    """A line of labelled fields as one piece per field; any other line (a table's row too) whole."""
    return NEXT_FIELD.split(line) if FIELD_START.match(line) and TABLE_CELLS not in line else [line]


def _continues(before: str, line: str) -> bool:
    """A line wrapped mid-sentence: after an abbreviation's period ("Kit No."), or after a line without
    an end mark when it starts in lower case, the line before ran to the margin or stops mid-phrase,
    or it is an amount after a sentence's start; never a table row, a list item or a labelled field."""
    if TABLE_CELLS in before + line or LIST_ITEM.match(line) or FIELD_START.match(line):
        return False
    if re.search(r"[.!?:;]$", before):
        return _abbreviated(before)
    words = len(before.split())
    return bool(
        re.match(r"[a-z]", line)
        or words >= WRAPPED
        or OPEN_END.search(before)
        or (re.match(r"[($\d]", line) and words > 3)
    )


def _lines(text: str) -> list[str]:
    """The text's lines, a line wrapped mid-sentence joined again (even after one word: "Zipper" /
    "replacements are warranted ..."), never across a blank line (a paragraph's end) and never a
    table row."""
    merged: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        start = len(merged)
        for line in (ln.strip() for ln in paragraph.splitlines() if ln.strip()):
            if len(merged) > start and _continues(merged[-1], line):
                merged[-1] += " " + line
            else:
                merged.append(line)
    return merged


def placed_sections(text: str) -> list[tuple[int, str, str]]:
    """(line, heading, sentence) of extracted text: each sentence with the number of the (joined)
    line it is on, and the short heading line above it ("Sunbrella and acrylic canvas")."""
    out: list[tuple[int, str, str]] = []
    heading = ""
    for n, line in enumerate(_lines(text)):
        title = re.sub(r"^\d{1,2}[.)]\s+", "", line)  # a numbered section: "3. Washing"
        if len(title.split()) <= 8 and not re.search(r"[.!?:;\d$]", title):
            heading = title
        out += [(n, heading, p.strip()) for field in fields(line) for p in split_sentences(field) if len(p.strip()) > 3]
    return out


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, sentence) pairs of extracted text (``placed_sections`` without the line)."""
    return [(heading, sentence) for _, heading, sentence in placed_sections(text)]


def sentences(text: str) -> list[str]:
    return [sentence for _, sentence in sections(text)]
