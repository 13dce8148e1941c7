"""How numbers read in answers and chunks: money to the cent, quantities without trailing zeros."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def money(value: Any) -> str:
    """``$1,234.50`` (exact: floats go through their shortest decimal form)."""
    return f"${Decimal(str(value)):,.2f}"


def quantity(value: Any) -> str:
    """``12``, ``3.5``, ``1,304``."""
    text = f"{Decimal(str(value)):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def counted(n: int, noun: str) -> str:
    """``1 work order``, ``3 work orders``: the noun given singular, an -s added after any other count."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
