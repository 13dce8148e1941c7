"""The grounded answer composer: local mode's stand-in for the language model.

Deterministic and clearly labelled. It writes the answer only from the structured result
and the retrieved passages: exact numbers and ids, markdown tables, money formatted, a
quoted passage with its source for document questions, and a plain "I found nothing"
when there is nothing. Retrieved text is quoted as data, never followed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from typing import Any

from awning_assistant.answering.answer_types import (
    answer_level,
    asked_parts,
    asked_terms,
    asked_type,
    echoes,
    tier_scores,
)
from awning_assistant.answering.durations import converted
from awning_assistant.answering.formatting import counted, money, quantity
from awning_assistant.answering.procedure import neighbour_step
from awning_assistant.answering.query_model import Intent, QueryPlan, status_left_out
from awning_assistant.answering.quoting import pointed_answer, title_line
from awning_assistant.answering.relevance import GENERIC as SHOP_WORDS
from awning_assistant.answering.relevance import titled
from awning_assistant.answering.structured import OrderDetail, StructuredResult
from awning_assistant.answering.text_terms import (
    FIELD_START,
    Similarity,
    covers,
    placed_sections,
    sections,
    sentences,
    terms,
)
from awning_assistant.answering.thesaurus import same_as
from awning_assistant.answering.weekdays import worked_day
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.records.redaction import redact
from awning_assistant.records.rows import OrderLine, OrderRow, StockRow

LABEL = "\n\n_Composed locally from your records (grounded composer, no language model)._"
NOTHING = "I found nothing about that in the records and documents you can see."
STATUS_PHRASES = {
    "received": "received (not started yet)",
    "cleaning_queue": "in the cleaning queue",
    "cleaning": "being cleaned",
    "repair_queue": "in the repair queue",
    "ready": "ready for pickup",
    "completed": "completed",
    "cancelled": "cancelled",
    "quoted": "quoted (waiting for approval)",
    "approved": "approved",
    "in_repair": "in repair",
}
KIND_WORDS = {"work_order": ("work order", "work orders"), "repair_order": ("repair order", "repair orders")}
MAX_TABLE_ROWS = 60


MONEY_COLUMNS = frozenset({"Total", "Revenue", "Cleaning", "Repair", "Unit price"})


def status_text(status: str) -> str:
    return status.replace("_", " ")


def table(columns: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any, column: str) -> str:
        if isinstance(v, bool):
            return "yes" if v else ""
        if isinstance(v, int | float) and column in MONEY_COLUMNS:
            return money(v)
        if isinstance(v, int | float):
            return quantity(v)
        return redact(str(v if v is not None else "—")).replace("|", "\\|").replace("\n", " ")

    shown = rows[:MAX_TABLE_ROWS]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v, c) for v, c in zip(row, columns, strict=True)) + " |" for row in shown]
    if len(rows) > len(shown):
        lines.append(f"\n…and {len(rows) - len(shown)} more (all are in the data table).")
    return "\n".join(lines)


def _kinds_phrase(plan: QueryPlan, count: int | None = None) -> str:
    kinds = plan.kinds()
    if len(kinds) == 2:
        return "order" if count == 1 else "orders (work and repair)"
    singular, plural = KIND_WORDS[kinds[0]]
    return singular if count == 1 else plural


def describe_filter(plan: QueryPlan) -> tuple[str, str]:
    """The plan's conditions in words, before and after the noun: ("overdue rush", "in the Coastal territory")."""
    words = []
    if plan.overdue:
        words.append("overdue")
    if plan.open_only and not plan.overdue:
        words.append("open")
    if plan.rush_only:
        words.append("rush")
    head = " ".join(words)
    parts = []
    if plan.statuses:
        parts.append(_statuses_said(plan))
    if plan.customer_name or plan.customer_ids:
        parts.append(f"for {plan.customer_name or ', '.join(plan.customer_ids)}")
    if plan.territory:
        parts.append(f"in the {plan.territory} territory")
    elif plan.my_territory:
        parts.append("in your territory")
    if plan.due:
        parts.append(f"due {plan.due.label}")
    elif plan.period:
        parts.append(f"({plan.period.label})")
    return head, " ".join(parts)


def _statuses_said(plan: QueryPlan) -> str:
    """ "in the cleaning queue or being cleaned", or "other than cancelled ones" for every status but one."""
    if left_out := status_left_out(plan.order_kinds, plan.statuses):
        return f"other than {STATUS_PHRASES.get(left_out, status_text(left_out))} ones"
    return " or ".join(STATUS_PHRASES.get(s, status_text(s)) for s in plan.statuses)


DECLINE_REASONS = {
    "write_action": "I can't change records — I only read them. Make the change in the shop's system, and I can "
    "tell you about it afterwards.",
    "forecast": "I can't predict what will happen; I answer from the records as they stand.",
    "outside_shop": "That isn't something the shop's records or documents cover.",
    "not_recorded": "I can't answer that: the shop's records don't keep it (deposits and payments, mileage, pay, "
    "suppliers, who did the work).",
    "works_out": "I can't work out what one job comes to: the price list and the policies give the rates, and a "
    "job's sum depends on how they apply (minimums, surcharges, free days). Ask me the rate and I'll quote it.",
    "advice": "I can't give business advice or opinions; I can tell you what the records and documents say.",
    "creative": "I don't write poems, jokes, stories or messages; I answer questions about the shop's records and "
    "documents.",
    "translation": "I can't translate documents; I can quote what they say.",
    "unsupported_measure": "I can't work that out exactly yet: averages, shares, comparisons between periods and "
    "similar measures aren't among the answers I compute, and I won't guess.",
    "before_records": "I can't answer for that period: it ends before the first order on file, so the records "
    "don't say what happened then.",
}


def decline_message(plan: QueryPlan, suggestions: list[str]) -> str:
    """A plain "I can't answer that", why, and what can be asked instead."""
    if plan.decline == "no_match":
        reason = (
            "I found nothing in the shop's documents that answers that."
            if plan.documents_only
            else "I found nothing in the records and documents you can see that answers that."
        )
    elif plan.decline == "not_understood":
        quoted = [f'"{w}"' for w in plan.unread_words]
        words = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        verb = "changes" if len(quoted) == 1 else "change"
        reason = (
            f"I'm not sure how {words} {verb} what you asked, and I won't answer without it. Try asking "
            "it another way, or one part at a time."
        )
    elif plan.decline == "unknown_customer":
        near = plan.customer_choices or [n for n in [plan.customer_name] if n]
        reason = f'I have no customer named "{plan.customer_unknown}", so I won\'t answer for another one.' + (
            f" Did you mean {' or '.join(near)}?" if near else ""
        )
    elif plan.decline == "ambiguous_customer":
        reason = f"Which customer do you mean: {' or '.join(plan.customer_choices)}? The name fits each of them."
    elif plan.decline == "not_recorded" and plan.customer_name and plan.unread_words:
        reason = (
            f'I can\'t answer that: the records hold nothing on "{plan.unread_words[0]}" for {plan.customer_name}. '
            "A customer's record keeps their contact details, address, territory, how they found us and notes, "
            "besides their orders."
        )
    elif plan.decline == "not_theirs":
        reason = (
            f"{', '.join(plan.order_ids)} isn't {plan.customer_name}'s order, so I won't answer for it. "
            "Please check the order number."
        )
    else:
        reason = DECLINE_REASONS.get(plan.decline or "", "I can't answer that.")
    offer = "\n\nYou could ask:\n" + "\n".join(f"- {s}" for s in suggestions) if suggestions else ""
    return reason + offer


SEMANTIC_WEIGHT = 4.0
TIER_WEIGHT = 2.0  # the price tier that holds the asked size ("8 foot umbrella": "up to 9 ft")
# "What doesn't the warranty cover?": what a document says it leaves out answers, never what it covers.
NEGATED_ASK = re.compile(
    r"\b(?:doesn't|does not|don't|do not|isn't|is not|aren't|are not|won't|will not|not|never|excluded?)\s+"
    # (a cover that is a thing, "never came for their cover", is none)
    r"(?:\w+\s+){0,3}?(?:(?<!their )(?<!the )(?<!a )(?<!his )(?<!her )(?<!my )(?<!your )(?<!its )cover(?:ed)?|"
    r"include[ds]?|allowed|accepted|warranted|guaranteed|apply|applies)\b|"
    r"\bexclu(?:ded|des|sions?)\b",
    re.IGNORECASE,
)
EXCLUSION = re.compile(
    r"\bnot (?:covered|included|allowed|accepted|warranted|guaranteed)\b|\bexclu(?:ded|des|sions?)\b|"
    r"\bdoes not (?:cover|include|apply)\b",
    re.IGNORECASE,
)
RUNNER_UP_GAP = 1.0  # a sentence from another page scoring within this of the best is quoted as well
REFERRING = re.compile(
    r"(?:(?:after|before|beyond|besides|above|below|apart from|other than|unlike|with|without|"
    r"until|over|under)\s+)?(?:it|this|that|these|those|they|such|the same|otherwise)\b",
    re.IGNORECASE,
)


class Composer:
    """Writes the markdown answer of one turn.

    With a ``similarity`` (question, sentences -> cosine scores from the embedding model), a
    document answer is picked by meaning as well as by shared words, so "never picked up"
    finds "not collected". Without one (the fallback path) words alone decide.
    """

    def __init__(self, similarity: Similarity | None = None) -> None:
        self._similarity = similarity
        # the writer of each structured answer (a search's passages are quoted by ``_search``)
        self._writers: dict[Intent, Callable[[StructuredResult], str]] = {
            Intent.count_orders: self._count_orders,
            Intent.list_orders: self._list_orders,
            Intent.order_detail: self._order_detail,
            Intent.customer_info: self._customer_info,
            Intent.revenue: self._revenue,
            Intent.top_customers: self._top_customers,
            Intent.inventory: self._inventory,
        }

    def compose(self, question: str, plan: QueryPlan, result: StructuredResult | None, passages: list[Chunk]) -> str:
        if result is not None and result.refusal:
            return result.refusal
        if result is not None and plan.intent is not Intent.search:
            body = self._writers[plan.intent](result)
        else:  # a search comes with the one order it names, when the caller may see it
            body = self._search(question, plan, passages, result.orders[0].order if result and result.orders else None)
        return redact(body) + LABEL

    def stream(self, text: str) -> Iterator[str]:
        """The answer in word-sized pieces, for token-by-token delivery."""
        yield from re.findall(r"\S+\s*|\s+", text)

    # ---- orders -------------------------------------------------------------------------

    def _count_orders(self, r: StructuredResult) -> str:
        count = r.facts["count"]
        head, tail = describe_filter(r.plan)
        noun = _kinds_phrase(r.plan, count)
        verb = "is" if count == 1 else "are"
        subject = " ".join(x for x in (head, noun) if x)
        text = f"There {verb} **{count}** {subject} {tail}".rstrip() + "."
        if len(r.plan.kinds()) == 2 and count:
            by = r.facts["by_kind"]
            text += f" ({by.get('work_order', 0)} work orders, {by.get('repair_order', 0)} repair orders)"
        if len(r.plan.statuses) > 1 and count:  # "how many in the queue, and how many ready?": each one too
            by_status = r.facts.get("by_status", {})
            text += "\n\n" + "\n".join(f"- {status_text(s)}: **{by_status.get(s, 0)}**" for s in r.plan.statuses)
        if "whole" in r.facts:  # "of the cleaning orders that came in in October, how many were rush?"
            whole_plan = QueryPlan.model_validate(r.facts["whole_plan"])
            whole_head, whole_tail = describe_filter(whole_plan)
            whole_noun = " ".join(x for x in (whole_head, _kinds_phrase(whole_plan, r.facts["whole"])) if x)
            text += f" That is {count} of the **{r.facts['whole']}** {whole_noun} {whole_tail}".rstrip() + "."
        if 0 < count <= 15 and r.table:
            text += "\n\n" + table(r.table.columns, r.table.rows)
        return text

    def _list_orders(self, r: StructuredResult) -> str:
        count = r.facts["count"]
        head, tail = describe_filter(r.plan)
        subject = " ".join(x for x in (head, _kinds_phrase(r.plan, count)) if x)
        if count == 0:
            return f"There are no {subject} {tail}".rstrip() + "."
        verb = "is" if count == 1 else "are"
        intro = f"There {verb} **{count}** {subject} {tail}".rstrip() + ":"
        if r.plan.latest:
            by = "date completed" if r.plan.statuses == ["completed"] else "date in"
            intro = " ".join(x for x in ("The most recent", subject, tail, f"(by {by}):") if x)
        assert r.table is not None
        return intro + "\n\n" + table(r.table.columns, r.table.rows)

    def _order_detail(self, r: StructuredResult) -> str:
        blocks = [self._one_order(r.plan, detail, r.facts.get("today")) for detail in r.orders]
        if r.facts.get("not_found"):
            blocks.append(f"I can't find {', '.join(r.facts['not_found'])} among the orders you can see.")
        return "\n\n".join(blocks)

    def _one_order(self, plan: QueryPlan, detail: OrderDetail, today: str | None = None) -> str:
        order, contact = detail.order, detail.contact
        is_wo = order.is_work_order
        order_id = order.order_no
        status = status_text(order.status or "")
        fields = set(plan.order_fields) or {"summary"}
        lead = _order_lead(fields, order, date.fromisoformat(today) if today else None)
        if plan.rush_only:  # "... and is it a rush?"
            lead.append(f"{order_id} is {'a **rush** order' if order.rush else '**not** a rush order'}.")
        lines = [f"**{order_id}** · {order.title} — {detail.customer_name or order.cust_id} ({order.cust_id})"]
        if "contact" in fields and contact is not None:
            lead.append(
                f"The customer is **{detail.customer_name}**: contact {contact.contact}, "
                f"phone **{contact.phone}**, email **{contact.email}**."
            )
        lines.append(f"- Status: {status}" + ("  · **rush**" if order.rush else ""))
        lines.append(
            f"- Date in: {order.date_in} · due: {order.date_required or '—'} · completed: {order.date_completed or '—'}"
        )
        lines.append(f"- Total: {money(order.total)}")
        if fields & {"instructions", "summary"} and is_wo:
            lines.append(f"- Special instructions: {_quote(order.special_instructions) or 'none'}")
        if fields & {"repairs", "summary", "instructions"} and not is_wo:
            lines.append(f"- Repairs needed: {_quote(order.repairs_description) or '—'}")
        if fields & {"items", "summary", "repairs"} or "total" in fields:
            lines.append(f"- Items ({_items_counted(order)}):")
            lines += [f"  - {_item_line(line, is_wo)}" for line in order.lines]
        return " ".join(lead) + ("\n\n" if lead else "") + "\n".join(lines)

    # ---- customers ----------------------------------------------------------------------

    def _customer_info(self, r: StructuredResult) -> str:
        blocks = []
        for c in r.customers:
            address = ", ".join(x for x in (c.address, c.city, f"{c.state or ''} {c.zip_code or ''}".strip()) if x)
            values = {
                "phone": ("Phone", c.phone),
                "email": ("Email", c.email),
                "contact": ("Contact person", c.contact),
                "address": ("Address", address),
                "city": ("City", c.city),
                "zip": ("ZIP code", c.zip_code),
                "territory": ("Territory", c.territory),
                "source": ("Lead source", c.source),
                "notes": ("Notes", redact(c.notes) if c.notes else None),
            }
            shown = ["phone", "email", "contact", "address", "notes"]  # notes: "Prefers text messages", a gate code
            asked = [f for f in r.plan.contact_fields if f in values] or shown[:4]
            order = asked + [f for f in shown if f not in asked]
            lead = " and ".join(
                f"the {values[f][0].lower()} {'say' if f == 'notes' else 'is'} **{(values[f][1] or '').rstrip('.')}**"
                for f in asked
                if values[f][1]
            )
            lines = [f"For **{c.name}** ({c.cust_id}), {lead}." if lead else f"**{c.name}** ({c.cust_id})"]
            lines += [f"- {values[f][0]}: {values[f][1] or '—'}" for f in order if values[f][1] or f != "notes"]
            if "territory" not in asked:
                lines.append(f"- Territory: {c.territory}")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) or NOTHING

    # ---- money --------------------------------------------------------------------------

    def _revenue(self, r: StructuredResult) -> str:
        f, plan = r.facts, r.plan
        label = f["period"]
        period = _revenue_scope(plan) + (f" {label}" if label.startswith("since ") else f" for {label}")
        n_clean, n_repair = f["orders"]["cleaning"], f["orders"]["repair"]
        if plan.revenue_kind == "cleaning" and not plan.split_revenue:
            text = (
                f"Cleaning revenue{period} was **{money(f['cleaning'])}** "
                f"from {counted(n_clean, 'completed work order')}."
            )
        elif plan.revenue_kind == "repair" and not plan.split_revenue:
            text = (
                f"Repair revenue{period} was **{money(f['repair'])}** "
                f"from {counted(n_repair, 'completed repair order')}."
            )
        else:
            text = (
                f"Revenue{period} was **{money(f['total'])}**: cleaning **{money(f['cleaning'])}** "
                f"({counted(n_clean, 'work order')}) and repairs **{money(f['repair'])}** "
                f"({counted(n_repair, 'repair order')})."
            )
        assert r.table is not None
        if len(r.table.rows) > 1:
            text += "\n\nBy month:\n\n" + table(r.table.columns, r.table.rows)
        return text

    def _top_customers(self, r: StructuredResult) -> str:
        assert r.table is not None
        if not r.table.rows:
            return f"No completed orders in {r.facts['period']}, so there is no ranking."
        kind = {"cleaning": "cleaning revenue", "repair": "repair revenue"}.get(r.plan.revenue_kind, "revenue")
        if r.plan.rank:
            rank, name, cid, amount, orders = r.table.rows[0]
            return (
                f"Number {rank} by {kind} for {r.facts['period']} was **{name}** ({cid}): "
                f"{money(amount)} from {orders} orders."
            )
        top = "Top customer" if len(r.table.rows) == 1 else f"Top {len(r.table.rows)} customers"
        lines = [f"{top} by {kind} for {r.facts['period']}:", ""]
        lines += [
            f"{rank}. **{name}** ({cid}) — {money(amount)} from {orders} orders"
            for rank, name, cid, amount, orders in r.table.rows
        ]
        return "\n".join(lines)

    # ---- stock --------------------------------------------------------------------------

    def _inventory(self, r: StructuredResult) -> str:
        assert r.table is not None
        plan = r.plan
        condition = (plan.condition or "").lower()
        what = (
            " ".join(
                x
                for x in (
                    condition if condition in ("new", "used") else "",
                    plan.color,
                    plan.material,
                    plan.size,
                    "remnants" if condition == "remnant" else "",
                )
                if x
            )
            or "stock"
        )
        if not r.stock:
            return f"We have no {what} in stock."
        totals = ", ".join(f"**{quantity(q)} {u}**" for u, q in r.facts["totals"].items())
        if len(r.stock) == 1:
            i = r.stock[0]
            return (
                f"We have {totals} of {i.description} ({i.inventory_key}, {i.condition}), "
                f"stored at **{i.location}**, unit price {money(i.unit_price)} "
                f"per {i.unit}."
            )
        return (
            f"We have {totals} of {what} in stock across {len(r.stock)} items"
            + _by_colour(r.stock)
            + ":\n\n"
            + table(r.table.columns, r.table.rows)
        )

    # ---- search -------------------------------------------------------------------------

    def _search(self, question: str, plan: QueryPlan, passages: list[Chunk], order: OrderRow | None = None) -> str:
        if not passages:
            return NOTHING
        top = passages[0]
        if top.record_type is RecordType.document:
            documents = [p for p in passages if p.record_type is RecordType.document]
            return self._quote_document(question, documents, plan.order_ids, order)
        label = {
            RecordType.work_order: "work order",
            RecordType.repair_order: "repair order",
            RecordType.customer: "customer",
            RecordType.inventory: "stock item",
        }[top.record_type]
        snippet = best_sentences(question, top.text)
        answer = f"The best match is {label} **{top.record_id}** — {top.title.split(' · ', 1)[-1]}."
        header = next((p for p in passages if p.record_id == top.record_id and p.chunk_id.endswith("#0")), None)
        if header is not None and top.record_type in (RecordType.work_order, RecordType.repair_order):
            facts = [
                line
                for line in header.text.splitlines()
                if line.startswith(("Customer:", "Status:", "Dates:", "Total"))
            ]
            answer += "\n\n" + "\n".join(f"- {fact}" for fact in facts)
        return f"{answer}\n\n> {snippet}"

    def _quote_document(
        self, question: str, passages: list[Chunk], order_ids: list[str], order: OrderRow | None = None
    ) -> str:
        """Quote the best sentence of the best few document passages, with its source: one per part of a
        question that asks two things ("which tech is listed and which bay did it go through?"), else the
        best and a close second (when the first pick is not the one that answers, the one that does is
        still in the answer)."""
        documents = named_documents(question, passages[:5])
        if exact := _pointed_at(question, passages, documents):
            return exact
        found = [
            (rank, p, heading, sentence) for rank, p in enumerate(documents) for heading, sentence in sections(p.text)
        ]
        found = [f for f in found if f[2] != f[3]] or found  # a heading alone ("Repairs") answers nothing
        if NEGATED_ASK.search(question):
            found = [f for f in found if EXCLUSION.search(f"{f[2]} {f[3]}")] or found
        if not found:
            return NOTHING
        parts = asked_parts(question)
        if len(parts) > 1:
            picks, wanted = [self._ranked(part, found, order_ids)[0] for part in parts], len(parts)
        else:
            ranked = self._ranked(question, found, order_ids)
            picks, wanted = [r for r in ranked if r[0] >= ranked[0][0] - RUNNER_UP_GAP], 2
        headings = {(p.chunk_id, sentence): heading for _, p, heading, sentence in found}
        answer, quoted, count, page, first = "", "", 0, "", ""
        for _, passage, sentence in picks:
            if sentence in quoted or count == wanted:
                continue
            count += 1
            quote = with_neighbour(question, passage.text, sentence)
            heading = headings.get((passage.chunk_id, sentence), "")
            if heading and LIST_ITEM.match(sentence):  # "- animal damage" says nothing without its "Not covered"
                quote = f"{heading}: {LIST_ITEM.sub('', quote, count=1)}"
            if not answer:
                answer = f"According to **{passage.record_id}**{_page(passage)}:\n\n> {quote}"
                where, page, first = (passage.record_id, passage.page), passage.text, quote
            else:
                same = (passage.record_id, passage.page) == where
                answer += f"\n\nAlso, {'the same page' if same else f'**{passage.record_id}**{_page(passage)}'}:"
                answer += f"\n\n> {quote}"
            quoted += quote
        worked = (
            applied_percentage(question, quoted, order)
            or worked_day(question, quoted, page)
            or converted(question, first)  # the first quote answers; a second is a close rival
        )
        return f"{answer}\n\n{worked}" if worked else answer

    def _ranked(
        self, question: str, found: list[tuple[int, Chunk, str, str]], order_ids: list[str]
    ) -> list[tuple[float, Chunk, str]]:
        """The candidate sentences, best answer to ``question`` first."""
        weights = rarity(asked_terms(question), [terms(f"{h} {s}") for _, _, h, s in found])
        best_level = max(answer_level(question, sentence) for *_, sentence in found)
        tiers = tier_scores(question, [sentence for *_, sentence in found])
        ruled_out = ruled_out_scores(question, [f"{h} {sentence}" for _, _, h, sentence in found])
        policy_named = bool(order_ids) and names_a_policy(question, [p for _, p, _, _ in found], order_ids)
        scored = [
            (
                passage_score(question, p, rank, order_ids, policy_named)
                + TIER_WEIGHT * (tier + ruled)
                + sentence_score(question, sentence, topic_terms(p), weights, best_level)
                + _shared(asked_terms(question) - topic_terms(p), terms(heading), weights),
                p,
                sentence,
            )
            for (rank, p, heading, sentence), tier, ruled in zip(found, tiers, ruled_out, strict=True)
        ]
        if self._similarity:
            meaning = self._similarity(question, [t[2] for t in scored])
            scored = [
                (score + SEMANTIC_WEIGHT * sim, p, sentence)
                for (score, p, sentence), sim in zip(scored, meaning, strict=True)
            ]
        return sorted(scored, key=lambda t: -t[0])


def _pointed_at(question: str, passages: list[Chunk], documents: list[Chunk]) -> str | None:
    """The place the question points at, quoted as written: the words it quotes or the numbered part it names
    ("Satz 4.6") in any passage, or the step next to one it names ("the step right after dry brushing")."""
    for passage in passages:
        if said := pointed_answer(question, passage.text):
            return f"According to **{passage.record_id}**{_page(passage)}:\n\n> {said}"
    if opening := next(iter(titled(question, documents)), None):  # "what's the title of the two-column sample?"
        return f"The title of **{opening.record_id}**{_page(opening)}:\n\n> {title_line(opening.text)}"
    for passage in documents:
        if step := neighbour_step(question, passage.text):
            return f"According to **{passage.record_id}**{_page(passage)}:\n\n> {step}"
    return None


LIST_ITEM = re.compile(r"\s*(?:[-•*–]|\d+[.)])\s+")
AMOUNT = re.compile(r"\$\s?(\d[\d,]*(?:\.\d\d)?)\b")
PERCENTAGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b)")


# "Covered", "does it cover that" (not "their boat cover"), "warranty", "on us".
COVERAGE_ASKED = re.compile(
    r"\b(?:cover(?:s|ed)|warrant(?:y|ies|ied)?|guarantee[ds]?)\b|\bcover (?:it|that|this|them|those|the (?:cost|damage|"
    r"repair|bill))\b|\bon us\b|\bon our (?:dime|tab)\b",
    re.IGNORECASE,
)
# Words every clause of a policy may share with a question ("10 days", "the work order number"): what an exclusion
# rules out is a thing or a cause (storm, wind, vandalism), never these.
COVERAGE_WORDS = terms(
    "cover covered covers warranty warranted guarantee guaranteed policy day days week weeks month months year years "
    "work order orders number customer customers item items job jobs time"
)


def ruled_out_scores(question: str, sentences: list[str]) -> list[float]:
    """Asked whether something is covered ("a storm ripped the awning we sewed: does our warranty cover it?"), +1
    for a sentence that rules out the very thing asked about ("Storm, wind, fire ... are not covered"): however
    much the rest of the question reads like what is covered, the exclusion decides."""
    if not COVERAGE_ASKED.search(question):
        return [0.0] * len(sentences)
    asked = {same for t in asked_terms(question) - COVERAGE_WORDS for same in same_as(t)}  # a gust is wind
    return [1.0 if EXCLUSION.search(s) and asked & terms(s) else 0.0 for s in sentences]


def applied_percentage(question: str, quoted: str, order: OrderRow | None = None) -> str | None:
    """A policy's one percentage worked out on the one amount the question gives ("a $300 job gets
    rushed: what's the rush fee?" and "a rush fee of 30% of the order total": $90.00), or else on the
    total of the one order it names ("RO-2297 just got approved - how much deposit?"); nothing when
    the quote holds amounts of its own (a cap, a minimum) or several rates."""
    amounts, rates = AMOUNT.findall(question), set(PERCENTAGE.findall(quoted))
    if len(amounts) > 1 or len(rates) != 1 or AMOUNT.search(quoted) or not (amounts or order):
        return None
    rate = rates.pop()
    if amounts:
        amount = Decimal(amounts[0].replace(",", ""))
        base = money(amount)
    else:
        assert order is not None
        amount = Decimal(str(order.total))
        base = f"{order.order_no}'s total, {money(amount)},"
    part = amount * Decimal(rate) / 100
    worked = f"Worked out: {rate}% of {base} is **{money(part)}**"
    if ADDED_ON.search(quoted) and TOTAL_WITH.search(question):  # "what's the customer's total once it's added?"
        worked += f", so the total with it is **{money(amount + part)}**"
    return worked + "."


# A rate charged on top ("a rush fee ... is added"), and a question after the sum with it ("the total once the fee is
# added on", "what do they pay altogether")
ADDED_ON = re.compile(r"\b(?:added|surcharge|on top|extra)\b", re.IGNORECASE)
TOTAL_WITH = re.compile(
    r"\b(?:total|altogether|all in|in all|all told|grand total)\b|\b(?:once|after|with) (?:the |that )?(?:\w+ )?"
    r"(?:fee|surcharge|charge) (?:is |gets )?(?:added|included|on)\b",
    re.IGNORECASE,
)


MAX_COLOURS = 12  # more colours than this: the table says it better than a sentence


def _by_colour(stock: list[StockRow]) -> str:
    """ "How many yards of each colour, all widths together?": each colour's total, when the items are of several."""
    sums: dict[tuple[str, str], Decimal] = {}
    for item in stock:
        key = (item.color or "no colour", item.unit or "")
        sums[key] = sums.get(key, Decimal(0)) + Decimal(str(item.qty))
    if not 2 <= len({colour for colour, _ in sums}) <= MAX_COLOURS:
        return ""
    return "; by colour, every width and condition together: " + ", ".join(
        f"{colour} **{quantity(q)} {unit}**".rstrip() for (colour, unit), q in sorted(sums.items())
    )


def _order_lead(fields: AbstractSet[str], order: OrderRow, today: date | None) -> list[str]:
    """The sentences that answer the fields asked of one order, before its record."""
    order_id, status = order.order_no, status_text(order.status or "")
    lead = []
    if "status" in fields:
        lead.append(f"{order_id} is **{status}**.")
    if "completed" in fields:
        done = order.date_completed
        lead.append(
            f"{order_id} was completed on **{done}**." if done else f"{order_id} is not completed yet ({status})."
        )
    elif "dates" in fields and not fields & {"days_late", "days_left", "days_in"}:  # the days say the dates
        due = order.date_required
        lead.append(f"{order_id} is due **{due}**." if due else f"{order_id} has no required date set.")
    if "total" in fields:
        lead.append(f"The total for {order_id} is **{money(order.total)}**.")
    lead += _days_counted(fields, order, today) if today else []
    if "territory" in fields and order.territory:
        lead.append(f"{order_id}'s customer is in the **{order.territory}** territory.")
    return lead


def _days_counted(fields: AbstractSet[str], order: OrderRow, today: date) -> list[str]:
    """Days from today asked of one order: how late it is, how long is left before it is due, how long since it
    came in (a finished order is said to be finished: no days run on it)."""
    order_id, due, done = order.order_no, order.date_required, order.date_completed
    lead = []
    if fields & {"days_late", "days_left"}:
        if done:
            lead.append(f"{order_id} is finished: it was completed on **{done}** (due {due or '—'}).")
        elif not due:
            lead.append(f"{order_id} has no required date set.")
        elif (late := (today - date.fromisoformat(due)).days) > 0:
            lead.append(f"{order_id} is **{counted(late, 'day')}** late: it was due {due} and is not completed.")
        else:
            lead.append(f"{order_id} is due {due}: **{counted(-late, 'day')}** from today, so it is not late.")
    if "days_in" in fields and order.date_in:
        waited = (date.fromisoformat(done) if done else today) - date.fromisoformat(order.date_in)
        lead.append(
            f"{order_id} came in on {order.date_in}: **{counted(waited.days, 'day')}** "
            + (f"before it was completed on {done}." if done else "ago.")
        )
    return lead


def _page(passage: Chunk) -> str:
    return f", page {passage.page}" if passage.page else ""


def _items_counted(order: OrderRow) -> str:
    """ "How many items are on it" is answered by the count of lines, "how many pieces all told" by the pieces, and
    "how many labour hours and how much in parts, all lines together" by a repair order's sums."""
    pieces = sum(Decimal(str(line.qty)) for line in order.lines)
    said = str(len(order.lines))
    if pieces != len(order.lines):
        said = f"{counted(len(order.lines), 'line')}, {quantity(pieces)} pieces"
    if order.is_work_order or len(order.lines) < 2:
        return said
    hours = sum(Decimal(str(line.labor_hours)) for line in order.lines)
    parts = sum(Decimal(str(line.parts_cost)) for line in order.lines)
    return f"{said}; together {quantity(hours)} h labour and {money(parts)} parts"


def _item_line(line: OrderLine, is_wo: bool) -> str:
    qty = quantity(line.qty)
    if is_wo:
        extras = ", ".join(x for x in (line.material, line.color, line.condition, line.size_wgt) if x)
        return f"{qty} × {line.description} ({extras}) at {money(line.price)} each"
    hours = quantity(line.labor_hours)
    return (
        f"{qty} × {line.description} ({line.material}; {hours} h labour, "
        f"parts {money(line.parts_cost)}) at {money(line.price)}"
    )


def _quote(text: str | None) -> str:
    """Record text shown as a quotation: it is data, never an instruction to us."""
    return f"“{text.strip()}”" if text and text.strip() else ""


GENERIC = terms("many much number total amount year date time day long often")


def states_answer(question: str, text: str) -> bool:
    """Some sentence of ``text`` shares two of the question's own words (itself or in a word of the
    same meaning: "hourly" ~ "hour", "stitching" ~ "sewing") and, when the question asks for a kind
    of answer (a date, an amount, a duration, a number...), holds one: the bar for a document to
    answer a question that otherwise reads as outside what the records hold."""
    asked = asked_terms(question) - GENERIC
    wanted = asked_type(question)
    return any(
        _shared(asked, terms(s)) >= 2 and (wanted is None or re.search(wanted, s, re.IGNORECASE))
        for s in sentences(text)
    )


SHOP_WORD_WEIGHT = 0.3  # "charge", "customer", "awning": a word any shop question has tells no sentence apart


def rarity(question_terms: AbstractSet[str], candidates: list[set[str]]) -> dict[str, float]:
    """Weight of each question word by how few candidate sentences share it (1.0 when none do), a
    word common to the shop's questions (``relevance.GENERIC``) weighing little however rare it is
    among these sentences."""
    n = len(candidates)
    return (
        {
            t: math.log(1 + n / (1 + sum(covers(t, c) for c in candidates)))
            / math.log(1 + n)
            * (SHOP_WORD_WEIGHT if t in SHOP_WORDS else 1.0)
            for t in question_terms
        }
        if n > 1
        else {}
    )


def _shared(
    question_terms: AbstractSet[str], words: AbstractSet[str], weights: dict[str, float] | None = None
) -> float:
    """The weight of the question's words the sentence holds, itself or in a word of the same meaning."""
    return sum((weights or {}).get(t, 1.0) for t in question_terms if any(covers(s, words) for s in same_as(t)))


# "What calibre were the guns", "which regiment", "what is the maximum fine", "what is the power rating of":
# the words the answer is about (a noun and the one before it).
FOCUS = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|a|an)\s+)?(?:(?:kind|sort|type)s? of\s+)?"
    r"(?!(?:did|do|does|has|have|had|can|could|should|would|will|kind|sort|type)\b)([a-z][a-z-]+"
    r"(?: (?!(?:of|for|on|in|at|to|is|was|are|were|does|do|did|with|we|you|they|it|has|have|had|can|will|"
    r"would|should|could|and|or|that|this|the)\b)[a-z][a-z-]+)?)"
)


# "What did pre-inspection turn up", "what does the intake note say": what was found by whom (or what) is asked.
FOUND_BY = re.compile(
    r"\bwhat (?:did|does|do|has|have) (?:the |our )?([a-z][a-z-]+(?: [a-z][a-z-]+)?) (?:turn up|find|found|show|"
    r"shows|showed|note|noted|say|says|flag|flagged|reveal|mention|list)\b"
)


def focus_of(question: str) -> set[str]:
    """The asked-about word of a what/which question (none for "what is", "what did"...), or what found what is
    asked ("what did pre-inspection turn up"), as a term."""
    q = question.lower()
    found = FOCUS.search(q) or FOUND_BY.search(q)
    return terms(found.group(1)) - GENERIC if found else set()


CAPTION = re.compile(r"\s*(?:table|figure|fig\.|chart|exhibit|appendix)\s+[\dA-Z]+(?:\.\d+)?\s*[:.]", re.IGNORECASE)


def sentence_score(
    question: str,
    sentence: str,
    topic: frozenset[str] = frozenset(),
    weights: dict[str, float] | None = None,
    best_level: int | None = None,
) -> float:
    """Shared words (other than the document's topic words, rarer ones weighing more, the asked-about
    word most), plus a bonus when the sentence holds the kind of answer asked for as exactly as the
    best of its rivals (``best_level``: "how many days" is "10 days" before "12 months"); a bare
    heading, or a field that only repeats the question, scores low."""
    words = terms(sentence)
    focus = focus_of(question) - topic
    score = _shared(asked_terms(question) - topic, words, weights) + _shared(focus, words) - 0.002 * len(sentence)
    if CAPTION.match(sentence):
        score -= 3.0  # a table's caption ("Table 1: EU Countries Information") names what the table holds, no value
    elif len(sentence.split()) < 5 and not re.search(r"\d", sentence) and not FIELD_START.match(sentence):
        score -= 1.0  # a bare heading
    elif topic and len(words & topic) * 2 >= len(words):
        score -= 1.5  # the document's title line ("Work Order Sheet WO-13577")
    if echoes(question, sentence):  # "Customer: Luis Quinn", asked about Luis Quinn's job: its words were the asker's
        return -2.0 - 0.002 * len(sentence)
    level = answer_level(question, sentence)
    if level and level >= (best_level or level):
        score += 3.0
    elif best_level and not level:
        score -= 2.0  # a rival holds the kind of answer asked ("what date": "January 3, 2024"); this one holds none
    return score


DOCUMENT_WORDS = terms("sheet according document page pdf")


# A document pointed at by name ("in the habibi document", "the warranty policy says"): it alone answers.
POINTS_AT_DOCUMENT = re.compile(
    r"\b(?:document|doc|file|pdf|sheet|report|notice|policy|guide|list|manual|script|handbook|form|letter|"
    r"memo|brochure|paper)s?\b",
    re.IGNORECASE,
)


def named_documents(question: str, passages: list[Chunk]) -> list[Chunk]:
    """The passages of the documents the question names by a word of their own name, when it points at a
    document; all the passages otherwise."""
    if not POINTS_AT_DOCUMENT.search(question):
        return passages
    asked = asked_terms(question) - KINDS_OF_DOCUMENT
    named = [p for p in passages if asked & (topic_terms(p) - DOCUMENT_WORDS - GENERIC)]
    return named or passages


# Words that say what kind of document it is, not which: "the policy", "the work order sheet".
KINDS_OF_DOCUMENT = terms(
    "document doc file pdf sheet report notice policy guide list manual script handbook form letter memo "
    "brochure paper work order"
)


def topic_terms(passage: Chunk) -> frozenset[str]:
    """The words of a document's name, and words for a document ("according to its sheet"): they
    pick the document, not the sentence within it."""
    return frozenset(terms(passage.record_id.rsplit(".", 1)[0]) | DOCUMENT_WORDS)


def passage_score(question: str, passage: Chunk, rank: int, order_ids: list[str], policy_named: bool = False) -> float:
    """A document whose name the question echoes ("mildew treatment", "warranty") is likely the one,
    and the sheet of the order the question names is that order's document, unless the question names
    a policy of its own ("WO-10251 is a rush now, what's the rush fee?")."""
    own_sheet = 3.0 if any(o in passage.record_id for o in order_ids) and not policy_named else 0.0
    return own_sheet + len(asked_terms(question) & topic_terms(passage)) + 0.25 * (2 - rank)


def names_a_policy(question: str, passages: list[Chunk], order_ids: list[str]) -> bool:
    """The question echoes the name of a document other than the named orders' sheets ("rush" of the rush order
    policy)."""
    asked = asked_terms(question)
    return any(
        asked & (topic_terms(p) - DOCUMENT_WORDS - KINDS_OF_DOCUMENT - GENERIC)
        for p in passages
        if not any(o in p.record_id for o in order_ids)
    )


def with_neighbour(question: str, text: str, sentence: str) -> str:
    """The sentence with the one before when it leans on it ("It is renewed yearly.", "Beyond that
    ...", or a short fragment of the same line), and the one after when it continues the answer on
    the same line (shares words with the question) or the sentence ends with a colon. Another line
    (a table's next row, a form's next field, the next list item) is an answer of its own."""
    placed = [(line, s) for line, _, s in placed_sections(text)]
    parts = [s for _, s in placed]
    i = parts.index(sentence)
    line = placed[i][0]
    quote = [sentence]
    continues = sentence[:1].islower()  # "re-treat after drying." goes on from the words before it
    if i > 0 and (REFERRING.match(sentence) or continues or (placed[i - 1][0] == line and len(sentence.split()) < 6)):
        quote.insert(0, parts[i - 1])
    if i + 1 < len(parts) and (
        sentence.endswith(":") or (placed[i + 1][0] == line and len(terms(question) & terms(parts[i + 1])) >= 2)
    ):
        quote.append(parts[i + 1])
        i += 1
    while i + 1 < len(parts) and quote[-1].endswith((";", ",")) and parts[i + 1][:1].islower():
        quote.append(parts[i + 1])  # "... finish gone;" goes on in "re-treat after drying." on the next line
        i += 1
    return " ".join(quote)


def best_sentences(question: str, text: str) -> str:
    """The sentence of ``text`` that best answers the question, with a continuing neighbour."""
    parts = sentences(text)
    if not parts:
        return text.strip()
    best_level = max(answer_level(question, p) for p in parts)
    return with_neighbour(question, text, max(parts, key=lambda p: sentence_score(question, p, best_level=best_level)))


def _revenue_scope(plan: QueryPlan) -> str:
    """Whose money a revenue figure is: " from Harbor Marina", " in the Coastal territory", " on rush orders"."""
    customer = plan.customer_name or ", ".join(plan.customer_ids)
    parts = [
        f" from {customer}" if customer else "",
        f" in the {plan.territory} territory" if plan.territory else "",
        " in your territory" if plan.my_territory else "",
        " on rush orders" if plan.rush_only else "",
    ]
    return "".join(parts)
