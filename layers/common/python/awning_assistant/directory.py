"""Names the planner must recognise: customers (typo- and case-tolerant), territories, stock vocabulary.

Loaded from the tables with a projected read and cached for a few minutes per container,
so resolving "royal plam yacht club" costs microseconds on the hot path.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from .models import RecordType
from .records import RecordStore

CACHE_SECONDS = 300
MATCH_CUTOFF = 86
NAME_STOPWORDS = frozenset(
    "the a an of at for and to in on is are was were what which who how our we do does did me my "
    "their they them it its with by from about show list give tell find all any".split())


@dataclass(frozen=True)
class CustomerName:
    cust_id: str
    name: str
    contact: str
    territory: str


@dataclass
class Vocabulary:
    customers: list[CustomerName] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return utils.default_process(text)


class Directory:
    """The shop's vocabulary, refreshed from the tables at most every ``CACHE_SECONDS``."""

    def __init__(self, records: RecordStore, ttl: float = CACHE_SECONDS) -> None:
        self._records = records
        self._ttl = ttl
        self._lock = threading.Lock()
        self._loaded_at = -1e18
        self._vocab = Vocabulary()
        self._names: list[str] = []

    def vocabulary(self) -> Vocabulary:
        with self._lock:
            if time.monotonic() - self._loaded_at > self._ttl:
                self._vocab = self._load()
                self._names = [_norm(c.name) for c in self._vocab.customers]
                self._loaded_at = time.monotonic()
            return self._vocab

    def invalidate(self) -> None:
        with self._lock:
            self._loaded_at = -1e18

    def _load(self) -> Vocabulary:
        customers = [
            CustomerName(i["CustID"], i.get("Name", ""), i.get("Contact", ""), i.get("Territory", ""))
            for i in self._records.scan_all(RecordType.customer,
                                            projection=("CustID", "Name", "Contact", "Territory"))
        ]
        stock = list(self._records.scan_all(RecordType.inventory, projection=("Material", "Color")))
        return Vocabulary(
            customers=sorted(customers, key=lambda c: c.cust_id),
            territories=sorted({c.territory for c in customers if c.territory}),
            materials=sorted({i["Material"] for i in stock if i.get("Material")}),
            colors=sorted({i["Color"] for i in stock if i.get("Color")}),
        )

    def customer(self, cust_id: str) -> CustomerName | None:
        return next((c for c in self.vocabulary().customers if c.cust_id == cust_id), None)

    def find_customer(self, text: str, is_name: bool = False) -> CustomerName | None:
        """The customer a piece of text names: an exact (case-blind) name first, then a fuzzy one.

        ``text`` may be a whole question ("which orders for royal palm yacht club are open")
        or just the name span a model extracted (``is_name``).
        """
        vocab = self.vocabulary()
        q = f" {_norm(text)} "
        exact = [c for c, n in zip(vocab.customers, self._names, strict=True) if n and f" {n} " in q]
        if exact:
            return max(exact, key=lambda c: len(c.name))
        best: tuple[int, CustomerName] | None = None
        spans = candidate_spans(text) + ([text] if is_name else [])
        for span in spans:
            hit = process.extractOne(_norm(span), self._names, scorer=fuzz.WRatio, processor=None,
                                     score_cutoff=MATCH_CUTOFF)
            if hit and (best is None or hit[1] > best[0]):
                best = (hit[1], vocab.customers[hit[2]])
        return best[1] if best else None


def candidate_spans(text: str) -> list[str]:
    """Stretches of a question that may be a name: runs of capitalised words, and what follows
    "for / at / of / about / contact / customer" up to the next function word."""
    spans = [m.group(0) for m in re.finditer(r"\b[A-Z][\w'&.-]*(?:\s+(?:&|[A-Z][\w'&.-]*|of|the|and))*", text)]
    for m in re.finditer(r"\b(?:for|at|of|about|contact|customer|client|reach|call|email)\s+(.+?)(?=[?.!,;]|"
                         r"\s+(?:are|is|was|were|has|have|in|from|this|last|that|who|which|do|does|due)\b|$)",
                         text, flags=re.IGNORECASE):
        spans.append(m.group(1))
    cleaned = []
    for span in spans:
        words = span.split()
        while words and words[0].lower() in NAME_STOPWORDS:
            words.pop(0)
        if words and not all(w.lower() in NAME_STOPWORDS for w in words):
            cleaned.append(" ".join(words))
    return [s for s in dict.fromkeys(cleaned) if len(s) >= 4]
