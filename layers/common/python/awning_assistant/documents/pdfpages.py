"""pdfplumber pages whose characters become dicts as pdfminer draws them.

pdfplumber has pdfminer make an ``LTChar`` of every character, then turns each into a dict through
generic code (every attribute resolved recursively, the colour space decoded letter by letter): on a
page of text that was three quarters of reading it. ``FastPage``'s device makes the same dict (same
keys, same values: the box as ``LTChar`` computes it, the rest as ``Page.process_object`` does) when
the character is drawn; lines, rects and images still go through pdfplumber's own code. It mirrors
pdfplumber 0.11.10 and pdfminer.six 20260107 (pinned in ``functions/indexer/requirements.txt``):
compare ``FastPage(...).objects`` with ``Page(...).objects`` when upgrading either.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.utils import Matrix, apply_matrix_rect
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes, normalize_unicode
from pdfplumber.pdf import PDF
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.exceptions import PdfminerException

SCALARS = frozenset({float, int, str, bool, type(None)})
Objects = dict[str, list[dict[str, Any]]]


class FastPage(Page):
    """A pdfplumber page whose ``objects`` (``chars``, ``rects``, ...) are made faster. For a file opened
    without ``laparams`` (no text boxes): the reader's way."""

    def parse_objects(self) -> Objects:
        device = _CharDevice(self)
        try:
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        except Exception as exc:  # as pdfplumber's layout reports pdfminer's many error types
            raise PdfminerException(exc) from exc
        objects: Objects = {"char": device.chars} if device.chars else {}
        for obj in self.iter_layout_objects(device.get_result()._objs):
            objects.setdefault(obj["object_type"], []).append(obj)
        return objects


class _CharDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, keeping characters as pdfplumber's dicts rather than as pdfminer's ``LTChar``
    in the layout (the box and the dict as ``LTChar`` and ``Page.process_object`` make them)."""

    def __init__(self, page: FastPage) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.page = page
        self.chars: list[dict[str, Any]] = []
        self.glyphs: dict[tuple[PDFFont, int], tuple[str, float]] = {}

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        glyph = self.glyphs.get((font, cid)) or self._glyph(font, cid)
        text, adv = glyph[0], glyph[1] * fontsize * scaling
        if font.is_vertical():
            vx, vy = font.char_disp(cid)  # type: ignore[misc]
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, adv, descent + rise + fontsize)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        a, b, c, d, _, _ = matrix
        char = {
            "matrix": matrix,
            "fontname": font.fontname,
            "adv": adv,
            "upright": a * d * scaling > 0 and b * c <= 0,
            "x0": x0,
            "y0": y0,
            "x1": x1,
            "y1": y1,
            "width": x1 - x0,
            "height": y1 - y0,
            "size": x1 - x0 if font.is_vertical() else y1 - y0,
            "mcid": self.cur_mcid,
            "tag": self.cur_tag,
        }
        self.chars.append(_char(self.page, char, text, ncs, graphicstate))
        return adv

    def _glyph(self, font: PDFFont, cid: int) -> tuple[str, float]:
        """A character's text and width, kept: a page draws the same few glyphs over and over."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))  # as pdfminer's own device checks
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        self.glyphs[font, cid] = text, font.char_width(cid)
        return self.glyphs[font, cid]


def fast_page(pdf: PDF, number: int) -> FastPage:
    """Page ``number`` (from 0) of ``pdf`` as a ``FastPage``."""
    page = pdf.pages[number]
    return FastPage(pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def _char(page: Page, attr: dict[str, Any], text: str, ncs: PDFColorSpace, state: PDFGraphicState) -> dict[str, Any]:
    """The rest of the dict pdfplumber's ``Page.process_object`` makes of a character."""
    if type(attr["mcid"]) not in SCALARS:  # the only value read from the file's objects, not computed
        attr["mcid"] = resolve_all(attr["mcid"])
    if isinstance(attr["fontname"], bytes):
        attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    mb_x0, mb_top = page.mediabox[:2]
    top = (page.height - attr["y1"]) + mb_top
    attr.update(
        object_type="char",
        page_number=page.page_number,
        ncs=_colour_space(ncs.name),
        text=text if page.pdf.unicode_norm is None else normalize_unicode(page.pdf.unicode_norm, text),
        stroking_color=state.scolor if isinstance(state.scolor, tuple) else (state.scolor,),
        non_stroking_color=state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,),
        top=top,
        bottom=(page.height - attr["y0"]) + mb_top,
        doctop=page.initial_doctop + top,
    )
    if mb_x0 != 0:
        attr["x0"] += mb_x0
        attr["x1"] += mb_x0
    return attr


@lru_cache(maxsize=64)
def _colour_space(name: str) -> Any:
    return resolve_and_decode(name)
