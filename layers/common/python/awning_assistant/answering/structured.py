"""Typed, read-only queries over the business records that answer a ``QueryPlan`` exactly.

Orders counted or listed and money summed run on the analytics mirror, in the caller's sandbox
(``analytics.orders``, ``analytics.revenue``); a record by id, a customer and stock are read from
their tables (see ``records``). The caller's access scope applies before anything is counted or
summed; each answer returns rows for ``data`` plus the records it used for ``sources``. Money is
summed as ``Decimal``, so totals are exact.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
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
from awning_assistant.records.store import ENTITIES, RecordStore, plain
from awning_assistant.records.views import record_title, record_url

if TYPE_CHECKING:
    from awning_assistant.analytics.orders import MirrorOrders
    from awning_assistant.analytics.revenue import MirrorRevenue

_Row = TypeVar("_Row")

KIND_TYPES = {"work_order": RecordType.work_order, "repair_order": RecordType.repair_order}
ORDER_COLUMNS = ["Order", "Type", "Customer", "Status", "Date in", "Due", "Rush", "Total"]
STOCK_COLUMNS = ["Item", "Description", "Material", "Color", "Condition", "Qty", "Unit", "Unit price", "Location"]
MAX_SOURCES = 25


class StructuredResult(BaseModel):
    """What a structured query found, for the composer (and the model's prompt) to put in words.

    Plain JSON values only (money as 2-decimal floats, computed exactly as Decimal first), so
    the result travels unchanged in the inference event and in the API's ``data``.
    """

    intent: Intent
    plan: QueryPlan
    facts: dict[str, Any] = Field(default_factory=dict)
    table: DataTable | None = None
    sources: list[Source] = Field(default_factory=list)
    refusal: str | None = None
    records: list[dict[str, Any]] = Field(default_factory=list)


class Refused(Exception):
    """The caller may not have this answer; the message says so without revealing anything."""


def _money(value: Any) -> float:
    """An exact Decimal sum, rounded to the cent, as a JSON number."""
    return float(Decimal(value).quantize(Decimal("0.01")))


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
            return handler(plan, principal)
        except Refused as refusal:
            return StructuredResult(intent=plan.intent, plan=plan, refusal=str(refusal))

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
            item = self._records.get_item(RecordType.customer, cust_id)
            if item is None or not principal.may_see_item(RecordType.customer, item):
                raise Refused("I can't find that customer among the customers you can see.")
        return plan.customer_ids

    # ---- orders -----------------------------------------------------------------------------

    def _order_items(self, plan: QueryPlan, principal: Principal) -> list[tuple[RecordType, dict[str, Any]]]:
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
        if plan.latest:  # the newest received, then back in promised-date order, as the mirror returns them
            found = heapq.nlargest(plan.latest, found, key=lambda ti: (ti[1].get("DateIn") or "", _id(ti)))
            found.sort(key=lambda ti: (ti[1].get("DateRequired") or "9999", _id(ti)))
        names = self._customer_names(i.get("CustID", "") for _, i in found)
        finished = plan.statuses == ["completed"]  # finished orders: when each was finished too
        rows = [
            [
                _id((t, i)),
                "cleaning" if t is RecordType.work_order else "repair",
                names.get(i.get("CustID", ""), i.get("CustID", "")),
                i.get("Status"),
                i.get("DateIn"),
                i.get("DateRequired"),
                bool(i.get("RushOrder")),
                _money(i.get("Total", 0)),
                *([i.get("DateCompleted")] if finished else []),
            ]
            for t, i in found
        ]
        counts: dict[str, int] = defaultdict(int)
        by_status: dict[str, int] = defaultdict(int)
        for t, i in found:
            counts[t.value] += 1
            by_status[i.get("Status", "")] += 1
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"count": len(found), "by_kind": dict(counts), "by_status": dict(by_status)},
            table=DataTable(columns=ORDER_COLUMNS + ["Completed"] * finished, rows=rows),
            sources=[_source(t, i) for t, i in found[:MAX_SOURCES]],
            records=[],
        )

    def _order_detail(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        shown, hidden = [], []
        for order_id in plan.order_ids:
            rtype = RecordType.work_order if order_id.upper().startswith("WO") else RecordType.repair_order
            item = self._records.get_item(rtype, order_id)
            if item is None or not principal.may_see_item(rtype, item):
                hidden.append(order_id)
            else:
                shown.append((rtype, item))
        numbers = {i.get("WorkOrderNo", i.get("RepairOrderNo", "")).split("-")[-1] for _, i in shown}
        hidden = [h for h in hidden if h.split("-")[-1] not in numbers]  # "order #2396" tried as WO and RO
        if not shown:
            raise Refused(f"I can't find {' or '.join(hidden)} among the orders you can see.")
        names = self._customer_names(i.get("CustID", "") for _, i in shown)
        contacts: dict[str, dict[str, Any]] = {}
        if "contact" in plan.order_fields:  # the customer's own visibility applies, not the order's
            found = self._records.get_many(RecordType.customer, {i.get("CustID", "") for _, i in shown})
            contacts = {c: item for c, item in found.items() if principal.may_see_item(RecordType.customer, item)}
        records = [
            plain(
                {
                    "type": t.value,
                    "CustomerName": names.get(i.get("CustID", ""), ""),
                    **_contact_of(contacts.get(i.get("CustID", ""))),
                    **i,
                }
            )
            for t, i in shown
        ]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"not_found": hidden},
            records=records,
            sources=[_source(t, i) for t, i in shown],
        )

    # ---- customers --------------------------------------------------------------------------

    def _customer_info(self, plan: QueryPlan, principal: Principal) -> StructuredResult:
        if not plan.customer_ids:
            raise Refused("I couldn't tell which customer you mean; please give their name or id.")
        self._customer_scope(plan, principal)
        items = self._records.get_many(RecordType.customer, plan.customer_ids)
        records = [items[c] for c in plan.customer_ids if c in items]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            records=plain(records),
            sources=[_source(RecordType.customer, i) for i in records],
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
            found = self._records.get_many(RecordType.inventory, plan.stock_ids)
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
                    if _stock_matches(i, plan) and (plan.material or "").lower() in (i.get("Description") or "").lower()
                ]
                described, told = _described(every, plan.keywords)
                items = described if told else items
        items.sort(key=lambda i: i["InventoryKey"])
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for i in items:
            totals[i.get("Unit", "")] += Decimal(i.get("Qty", 0))
        rows = [
            [
                i["InventoryKey"],
                i.get("Description"),
                i.get("Material"),
                i.get("Color"),
                i.get("Condition"),
                plain(i.get("Qty", 0)),
                i.get("Unit"),
                _money(i.get("UnitPrice", 0)),
                i.get("Location"),
            ]
            for i in items
        ]
        return StructuredResult(
            intent=plan.intent,
            plan=plan,
            facts={"totals": plain(dict(totals))},
            records=plain(items),
            table=DataTable(columns=STOCK_COLUMNS, rows=rows),
            sources=[_source(RecordType.inventory, i) for i in items[:MAX_SOURCES]],
        )


def _described(items: list[dict[str, Any]], words: list[str]) -> tuple[list[dict[str, Any]], bool]:
    """The items narrowed by the words some of their descriptions have ("PTFE thread"), and whether any
    word did narrow them (a word none has is just talk: "across", "please")."""
    told = False
    for word in words:
        whole = re.compile(rf"\b{re.escape(word)}(?:s|es)?\b", re.IGNORECASE)  # "bin" is no word of "binding"
        narrowed = [i for i in items if whole.search(i.get("Description") or "")]
        told = told or bool(narrowed)
        items = narrowed or items
    return items, told


def _contact_of(customer: dict[str, Any] | None) -> dict[str, Any]:
    """The customer's contact details an order answer may show (same access as the order)."""
    if not customer:
        return {}
    return {
        "CustomerContact": customer.get("Contact", ""),
        "CustomerPhone": customer.get("Phone", ""),
        "CustomerEmail": customer.get("Email", ""),
    }


def _stock_matches(item: dict[str, Any], plan: QueryPlan) -> bool:
    if plan.color and (item.get("Color") or "").lower() != plan.color.lower():
        return False
    if plan.condition and item.get("Condition") != plan.condition:
        return False
    if plan.location and (item.get("Location") or "").lower() != plan.location.lower():
        return False
    return not (plan.size and plan.size.lower() not in (item.get("Description") or "").lower())


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


def _by_completion(plan: QueryPlan) -> bool:
    """A period means the completion date for completed orders, the date in otherwise."""
    return plan.statuses == ["completed"]


def _id(type_and_item: tuple[RecordType, dict[str, Any]]) -> str:
    rtype, item = type_and_item
    return item[ENTITIES[rtype].key]


def _source(rtype: RecordType, item: dict[str, Any]) -> Source:
    record_id = item[ENTITIES[rtype].key]
    return Source(
        type=rtype, id=record_id, title=record_title(rtype, item), url=record_url(rtype, record_id), score=1.0
    )
