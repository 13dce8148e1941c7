"""The words of a question, a sentence or a passage, as answers are matched on them: lower
case, crudely stemmed ("cleaned" ~ "cleaning"), without function words; a short form counts
for its longer one ("tech" ~ "technician"). And a document's text as sentences, each with the
heading it sits under."""

from __future__ import annotations

import re
from collections.abc import Callable

Similarity = Callable[[str, list[str]], list[float]]  # question, texts -> cosine similarities (embeddings)

WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
STOP = frozenset("the a an of to and or for in on at is are was were be what how do does we our us it this that "
                 "with by from as any can should must which who when where there their it's its".split())


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text.lower().replace("-", " ")) if w not in STOP}


def covers(term: str, words: set[str]) -> bool:
    """A question word is among ``words``, a short form counting for its longer one ("tech")."""
    return term in words or (len(term) >= 4 and any(w.startswith(term) or (len(w) >= 4 and term.startswith(w))
                                                    for w in words))


TABLE_CELLS = " · "  # a table row's cells, as the document reader writes them: a row is a unit of its own


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, sentence) pairs of extracted text: a line wrapped mid-sentence is joined again
    (even after one word: "Zipper" / "replacements are warranted ..."), a table row never is,
    and each sentence keeps the short heading line above it ("Sunbrella and acrylic canvas")."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    merged: list[str] = []
    for line in lines:
        if merged and not re.search(r"[.!?:;]$", merged[-1]) and TABLE_CELLS not in merged[-1] + line and (
                re.match(r"[a-z]", line) or (re.match(r"[($\d]", line) and len(merged[-1].split()) > 3)):
            merged[-1] += " " + line
        else:
            merged.append(line)
    out: list[tuple[str, str]] = []
    heading = ""
    for line in merged:
        title = re.sub(r"^\d{1,2}[.)]\s+", "", line)  # a numbered section: "3. Washing"
        if len(title.split()) <= 8 and not re.search(r"[.!?:;\d$]", title):
            heading = title
        out += [(heading, p.strip()) for p in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9$])", line) if len(p.strip()) > 3]
    return out


def sentences(text: str) -> list[str]:
    return [sentence for _, sentence in sections(text)]
