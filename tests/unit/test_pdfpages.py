"""``FastPage`` makes each character's dict as pdfminer draws it, copying pdfplumber's own code: its
objects must be exactly pdfplumber's, so an upgrade of either library that changes them fails here."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from awning_assistant.documents.pdfpages import fast_page
from tests.conftest import SHOP
from tests.unit.test_document_extraction import form, price_list, three_columns, two_columns

SHOP_PRICE_LIST = SHOP / "documents" / "price-list-2026.pdf"
KINDS = ("char", "line", "rect", "curve")


@pytest.mark.parametrize(
    "make",
    [price_list, two_columns, three_columns, form, SHOP_PRICE_LIST.read_bytes],
    ids=["table", "two-columns", "three-columns", "form", "shop-price-list"],
)
def test_fast_pages_hold_exactly_pdfplumbers_objects(make):
    body = make()
    with pdfplumber.open(io.BytesIO(body)) as plain, pdfplumber.open(io.BytesIO(body)) as fast:
        for number, page in enumerate(plain.pages):
            ours = fast_page(fast, number)
            for kind in KINDS:
                assert ours.objects.get(kind, []) == page.objects.get(kind, []), (number, kind)
            assert ours.chars, "a page of text has characters"
