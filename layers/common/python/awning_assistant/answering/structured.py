"""Typed, read-only queries over the business records that answer a ``QueryPlan`` exactly.

Orders counted or listed and money summed run on the analytics mirror, in the caller's sandbox
(``analytics.orders``, ``analytics.revenue``); a record by id, a customer and stock are read from
their tables (see ``records``), as typed rows (``records.rows``). The caller's access scope applies before
anything is counted or summed; each answer returns rows for ``data`` plus the records it used for ``sources``.
Money is summed as ``Decimal``, so totals are exact.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, Field

from awning_assistant.analytics.errors import SqlRejected
from awning_assistant.analytics.orders import OrderQuery
from awning_assistant.analytics.revenue import Completed
from awning_assistant.answering.periods import DateRange, months_between
from awning_assistant.answering.query_model import Intent, QueryPlan
from awning_assistant.contracts import DataTable, Source
from awning_assistant.identity.access import Principal
from awning_assistant.models import RecordType
from awning_assistant.records.directory import Directory
from awning_assistant.records.rows import CustomerRow, OrderRow, OrderSummary, StockRow
from awning_assistant.records.store import RecordStore, plain, row_to_item
from awning_assistant.records.views import record_url, title_of

if TYPE_CHECKING:
    from awning_assistant.analytics.orders import MirrorOrders
    from awning_assistant.analytics.revenue import MirrorRevenue

_Row = TypeVar("_Row")

KIND_TYPES = {"work_order": RecordType.work_order, "repair_order": RecordType.repair_order}
ORDER_COLUMNS = ["Order", "Type", "Customer", "Status", "Date in", "Due", "Rush", "Total"]
STOCK_COLUMNS = ["Item", "Description", "Material", "Color", "Condition", "Qty", "Unit", "Unit price", "Location"]
MAX_SOURCES = 25


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach an order's customer, as an order's answer may show it (empty when not on record)."""

    contact: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class OrderDetail:
    """An order as its answer shows it: the order, its customer's name ("" when unknown) and, when the question
    asks for them and the caller may see the customer, the customer's contact details."""

    order: OrderRow
    customer_name: str
    contact: Contact | None = None

    def item(self) -> dict[str, Any]:
        """The order's stored item with its customer's name (and contact details) before it (``record_items``)."""
        contact = (
            {
                "CustomerContact": self.contact.contact,
                "CustomerPhone": self.contact.phone,
                "CustomerEmail": self.contact.email,
            }
            if self.contact
            else {}
        )
        return {"type": self.order.kind.value, "CustomerName": self.customer_name, **contact, **row_to_item(self.order)}


class StructuredResult(BaseModel):
    """What a structured query found, for the composer (and the model's prompt) to put in words.

    Plain JSON values and typed rows only (money as 2-decimal floats, computed exactly as Decimal first), so
    the result travels unchanged in the inference event and in the API's ``data``. The records an answer
    shows are in ``orders`` (order_detail), ``customers`` (customer_info) or ``stock`` (inventory).
    """

    intent: Intent
    plan: QueryPlan
    facts: dict[str, Any] = Field(default_factory=dict)
    table: DataTable | None = None
    sources: list[Source] = Field(default_factory=list)
    refusal: str | None = None
    orders: list[OrderDetail] = Field(default_factory=list)
    customers: list[CustomerRow] = Field(default_factory=list)
    stock: list[StockRow] = Field(default_factory=list)

    def record_items(self) -> list[dict[str, Any]]:
        """The records as the model's prompt shows them: their stored items, in plain JSON values."""
        return (
            [o.item() for o in self.orders]
            + [row_to_item(c) for c in self.customers]
            + [row_to_item(s) for s in self.stock]
        )


class Refused(Exception):
    """The caller may not have this answer; the message says so without revealing anything."""


def _money(value: Any) -> float:
    """An exact Decimal sum (or an amount: a float goes through its shortest decimal form), rounded to the cent,
    as a JSON number."""
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


class StructuredQueries:
    """Runs a plan as typed queries, within what the principal may see."""

    def __init__(
        self,
        records: RecordStore,
        orders: MirrorOrders,
        revenue: MirrorRevenue,
        directory: Directory,
        today: Callable[[], date],
    ) -> None:
        self._records = records
        self._orders_source = orders
        self._revenue_source = revenue
        self._directory = directory
        self._today = today  # a clock: Lambda containers outlive a day

    def within_view(self, plan: QueryPlan, principal: Principal) -> QueryPlan:
        """The customers a name fits, narrowed to those the caller may see: never offered a choice of customers
        they can't see. One left is the one meant; none left, the first is kept to be refused as not theirs."""
        if not plan.customer_choices or principal.sees_everything:
            return plan
        fits = [c for c in self._directory.vocabulary().customers if c.name in plan.customer_choices]
        visible = [c for c in fits if principal.may_see(RecordType.customer, c.territory)]
        names = list(dict.fromkeys(c.name for c in visible))
        if len(names) > 1:
            return plan.model_copy(update={"customer_choices": names})
        chosen = visible[0] if visible else fits[0]
        return plan.model_copy(
            update={
                "customer_choices": [],
                "customer_ids": [chosen.cust_id],
                "customer_name": chosen.name if visible else None,
            }
        )

    def run(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        handler = {
            Intent.count_orders: self._orders,
            Intent.list_orders: self._orders,
            Intent.order_detail: self._order_detail,
            Intent.customer_info: self._customer_info,
            Intent.revenue: self._revenue,
            Intent.top_customers: self._top_customers,
            Intent.inventory: self._inventory,
        }[plan.intent]
        try:
            result = handler(plan, principal)
        except Refused as refusal:
            return StructuredResult(intent=plan.intent, plan=plan, refusal=str(refusal))
        if self._before_records(plan, principal):  # "nothing" would be a guess, not a figure
            return StructuredResult(intent=plan.intent, plan=plan, facts={"before_records": True})
        return result

    def _before_records(self, plan: QueryPlan, principal: Principal) -> bool:
        """The period asked for (not a due window) ends before the first order on file."""
        if plan.period is None or plan.due is not None or plan.intent not in PERIOD_INTENTS:
            return False
        first = self._measured(lambda: [self._orders_source.first_day(principal)])[0]
        return first is not None and plan.period.end < first

    # ---- scope ----------------------------------------------------------------------------

    def _territories(self, plan: QueryPlan, principal: Principal) -> list[str] | None:
        """The territories to filter by: the question's, narrowed to what the caller may see."""
        scope = principal.territory_scope()
        if plan.territory:
            if scope is not None and plan.territory not in scope:
                raise Refused(
                    f"You can only see orders and customers of {', '.join(scope) or 'no territory'}, "
                    f"so I can't answer about the {plan.territory} territory."
                )
            return [plan.territory]
        if plan.my_territory:
            return list(principal.territories)
        return scope

    def _customer_scope(self, plan: QueryPlan, principal: Principal) -> list[str]:
        for cust_id in plan.customer_ids:
            customer = self._records.customer(cust_id)
            if customer is None or not principal.may_see(RecordType.customer, customer.territory):
                raise Refused("I can't find that customer among the customers you can see.")
        return plan.customer_ids

    # ---- orders -----------------------------------------------------------------------------

    def _order_items(self, plan: QueryPlan, principal: Principal) -> list[OrderSummary]:
        territories = self._territories(plan, principal)
        which = OrderQuery(
            kinds=frozenset(KIND_TYPES[k] for k in plan.kinds()),
            today=self._today(),
            territories=None if territories is None else tuple(territories),
            customer_ids=tuple(self._customer_scope(plan, principal)),
            statuses=tuple(plan.statuses),
            # open, overdue and due mean still in the shop, unless completed ones are asked for
            open_only=(plan.open_only or plan.overdue or plan.due is not None) and "completed" not in plan.statuses,
            overdue=plan.overdue,
            due=plan.due,
            period=None if plan.due else plan.period,
            by_completion=_by_completion(plan),
            rush_only=plan.rush_only,
        )
        return self._measured(lambda: self._orders_source.find(principal, which))

    def _orders(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        found = self._order_items(plan, principal)
        if plan.latest:  # the newest received (finished, for finished orders), then back in promised-date order
            newest = (lambda o: o.date_completed or "") if _by_completion(plan) else (lambda o: o.date_in or "")
            found = heapq.nlargest(plan.latest, found, key=lambda o: (newest(o), o.order_no))
            found.sort(key=lambda o: (o.date_required or "9999", o.order_no))
        names = self._customer_names(o.cust_id or "" for o in found)
        finished = plan.statuses == ["completed"]  # finished orders: when each was finished too
        rows = [
            [
                o.order_no,
                "cleaning" if o.is_work_order else "repair",
                names.get(o.cust_id or "", o.cust_id or ""),
                o.status,
                o.date_in,
                o.date_required,
                o.rush,
                _money(o.total),
                *([o.date_completed] if finished else []),
            ]
            for o in found
        ]
        counts: dict[str, int] = defaultdict(int)
        by_status: dict[str, int] = defaultdict(int)
        for o in found:
            counts[o.kind.value] += 1
            by_status[o.status or ""] += 1
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"count": len(found), "by_kind": dict(counts), "by_status": dict(by_status)},
            table=DataTable(columns=ORDER_COLUMNS + ["Completed"] * finished, rows=rows),
            sources=[_source(o.kind, o.order_no, o.title) for o in found[:MAX_SOURCES]],
        )

    def _order_detail(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        shown: list[OrderRow] = []
        hidden: list[str] = []
        for order_id in plan.order_ids:
            rtype = RecordType.work_order if order_id.upper().startswith("WO") else RecordType.repair_order
            order = self._records.order(rtype, order_id)
            if order is None or not principal.may_see(rtype, order.territory):
                hidden.append(order_id)
            else:
                shown.append(order)
        numbers = {o.order_no.split("-")[-1] for o in shown}
        hidden = [h for h in hidden if h.split("-")[-1] not in numbers]  # "order #2396" tried as WO and RO
        if not shown:
            raise Refused(f"I can't find {' or '.join(hidden)} among the orders you can see.")
        names = self._customer_names(o.cust_id or "" for o in shown)
        contacts: dict[str, CustomerRow] = {}
        if "contact" in plan.order_fields:  # the customer's own visibility applies, not the order's
            found = self._records.customers({o.cust_id or "" for o in shown})
            contacts = {c: row for c, row in found.items() if principal.may_see(RecordType.customer, row.territory)}
        details = [
            OrderDetail(o, names.get(o.cust_id or "", ""), _contact_of(contacts.get(o.cust_id or ""))) for o in shown
        ]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"not_found": hidden, "today": self._today().isoformat()},  # "how many days late is it?"
            orders=details,
            sources=[_source(o.kind, o.order_no, o.title) for o in shown],
        )

    # ---- customers --------------------------------------------------------------------------

    def _customer_info(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        if not plan.customer_ids:
            raise Refused("I couldn't tell which customer you mean; please give their name or id.")
        self._customer_scope(plan, principal)
        found = self._records.customers(plan.customer_ids)
        customers = [found[c] for c in plan.customer_ids if c in found]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            customers=customers,
            sources=[_source(RecordType.customer, c.cust_id, c.name) for c in customers],
        )

    def _customer_names(self, cust_ids: Iterable[str]) -> dict[str, str]:
        wanted = set(cust_ids)
        return {c.cust_id: c.name for c in self._directory.vocabulary().customers if c.cust_id in wanted}

    # ---- revenue ----------------------------------------------------------------------------

    def _completed(self, plan: QueryPlan, principal: Principal) -> Completed:
        """Which completed orders the plan sums: its period (this year to date when none is named)."""
        if not principal.may_see_revenue:
            raise Refused("Revenue figures are available to managers and admins only.")
        today = self._today()
        period = (
            plan.period
            or plan.due
            or DateRange(start=date(today.year, 1, 1), end=today, label=f"year to date ({today.year})")
        )
        kinds = {"cleaning": ["work_order"], "repair": ["repair_order"]}.get(plan.revenue_kind, plan.kinds())
        if plan.split_revenue:
            kinds = ["work_order", "repair_order"]
        return Completed(
            period, frozenset(KIND_TYPES[k] for k in kinds), plan.territory, tuple(plan.customer_ids), plan.rush_only
        )

    def _revenue(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        which = self._completed(plan, principal)
        period = which.period
        totals = {"cleaning": Decimal(0), "repair": Decimal(0)}
        counts = {"cleaning": 0, "repair": 0}
        by_month: dict[str, dict[str, Decimal]] = {
            m: {"cleaning": Decimal(0), "repair": Decimal(0)} for m in months_between(period.start, period.end)
        }
        for row in self._measured(lambda: self._revenue_source.by_month(principal, which)):
            kind = "cleaning" if row.kind is RecordType.work_order else "repair"
            totals[kind] += row.amount
            counts[kind] += row.orders
            by_month[row.month][kind] += row.amount
        rows = [
            [m, _money(v["cleaning"]), _money(v["repair"]), _money(v["cleaning"] + v["repair"])]
            for m, v in by_month.items()
        ]
        facts = {
            "period": period.label,
            "total": _money(totals["cleaning"] + totals["repair"]),
            "cleaning": _money(totals["cleaning"]),
            "repair": _money(totals["repair"]),
            "orders": counts,
        }
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts=facts,
            table=DataTable(columns=["Month", "Cleaning", "Repair", "Total"], rows=rows),
        )

    def _top_customers(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        which = self._completed(plan, principal)
        found = self._measured(lambda: self._revenue_source.top_customers(principal, which, plan.rank or plan.top_n))
        ranked = list(enumerate(found, 1))
        if plan.rank:
            ranked = ranked[plan.rank - 1 :]
        names = self._customer_names(row.cust_id for _, row in ranked)
        rows = [[rank, names.get(r.cust_id, r.cust_id), r.cust_id, _money(r.amount), r.orders] for rank, r in ranked]
        sources = [
            Source(
                type=RecordType.customer,
                id=r.cust_id,
                title=f"{r.cust_id} · {names.get(r.cust_id, '')}",
                url=record_url(RecordType.customer, r.cust_id),
            )
            for _, r in ranked
        ]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"period": which.period.label},
            table=DataTable(columns=["Rank", "Customer", "ID", "Revenue", "Orders"], rows=rows),
            sources=sources,
        )

    @staticmethod
    def _measured(run: Callable[[], list[_Row]]) -> list[_Row]:
        """A sum the sandbox stopped (past its time limit) is a plain refusal, not a server error."""
        try:
            return run()
        except SqlRejected as exc:
            raise Refused(f"I couldn't total that: {exc}. Try a shorter period.") from None

    # ---- stock ------------------------------------------------------------------------------

    def _inventory(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        vocab = self._directory.vocabulary()
        if plan.stock_ids:
            found = self._records.stock_items(plan.stock_ids)
            items = [found[k] for k in plan.stock_ids if k in found]
        else:
            materials = [m for m in vocab.materials if plan.material and plan.material.lower() in m.lower()]
            items, told = _described(
                [
                    i
                    for m in (materials or vocab.materials)
                    for i in self._records.inventory_by_material(m)
                    if _stock_matches(i, plan)
                ],
                plan.keywords,
            )
            if materials and not told and plan.keywords:  # "the mildew remover that's safe for vinyl": the remover
                every = [
                    i
                    for m in vocab.materials
                    for i in self._records.inventory_by_material(m)
                    if _stock_matches(i, plan) and (plan.material or "").lower() in (i.description or "").lower()
                ]
                described, told = _described(every, plan.keywords)
                items = described if told else items
        items.sort(key=lambda i: i.inventory_key)
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for i in items:
            totals[i.unit or ""] += Decimal(str(i.qty))  # a float's shortest decimal form: the stored quantity
        rows = [
            [
                i.inventory_key,
                i.description,
                i.material,
                i.color,
                i.condition,
                i.qty,
                i.unit,
                _money(i.unit_price),
                i.location,
            ]
            for i in items
        ]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"totals": plain(dict(totals))},
            stock=items,
            table=DataTable(columns=STOCK_COLUMNS, rows=rows),
            sources=[_source(RecordType.inventory, i.inventory_key, i.description) for i in items[:MAX_SOURCES]],
        )


def _described(items: list[StockRow], words: list[str]) -> tuple[list[StockRow], bool]:
    """The items narrowed by the words some of their descriptions have ("PTFE thread"), and whether any
    word did narrow them (a word none has is just talk: "across", "please")."""
    told = False
    for word in words:
        whole = re.compile(rf"\b{re.escape(word)}(?:s|es)?\b", re.IGNORECASE)  # "bin" is no word of "binding"
        narrowed = [i for i in items if whole.search(i.description or "")]
        told = told or bool(narrowed)
        items = narrowed or items
    return items, told


def _contact_of(customer: CustomerRow | None) -> Contact | None:
    """The customer's contact details an order answer may show (empty ones as "")."""
    if customer is None:
        return None
    return Contact(contact=customer.contact or "", phone=customer.phone or "", email=customer.email or "")


def _stock_matches(item: StockRow, plan: QueryPlan) -> bool:
    if plan.color and (item.color or "").lower() != plan.color.lower():
        return False
    if plan.condition and item.condition != plan.condition:
        return False
    if plan.location and (item.location or "").lower() != plan.location.lower():
        return False
    return not (plan.size and plan.size.lower() not in (item.description or "").lower())


# What the money answers can't narrow by: they sum completed orders' totals by completion date,
# territory, customer, kind and rush, not open or overdue orders or other statuses.
MONEY_INTENTS = (Intent.revenue, Intent.top_customers)


def ignored_filters(plan: QueryPlan) -> list[str]:
    """The filters of ``plan`` its answer would not apply ("revenue from rush orders"): answering
    without them would be a confident wrong answer, so the question is declined instead."""
    if plan.intent not in MONEY_INTENTS:
        return []
    ignored = {
        "open": plan.open_only,
        "overdue": plan.overdue,
        "latest": plan.latest is not None,
        "status": any(s != "completed" for s in plan.statuses),
    }
    return [name for name, set_ in ignored.items() if set_]


# What sums or lists the records over a period ("revenue in 2023", "jobs that came in during 2023").
PERIOD_INTENTS = frozenset({Intent.count_orders, Intent.list_orders, Intent.revenue, Intent.top_customers})


def _by_completion(plan: QueryPlan) -> bool:
    """A period means the completion date for completed orders, the date in otherwise."""
    return plan.statuses == ["completed"]


def _source(rtype: RecordType, record_id: str, name: str | None) -> Source:
    return Source(
        type=rtype, id=record_id, title=title_of(record_id, name), url=record_url(rtype, record_id), score=1.0
    )
