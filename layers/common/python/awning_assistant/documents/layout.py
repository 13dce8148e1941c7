"""A PDF page's text in reading order, from pdfplumber's words and ruled tables.

- A table becomes one line per row, each cell named by its column's header ("Service: Zipper
  replacement · Unit: each · Price: $38.00"): a row is one retrievable, quotable unit. A row whose
  cells all hold the same number of lines is that many rows; words in the table's area but in no
  cell are kept as text.
- Text in columns is read column by column: white gutters that lines of several words on every
  side leave empty split the page (a title or table across them is read where it stands); a form
  of short labels and values is not split.
- A blank line separates paragraphs, columns and tables, so chunks and quotes break there.
- A turned page (rotated, or text running vertically) is left to the caller: pdfplumber reads
  its characters in the wrong order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Any, NamedTuple

from pdfplumber.utils import cluster_objects, extract_text

from awning_assistant.answering.text_terms import TABLE_CELLS

if TYPE_CHECKING:
    from pdfplumber.page import Page as PdfPage
    from pdfplumber.table import Table

X_TOLERANCE = 1.5  # points between letters of one word (pdfplumber's 3 runs tightly set words together)
LOOSE_X_TOLERANCE = 3.0
LETTER_SPACED = 0.25  # more single letters than this share of the words: the text is letter-spaced
LINE_TOLERANCE = 3.0  # points: words whose tops differ less sit on one line
MIN_GUTTER = 8.0  # points of white between two columns
MIN_COLUMN_LINES = 3
MIN_COLUMN_WORDS = 3.5  # a column's lines average this many words: label/value forms are not columns
MAX_COLUMNS = 4
PARAGRAPH_GAP = 0.8  # of a line's height: more white than this above a line starts a paragraph
MONEY_OR_SHARE = re.compile(r"[$€£%]")
COUNT = re.compile(r"(?!(?:19|20)\d\d$)[\d,.\s-]+")  # a number (not a year): a data row, not headers
FULL = -1  # a block across the columns

Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom
Char = dict[str, Any]  # pdfplumber's character: the same, and its font, colours, ...
Box = tuple[float, float, float, float]
Gutter = tuple[float, float]


class Block(NamedTuple):
    """A line (or a line's part in one column) or a table, where it sits on the page."""

    top: float
    bottom: float
    column: int  # FULL, or the column's index from the left
    text: str
    table: bool = False


def is_turned(page: PdfPage) -> bool:
    """Rotated, or mostly vertical text: read some other way."""
    chars = page.chars
    return bool(page.rotation) or sum(not c.get("upright", True) for c in chars) * 2 > len(chars)


class LaidOut(NamedTuple):
    text: str
    header: list[str] | None  # the headers of the page's last table, for a next page that continues it


def page_text(page: PdfPage, carried: list[str] | None = None) -> LaidOut:
    """The page's text: tables as rows, columns in reading order, paragraphs apart. ``carried`` is the
    header row of the table the page before ended with: a first table here without one of its own and as
    many columns continues it, and its cells are named by those headers."""
    tables = sorted(page.find_tables() if page.rects or page.lines else [], key=lambda t: t.bbox[1])
    tolerance, found = _words(page)
    words = [w for w in found if not any(_inside(w, t.bbox) and any(_inside(w, c) for c in t.cells) for t in tables)]
    lines = [sorted(line, key=lambda w: w["x0"]) for line in cluster_objects(words, "top", LINE_TOLERANCE)]
    gutters = _gutters(lines)
    blocks = [block for line in lines for block in _line_blocks(line, gutters)]
    header = None  # a page without tables ends none
    for n, table in enumerate(tables):
        cells = _extract(table, tolerance)
        block = _table_block(table, gutters, table_rows(cells, carried if n == 0 else None))
        if block.text:
            blocks.append(block)
        header = table_header(cells) or (carried if n == 0 and _continues(cells, carried) else None)
    return LaidOut(_read(blocks), header)


def _words(page: PdfPage) -> tuple[float, list[Word]]:
    """The page's words, and the gap between letters that made them: a tight one keeps tightly set words
    apart, unless it breaks letter-spaced text into letters ("A m e r i c an"), where pdfplumber's own is kept."""
    words = page.extract_words(x_tolerance=X_TOLERANCE)
    letters = sum(len(w["text"]) == 1 and w["text"].isalpha() for w in words)
    if letters > LETTER_SPACED * len(words):
        return LOOSE_X_TOLERANCE, page.extract_words(x_tolerance=LOOSE_X_TOLERANCE)
    return X_TOLERANCE, words


def _inside(word: Word, box: Box) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _gutters(lines: list[list[Word]]) -> list[Gutter]:
    """The white strips between columns, if the page has columns: each column must hold lines of
    several words (the narrowest strip is dropped until they all do)."""
    runs = sorted(_white_strips(lines), key=lambda g: g[1] - g[0], reverse=True)[: MAX_COLUMNS - 1]
    while runs:
        gutters = sorted(runs)
        if all(_column(part) for part in _columns(lines, gutters)):
            return gutters
        runs = runs[:-1]
    return []


def _white_strips(lines: list[list[Word]]) -> list[Gutter]:
    """Vertical strips inside the text's width (margins aside) crossed by the fewest lines (titles, at most)."""
    if len(lines) < MIN_COLUMN_LINES:
        return []
    left, right = min(w["x0"] for line in lines for w in line), max(w["x1"] for line in lines for w in line)
    lo, hi = int(left + (right - left) * 0.1), int(right - (right - left) * 0.1)
    if hi - lo < MIN_GUTTER:
        return []
    crossing = [0] * (hi - lo)
    for line in lines:
        for x in {x for w in line for x in range(max(lo, int(w["x0"])), min(hi, int(w["x1"]) + 1))}:
            crossing[x - lo] += 1
    allowed = min(crossing) + max(1, len(lines) // 12)  # titles and a stray line may cross a real gutter
    strips, start = [], None
    for i, count in enumerate([*crossing, len(lines) + 2]):
        if count <= allowed and start is None:
            start = i
        elif count > allowed and start is not None:
            if i - start >= MIN_GUTTER:
                strips.append((float(lo + start), float(lo + i)))
            start = None
    return strips


def _columns(lines: list[list[Word]], gutters: list[Gutter]) -> list[list[list[Word]]]:
    """Each column's line parts (lines across a gutter left out)."""
    parts: list[list[list[Word]]] = [[] for _ in range(len(gutters) + 1)]
    for line in lines:
        if not _crosses(line, gutters):
            for index in range(len(parts)):
                parts[index].append([w for w in line if _column_of(w["x0"], gutters) == index])
    return parts


def _column(parts: list[list[Word]]) -> bool:
    parts = [p for p in parts if p]
    return len(parts) >= MIN_COLUMN_LINES and sum(map(len, parts)) / len(parts) >= MIN_COLUMN_WORDS


def _column_of(x0: float, gutters: list[Gutter]) -> int:
    return sum(x0 >= (g[0] + g[1]) / 2 for g in gutters)


def _crosses(words: list[Word], gutters: list[Gutter]) -> bool:
    """A word over a gutter's middle (a title across the columns); one that only reaches into it is a
    column's own, set a little wide."""
    return any(w["x0"] < (g[0] + g[1]) / 2 < w["x1"] for w in words for g in gutters)


def _line_blocks(line: list[Word], gutters: list[Gutter]) -> list[Block]:
    if not gutters or _crosses(line, gutters):
        return [_block(line, FULL)]
    columns: dict[int, list[Word]] = {}
    for word in line:
        columns.setdefault(_column_of(word["x0"], gutters), []).append(word)
    return [_block(words, index) for index, words in sorted(columns.items())]


def _block(words: list[Word], column: int) -> Block:
    return Block(
        min(w["top"] for w in words), max(w["bottom"] for w in words), column, " ".join(w["text"] for w in words)
    )


def _table_block(table: Table, gutters: list[Gutter], text: str) -> Block:
    x0, top, x1, bottom = table.bbox
    inside = not any(x0 < (g[0] + g[1]) / 2 < x1 for g in gutters)
    column = _column_of(x0, gutters) if gutters and inside else FULL
    return Block(top, bottom, column, text, table=True)


def _extract(table: Table, tolerance: float) -> list[list[str | None]]:
    """``table.extract(x_tolerance=tolerance)``, each row's characters found by bisecting the page's
    characters sorted by height rather than testing every character against every row."""
    chars = table.page.chars
    middles = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(chars))
    heights = [middle for middle, _ in middles]
    cells: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        span = sorted(i for _, i in middles[bisect_left(heights, top) : bisect_left(heights, bottom)])
        in_row = [chars[i] for i in span if x0 <= (chars[i]["x0"] + chars[i]["x1"]) / 2 < x1]
        cells.append([None if cell is None else _cell_text(in_row, cell, tolerance) for cell in row.cells])
    return cells


def _cell_text(chars: list[Char], cell: Box, tolerance: float) -> str:
    """The text of the characters whose middle is in ``cell``, as pdfplumber's ``Table.extract`` reads it."""
    x0, top, x1, bottom = cell
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom]
    return extract_text(inside, x_tolerance=tolerance) if inside else ""


def table_rows(cells: list[list[str | None]], carried: list[str] | None = None) -> str:
    """One line per row; when the first row reads as headers (two or more cells, every one filled,
    words, not amounts or counts: a table continued from the page before has none), each later
    cell is named by its header, and so is each cell of a continued table by ``carried``."""
    rows = _rows(cells)
    head = table_header(cells)
    if head:
        rows = rows[1:]
    elif _continues(cells, carried):
        head = carried
    if head:
        return "\n".join(TABLE_CELLS.join(f"{h}: {v}" for h, v in zip(head, row, strict=False) if v) for row in rows)
    return "\n".join(TABLE_CELLS.join(c for c in row if c) for row in rows)


def table_header(cells: list[list[str | None]]) -> list[str] | None:
    """The table's header row: its first row, when that reads as headers."""
    rows = _rows(cells)
    head = rows[0] if rows else []
    if (
        len(rows) > 1
        and len(head) > 1
        and all(head)
        and not any(MONEY_OR_SHARE.search(c) or COUNT.fullmatch(c) for c in head)
    ):
        return head
    return None


def _continues(cells: list[list[str | None]], carried: list[str] | None) -> bool:
    """A table without headers of its own, as wide as the table the page before ended with."""
    rows = _rows(cells)
    return bool(carried and rows and table_header(cells) is None and all(len(r) == len(carried) for r in rows))


def _rows(cells: list[list[str | None]]) -> list[list[str]]:
    rows = [line for row in cells for line in _split_row([(c or "").strip() for c in row])]
    return [row for row in rows if any(row)]


def _split_row(row: list[str]) -> list[list[str]]:
    """A row whose filled cells all hold the same number of lines is that many rows (a ruled table
    without lines between its rows); otherwise each cell's lines are joined."""
    lines = [c.split("\n") for c in row]
    counts = {len(c) for c, text in zip(lines, row, strict=True) if text}
    if len(counts) == 1 and (n := counts.pop()) > 1:
        return [[c[i].strip() if len(c) == n else "" for c in lines] for i in range(n)]
    return [[" ".join(c.split()) for c in row]]


def _read(blocks: list[Block]) -> str:
    """Blocks in reading order: top to bottom, and where the page has columns, each run of
    column blocks between full-width ones column by column, left to right."""
    ordered: list[Block] = []
    pending: list[Block] = []

    def flush() -> None:
        ordered.extend(sorted(pending, key=lambda b: (b.column, b.top)))
        pending.clear()

    for block in sorted(blocks):
        if block.column == FULL:
            flush()
            ordered.append(block)
        else:
            pending.append(block)
    flush()
    out: list[str] = []
    for before, block in zip([None, *ordered], ordered, strict=False):
        if before is not None and (
            block.table
            or before.table
            or block.column != before.column
            or block.top - before.bottom > PARAGRAPH_GAP * (before.bottom - before.top)
        ):
            out.append("")
        out.append(block.text)
    return "\n".join(out)
