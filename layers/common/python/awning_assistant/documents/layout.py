"""A PDF page's text in reading order, from pdfplumber's words and ruled tables.

- A table becomes one line per row, each cell named by its column's header ("Service: Zipper
  replacement · Unit: each · Price: $38.00"): a row is one retrievable, quotable unit.
- Two-column text is read column by column: a vertical gutter that lines of several words on
  both sides leave white splits the page (a title or table across it is read where it stands);
  a form of short labels and values is not split.
- A blank line separates paragraphs, columns and tables, so chunks and quotes break there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pdfplumber.utils import cluster_objects

from ..text_terms import TABLE_CELLS

if TYPE_CHECKING:
    from pdfplumber.page import Page as PdfPage
    from pdfplumber.table import Table


LINE_TOLERANCE = 3.0  # points: words whose tops differ less sit on one line
MIN_GUTTER = 8.0  # points of white between two columns
MIN_COLUMN_LINES = 3
MIN_COLUMN_WORDS = 3.5  # a column's lines average this many words: label/value forms are not columns
PARAGRAPH_GAP = 0.8  # of a line's height: more white than this above a line starts a paragraph
MONEY_OR_SHARE = re.compile(r"[$€£%]")

Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom
Side = Literal["full", "left", "right"]


class Block(NamedTuple):
    """A line (or a line's part in one column) or a table, where it sits on the page."""

    top: float
    bottom: float
    side: Side
    text: str
    table: bool = False


def page_text(page: PdfPage) -> str:
    """The page's text: tables as rows, columns in reading order, paragraphs apart."""
    tables = page.find_tables() if page.rects or page.lines else []
    boxes = [t.bbox for t in tables]
    words = [w for w in page.extract_words() if not any(_inside(w, box) for box in boxes)]
    lines = [sorted(line, key=lambda w: w["x0"]) for line in cluster_objects(words, "top", LINE_TOLERANCE)]
    gutter = _gutter(lines, float(page.width))
    blocks = [block for line in lines for block in _line_blocks(line, gutter)]
    blocks += [b for b in (_table_block(t, gutter) for t in tables) if b.text]
    return _read(blocks)


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _gutter(lines: list[list[Word]], width: float) -> tuple[float, float] | None:
    """The white strip between two columns, if the page has two: in the middle of the page,
    crossed by the fewest lines (titles, at most), with lines of several words on each side."""
    lo, hi = int(width * 0.3), int(width * 0.7)
    if len(lines) < MIN_COLUMN_LINES or hi <= lo:
        return None
    crossing = [0] * (hi - lo)
    for line in lines:
        for x in {x for w in line for x in range(max(lo, int(w["x0"])), min(hi, int(w["x1"]) + 1))}:
            crossing[x - lo] += 1
    least = min(crossing)
    best, start = (0, 0), None
    for i, count in enumerate([*crossing, len(lines) + 2]):  # the widest run crossed by the fewest lines
        if count <= least + 1 and start is None:
            start = i
        elif count > least + 1 and start is not None:
            best, start = max(best, (start, i), key=lambda r: r[1] - r[0]), None
    gutter = (float(lo + best[0]), float(lo + best[1]))
    if gutter[1] - gutter[0] < MIN_GUTTER:
        return None
    left = [[w for w in line if w["x1"] <= gutter[0]] for line in lines if not _crosses(line, gutter)]
    right = [[w for w in line if w["x0"] >= gutter[1]] for line in lines if not _crosses(line, gutter)]
    return gutter if _column(left) and _column(right) else None


def _column(parts: list[list[Word]]) -> bool:
    parts = [p for p in parts if p]
    return len(parts) >= MIN_COLUMN_LINES and sum(map(len, parts)) / len(parts) >= MIN_COLUMN_WORDS


def _crosses(words: list[Word], gutter: tuple[float, float]) -> bool:
    return any(w["x0"] < gutter[1] and w["x1"] > gutter[0] for w in words)


def _line_blocks(line: list[Word], gutter: tuple[float, float] | None) -> list[Block]:
    if gutter is None or _crosses(line, gutter):
        return [_block(line, "full")]
    left = [w for w in line if w["x1"] <= gutter[0]]
    right = [w for w in line if w["x0"] >= gutter[1]]
    return [_block(part, side) for part, side in ((left, "left"), (right, "right")) if part]


def _block(words: list[Word], side: Side) -> Block:
    return Block(min(w["top"] for w in words), max(w["bottom"] for w in words), side,
                 " ".join(w["text"] for w in words))


def _table_block(table: Table, gutter: tuple[float, float] | None) -> Block:
    x0, top, x1, bottom = table.bbox
    side: Side = "full"
    if gutter is not None and x1 <= gutter[0]:
        side = "left"
    elif gutter is not None and x0 >= gutter[1]:
        side = "right"
    return Block(top, bottom, side, table_rows(table.extract()), table=True)


def table_rows(cells: list[list[str | None]]) -> str:
    """One line per row; when the first row reads as headers (every cell filled, words not
    amounts), each later cell is named by its header."""
    rows = [[" ".join((c or "").split()) for c in row] for row in cells]
    rows = [row for row in rows if any(row)]
    if len(rows) > 1 and all(rows[0]) and not any(MONEY_OR_SHARE.search(c) for c in rows[0]):
        head = rows[0]
        return "\n".join(TABLE_CELLS.join(f"{h}: {v}" for h, v in zip(head, row, strict=False) if v)
                         for row in rows[1:])
    return "\n".join(TABLE_CELLS.join(c for c in row if c) for row in rows)


def _read(blocks: list[Block]) -> str:
    """Blocks in reading order: top to bottom, and where the page has two columns, each run of
    column blocks between full-width ones as the left column, then the right."""
    ordered: list[Block] = []
    columns: dict[Side, list[Block]] = {"left": [], "right": []}

    def flush() -> None:
        for side in ("left", "right"):
            ordered.extend(sorted(columns[side]))
            columns[side] = []

    for block in sorted(blocks):
        if block.side == "full":
            flush()
            ordered.append(block)
        else:
            columns[block.side].append(block)
    flush()
    out: list[str] = []
    for before, block in zip([None, *ordered], ordered, strict=False):
        if before is not None and (block.table or before.table or block.side != before.side or
                                   block.top - before.bottom > PARAGRAPH_GAP * (before.bottom - before.top)):
            out.append("")
        out.append(block.text)
    return "\n".join(out)
