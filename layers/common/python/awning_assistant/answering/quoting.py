"""A question that quotes a document's own words, or names one of its numbered parts.

"What comes after 'Maecenas imperdiet lacinia velit.'?" and "what does Abbildung 3.6 show?" point
at one place of a text exactly: the quoted words as written, or the caption or statement that
begins with the label. Similarity would pick a sentence near in meaning; these are found as
written, or not at all.
"""

from __future__ import annotations

import re

from awning_assistant.answering.text_terms import terms

# Words quoted in the question: at least three of them, in double quotes, typographic quotes or single quotes.
QUOTED = re.compile(r"[\"“„]([^\"“”„]+?)[\"”“]|(?<!\w)'([^']+?)'(?!\w)")
MIN_QUOTED_WORDS = 3
MIN_REST_WORDS = 3  # a quote's sentence answers only with words of its own beside the quote (not a bare title)
AFTER = re.compile(r"\b(?:after|follows?|following|next)\b", re.IGNORECASE)
BEFORE = re.compile(r"\b(?:before|precedes?|preceding|prior to)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# The names of a text's numbered parts, each with its other names (German texts' own among them).
LABEL_NAMES = (
    "figure fig abbildung abb",
    "theorem satz",
    "table tabelle tab",
    "section abschnitt",
    "chapter kapitel",
    "definition def",
    "lemma",
    "example beispiel bsp",
    "corollary korollar folgerung",
    "remark bemerkung",
    "equation gleichung",
)
_LABEL_OF = {name: group.split() for group in LABEL_NAMES for name in group.split()}
LABEL_ASKED = re.compile(rf"\b({'|'.join(_LABEL_OF)})\.?\s+(\d+(?:\.\d+)*)(?![.\d]*\d)", re.IGNORECASE)


def _flat(text: str) -> str:
    """The text on one line: single spaces, words split at a line's end joined again ("Prae- sent")."""
    return " ".join(re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text).split())


def quoted_spans(question: str) -> list[str]:
    """The question's quoted words of three or more, on one line."""
    spans = (" ".join((a or b).split()) for a, b in QUOTED.findall(question))
    return [s for s in spans if len(s.split()) >= MIN_QUOTED_WORDS]


def quoted_answer(question: str, text: str) -> str | None:
    """What ``text`` says at the words the question quotes: the sentence after them when it asks what follows,
    the one before when it asks what precedes, else the sentence they stand in when it says more than them; None
    when the text doesn't hold them as written."""
    flat = _flat(text)
    for span in quoted_spans(question):
        start = flat.lower().find(span.lower())
        if start < 0:
            continue
        end = start + len(span)
        if AFTER.search(question):
            following = SENTENCE_END.split(flat[end:].strip(), maxsplit=1)[0]
            return f"{span} {following}".strip() if following else None
        if BEFORE.search(question):
            before = [s for s in SENTENCE_END.split(flat[:start].strip()) if s]
            return f"{before[-1]} {span}" if before else None
        sentence = _holding(span, text) or _holding(span, flat)
        if sentence and len(sentence.split()) >= len(span.split()) + MIN_REST_WORDS:  # the rest of it says something
            return sentence
    return None


def _holding(span: str, text: str) -> str | None:
    """The sentence or line of ``text`` (a title, a caption: a line that ends without a stop) that holds ``span``."""
    pieces = (_flat(p) for p in re.split(r"(?<=[.!?])\s+|\n(?=\s*[A-ZÄÖÜ0-9])", text))
    return next((p for p in pieces if span.lower() in p.lower()), None)


def labelled_answer(question: str, text: str) -> str | None:
    """The line of ``text`` that begins the numbered part the question names ("Satz 4.6 (Strahlensatz) ...",
    "Abbildung 3.6: Sternförmiges Gebiet"), in any of the label's names; None when no line begins with it (a
    mention elsewhere, "siehe Abbildung 3.11", is not the part itself)."""
    for name, number in LABEL_ASKED.findall(question):
        names = "|".join(_LABEL_OF[name.lower()])
        begins = re.compile(rf"^\s*(?:{names})\.?\s+{re.escape(number)}(?![.\d]*\d)\b.*$", re.IGNORECASE | re.MULTILINE)
        if found := begins.search(text):
            return " ".join(found[0].split())
    return None


CELLS = re.compile(r"\s+·\s+")
ICONS = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")  # private-use glyphs (a flag, an icon) beside a name


def _tables(text: str) -> list[list[list[str]]]:
    """The tables of ``text`` stored a row a line, cells between " · ", whose cells are bare values (a row of
    "Service: ... · Price: ..." names its own columns and is quoted whole instead)."""
    blocks: list[list[list[str]]] = [[]]
    for line in text.splitlines():
        cells = [" ".join(ICONS.sub("", c).split()) for c in CELLS.split(line.strip())]
        if len(cells) > 1 and not any(re.match(r"[^:]{1,40}:\s", c) for c in cells):
            blocks[-1].append(cells)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if len(b) > 2]


def table_cell(question: str, text: str) -> str | None:
    """The one cell of a table whose row label and column header the question both names ("which currency does the
    table list for Indonesia": row "Currency", column "Indonesia"), with both; None when no single cell is named. A
    row with fewer cells than the header has merged ones, which can't be told apart, so it names none."""
    asked = terms(question)
    for header, *rows in _tables(text):
        picks = [
            f"{head} — {row[0]}: {row[k]}"
            for row in rows
            if len(row) == len(header) + 1 and terms(row[0]) and terms(row[0]) <= asked
            for k, head in enumerate(header, 1)
            if terms(head) and terms(head) <= asked
        ]
        if len(picks) == 1:
            return picks[0]
    return None


TITLE_ASKED = re.compile(r"\b(?:title|heading|headline)\b", re.IGNORECASE)
# A letterhead's line ("Suncoast Awning Care | 1622 Industrial Park Dr | (727) 555-7914"): the sender, no title.
LETTERHEAD = re.compile(r"\s\|\s|\(\d{3}\)\s?\d{3}-\d{4}")
MAX_TITLE_WORDS = 15


def title_line(text: str) -> str | None:
    """The title a document's opening passage begins with: its first line of words that is no letterhead."""
    for line in text.splitlines():
        words = line.split()
        if words and re.search(r"[^\W\d_]", line) and not LETTERHEAD.search(line):
            return " ".join(words) if len(words) <= MAX_TITLE_WORDS else None
    return None


def pointed_answer(question: str, text: str) -> str | None:
    """What ``text`` says where the question points: at words it quotes, a numbered part or a table's cell it
    names."""
    return quoted_answer(question, text) or labelled_answer(question, text) or table_cell(question, text)


def pointed_words(question: str) -> str:
    """The words a question points with (its quotes, its labels with their numbers), for a search of them alone."""
    return " ".join(quoted_spans(question) + [f"{name} {number}" for name, number in LABEL_ASKED.findall(question)])
