"""Independent reference implementation of the business rules in ../shared/data-format.md.

Written from the data-format spec only (no product code). Standard library only, except that
PDF text extraction uses pypdf when it is importable (run with /work/main/.venv/bin/python).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CLOSED = {"completed", "cancelled"}


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def order_id(o: dict) -> str:
    return o.get("WorkOrderNo") or o.get("RepairOrderNo")


def order_kind(o: dict) -> str:
    return "WO" if "WorkOrderNo" in o else "RO"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def has(self, iso: str | None) -> bool:
        return bool(iso) and self.start <= date.fromisoformat(iso) <= self.end


def month_period(y: int, m: int) -> Period:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return Period(date(y, m, 1), nxt - timedelta(days=1))


def quarter_period(y: int, q: int) -> Period:
    return Period(date(y, 3 * q - 2, 1), month_period(y, 3 * q).end)


def year_period(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31))


def week_of(d: date) -> Period:
    mon = d - timedelta(days=d.weekday())
    return Period(mon, mon + timedelta(days=6))


class Data:
    def __init__(self, folder: Path, today: date):
        self.folder, self.today = Path(folder), today
        self.customers = load_jsonl(self.folder / "customers.jsonl")
        self.wos = load_jsonl(self.folder / "work_orders.jsonl")
        self.ros = load_jsonl(self.folder / "repair_orders.jsonl")
        self.inventory = load_jsonl(self.folder / "inventory.jsonl")
        self.users = load_jsonl(self.folder / "users.jsonl")
        self.cust = {c["CustID"]: c for c in self.customers}
        self.orders = self.wos + self.ros
        self.by_id = {order_id(o): o for o in self.orders}
        self.docs = read_documents(self.folder / "documents")

    # --- access -------------------------------------------------------------------------------
    def user(self, name: str) -> dict:
        return next(u for u in self.users if u["username"] == name)

    def privileged(self) -> list[dict]:
        return [u for u in self.users if u["role"] in ("admin", "manager")]

    def staff(self) -> list[dict]:
        return [u for u in self.users if u["role"] == "staff"]

    def can_see_cust(self, user: dict, cust_id: str) -> bool:
        return user["role"] != "staff" or self.cust[cust_id]["Territory"] in user["territories"]

    def territory(self, o: dict) -> str:
        return self.cust[o["CustID"]]["Territory"]

    def territories(self) -> list[str]:
        return sorted({c["Territory"] for c in self.customers})

    # --- order predicates ---------------------------------------------------------------------
    def is_open(self, o: dict) -> bool:
        return o["Status"] not in CLOSED

    def is_overdue(self, o: dict) -> bool:
        return self.is_open(o) and bool(o.get("DateRequired")) and o["DateRequired"] < self.today.isoformat()

    def select(self, kinds=("WO", "RO"), status=None, territories=None, cust_id=None, pred=None) -> list[dict]:
        out = []
        for o in self.orders:
            if order_kind(o) not in kinds:
                continue
            if status is not None and o["Status"] != status:
                continue
            if territories is not None and self.territory(o) not in territories:
                continue
            if cust_id is not None and o["CustID"] != cust_id:
                continue
            if pred is not None and not pred(o):
                continue
            out.append(o)
        return out

    def ids(self, orders) -> list[str]:
        return sorted(order_id(o) for o in orders)

    def due_in(self, period: Period):
        """Open orders whose DateRequired falls in the period (the dev set's 'due' convention)."""
        return lambda o: self.is_open(o) and period.has(o.get("DateRequired"))

    # --- money --------------------------------------------------------------------------------
    def revenue(self, period: Period, kinds=("WO", "RO"), cust_id=None, territories=None) -> float:
        tot = sum(
            o["Total"]
            for o in self.select(kinds=kinds, status="completed", territories=territories, cust_id=cust_id)
            if period.has(o.get("DateCompleted"))
        )
        return round(tot + 1e-9, 2)

    def revenue_by_customer(self, period: Period, kinds=("WO", "RO")) -> list[tuple[str, float]]:
        acc = defaultdict(float)
        for o in self.select(kinds=kinds, status="completed"):
            if period.has(o.get("DateCompleted")):
                acc[o["CustID"]] += o["Total"]
        return sorted(((c, round(v + 1e-9, 2)) for c, v in acc.items()), key=lambda x: -x[1])


# --- documents -------------------------------------------------------------------------------
def read_documents(folder: Path) -> dict[str, str]:
    docs = {}
    if not folder.exists():
        return docs
    for f in sorted(folder.iterdir()):
        if f.suffix.lower() == ".pdf":
            try:
                import pypdf  # noqa: PLC0415 - optional, only for PDFs
            except ImportError:  # pragma: no cover
                continue
            text = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(f)).pages)
        elif f.suffix.lower() in (".txt", ".md"):
            text = f.read_text(encoding="utf-8")
        else:
            continue
        docs[f.name] = text
    return docs


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)
