"""One chat turn, end to end: plan, query, retrieve, prompt, generate, redact, remember, audit.

Access is applied before anything is read (structured scope, search filters), so what
reaches the prompt, the sources and the logs is already what the caller may see. When
generation fails the caller still gets the grounded answer and sources, with a notice.
Once the question is understood, the answer cache (``answer_cache``) may hold its answer:
then nothing is read or generated, and the turn is recorded as cached. The house rules and the
suggestions are the published prompt version's, read once per turn; a draft is previewed the same
way, without being cached or recorded.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from awning_assistant.answering.answer_cache import AnswerCache, Lookup, ReusableAnswer, names_asker
from awning_assistant.answering.answer_links import safe_links
from awning_assistant.answering.answer_types import states_figure_asked
from awning_assistant.answering.composer import Composer, decline_message, states_answer
from awning_assistant.answering.conversations import Conversations, Turn, new_id
from awning_assistant.answering.deadline import Deadline, DeadlineExceeded
from awning_assistant.answering.interpretation import interpret
from awning_assistant.answering.planner import Planner
from awning_assistant.answering.prompts import BUILT_IN, Prompt, PromptSettings, build_prompt
from awning_assistant.answering.query_model import Intent, QueryPlan
from awning_assistant.answering.quoting import pointed_answer
from awning_assistant.answering.relevance import Thresholds, answering, telling_terms
from awning_assistant.answering.retrieval import Retriever
from awning_assistant.answering.scope import DeclineReason, decline_cue, decline_reason, measured_alike, ranks
from awning_assistant.answering.streaming import DeltaGate
from awning_assistant.answering.structured import MONEY_INTENTS, StructuredQueries, StructuredResult, ignored_filters
from awning_assistant.answering.suggestions import suggest
from awning_assistant.answering.text_terms import Similarity, terms
from awning_assistant.contracts import ChatFilters, ChatRequest, ChatResponse, DataTable, Outcome, PromptPreview, Source
from awning_assistant.generation.contract import (
    DeltaSink,
    Grounding,
    InferenceClient,
    InferenceError,
    InferenceRequest,
    Message,
    StreamTarget,
)
from awning_assistant.generation.usage import Usage, counting_embeddings
from awning_assistant.identity.access import Principal
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.observability import TurnReport
from awning_assistant.records.redaction import redact, redact_deep
from awning_assistant.records.views import record_url
from awning_assistant.search_index import Hit

if TYPE_CHECKING:
    from awning_assistant.answering.sql_tool import SqlAnswer, SqlAnswers
    from awning_assistant.observability import TurnMetrics

FALLBACK_NOTICE = "The language model is unavailable right now; this answer was composed directly from the records."
SLOW_NOTICE = "The language model took too long; this answer was composed directly from the records."
MIN_GENERATION_SECONDS = 2.0  # less than this left: don't start the model, answer from the records
STORE_RESERVE_SECONDS = 1.0  # kept back to store the turn and reply
PASSAGES = 5  # search hits an answer is grounded on


def passage_source(hit: Hit) -> Source:
    c = hit.chunk
    return Source(
        type=c.record_type,
        id=c.record_id,
        title=redact(c.title),
        url=record_url(c.record_type, c.record_id, c.page),
        page=c.page,
        score=round(hit.score, 6),
    )


def declined(plan: QueryPlan, reason: DeclineReason) -> QueryPlan:
    return plan.model_copy(update={"intent": Intent.unsupported, "decline": reason})


def within_scope(question: str, plan: QueryPlan) -> QueryPlan:
    """The plan, or a decline when the question asks what the assistant does not do (whichever
    planner read it: the rules are a safety net under the model), names a customer ambiguously,
    holds a word that changes the answer which the planner could not apply, or narrows money by
    what the money answers can't (rush, open, overdue)."""
    if plan.intent is Intent.unsupported:
        return plan if plan.decline else declined(plan, "outside_shop")
    if plan.customer_unknown:
        return declined(plan, "unknown_customer")
    if plan.customer_choices:
        return declined(plan, "ambiguous_customer")
    if ignored_filters(plan) or (
        plan.intent is Intent.search
        and not plan.documents_only
        and (ranks(question) or COUNTS_RECORDS.search(question))
    ):
        return declined(plan, "unsupported_measure")
    if plan.intent is Intent.order_detail and (other := OTHER_ORDERS.search(question)):
        return declined(plan.model_copy(update={"unread_words": [other[0].lower()]}), "not_understood")
    asks_records = plan.intent is not Intent.search or not plan.documents_only
    reason = decline_reason(without_names(question, plan), asks_records)
    if reason is None and plan.unread_words:
        reason = "not_understood"
    return declined(plan, reason) if reason else plan


# Other orders asked for beside the one named ("whose order is WO-13069, and what other jobs have we done for
# them?"): one order's details would leave that half unanswered.
OTHER_ORDERS = re.compile(
    r"\b(?:what|which|any|how many|all|list)\s+(?:other|else|more)\b[^?.]*\b(?:jobs?|orders?|"
    r"work|tickets?)\b|\b(?:jobs?|orders?|work|tickets?)\s+(?:else|besides)\b|"
    r"\b(?:what|anything) else (?:has|have|did|does|do|is|are)\b",
    re.IGNORECASE,
)
# Records counted ("how many orders ... ?"): a search finds records, it counts none.
COUNTS_RECORDS = re.compile(
    r"\bhow many\s+(?:[\w-]+\s+){0,2}?(?:orders?|jobs?|tickets?|work orders|repair orders|"
    r"customers|clients)\b",
    re.IGNORECASE,
)
NAME = "xyz"  # stands in for a customer's name: no decline cue reads it


def without_names(question: str, plan: QueryPlan) -> str:
    """The question with the words of the customer it names blanked: "Heron Vacation Rentals"
    asks about a customer, not about staff vacations."""
    names = [plan.customer_name or "", *plan.customer_choices]
    words = {w.lower() for name in names for w in re.findall(r"\w{3,}", name)}
    return re.sub(r"\w+", lambda m: NAME if m[0].lower() in words else m[0], question) if words else question


# Declines a document may still answer: the question reads as a measure, or as about something
# other than the shop, or holds words the planner could not apply. Never requests to act, forecasts,
# advice, creative work, translations or an ambiguous customer.
# A count asked of a part of a whole said first ("Of the cleaning orders that came in during October, how many ...").
PART_OF = re.compile(
    r"^\W*(?:of|out of|among) (?:all (?:of )?)?(?:the |those |our |these )?(.+?),\s*how many\b", re.IGNORECASE
)
WHOLE_SAID = r"^(?:everything|anything|all) (?:that's|that is|that are)\b|^everything\b"
DOCUMENTS_MAY_ANSWER = frozenset({"unsupported_measure", "outside_shop", "not_understood"})
# Words of the shop's own records: a question with them is about the records, not a document.
RECORD_WORDS = re.compile(
    r"\b(?:orders?|jobs?|tickets?|customers?|clients?|accounts?|stock|inventory|on hand|"
    r"supplies|rolls?|revenue|sales|takings|invoices?|bills?|queue|backlog|our|we|us)\b",
    re.IGNORECASE,
)


def names_records(question: str, plan: QueryPlan) -> bool:
    """The question is about the shop's own records: it names one, or a filter of them, or their words."""
    return bool(
        plan.order_ids
        or plan.customer_ids
        or plan.customer_name
        or plan.stock_ids
        or plan.statuses
        or plan.overdue
        or plan.open_only
        or plan.rush_only
        or plan.material
        or plan.color
        or plan.condition
        or plan.location
        or RECORD_WORDS.search(question)
    )


def declined_for(question: str, plan: QueryPlan) -> set[str]:
    """The words a declined question was declined for ("weather", an unread word): a document answers in its
    place only by speaking of one of them. A measure's words are not asked for: a passage stating the kind of
    measure asked ("40%" for a share) answers (``measured_alike``)."""
    if plan.decline == "unsupported_measure":
        return set()
    cue = decline_cue(without_names(question, plan), asks_records=True)  # the weather: a passage about it
    return terms(cue[1]) if cue else terms(" ".join(plan.unread_words))


def in_notes(asked: str, notes: str | None) -> bool:
    """A customer's notes speak of what was asked of them: every word of it ("gate code": "Gate code 6533 ...")."""
    wanted = terms(asked)
    return bool(wanted) and wanted <= terms(notes or "")


def notes_speak_of(words: str, notes: str | None) -> bool:
    """A customer's notes hold a telling word of those asked ("ladder": "Bring a 24 ft ladder")."""
    return bool(telling_terms(words) & terms(notes or ""))


def outcome_of(prepared: Prepared) -> Outcome:
    if prepared.plan.intent is Intent.unsupported:
        return "declined"
    return "denied" if prepared.result is not None and prepared.result.refusal else "answered"


def apply_filters(plan: QueryPlan, filters: ChatFilters | None) -> QueryPlan:
    """Explicit filters from the client narrow the plan; they never widen access."""
    if filters is None:
        return plan
    update: dict[str, object] = {}
    if filters.record_types:
        update["order_kinds"] = [t.value for t in filters.record_types if t.value in ("work_order", "repair_order")]
    if filters.customer_id:
        update["customer_ids"] = [filters.customer_id]
    if filters.territory:
        update["territory"] = filters.territory
    if filters.status:
        update["statuses"] = [filters.status]
    return QueryPlan.model_validate({**plan.model_dump(), **update})


@dataclass
class Understood:
    """A turn's question as understood, before any data is read (what the answer cache keys by)."""

    plan: QueryPlan
    planning: Usage  # the planner's model call, if it made one
    history: list[Turn]


@dataclass
class Prepared:
    """A turn up to the prompt: what generation will be grounded on."""

    plan: QueryPlan
    result: StructuredResult | None
    passages: list[Chunk]
    sources: list[Source]
    prompt: Prompt
    planning: Usage  # the planner's model call, if it made one


# Writers of answers from the grounding alone (the local composer, the rules' declines). A model (bedrock,
# openai) is also told who asks and given the session's earlier turns.
GROUNDING_ONLY = frozenset({"local", "rules"})


@dataclass
class Answered:
    """A turn's answer with what it cost, its notice (degraded) and whether it is the asker's own."""

    answer: ReusableAnswer
    usage: Usage
    notice: str | None = None
    personal: bool = False  # a model read the conversation, or the answer names its asker

    @property
    def reusable(self) -> bool:
        """Another caller of the same scope may be given it: answered in full and not personal.
        Declines and refusals are cheap to work out again."""
        return self.answer.outcome == "answered" and self.notice is None and not self.personal


class ChatService:
    """Answers questions for authenticated principals."""

    def __init__(
        self,
        planner: Planner,
        structured: StructuredQueries,
        retriever: Retriever,
        inference: InferenceClient,
        conversations: Conversations,
        today: Callable[[], date],
        budget_seconds: float,
        fallback: Composer,
        relevance: Thresholds,
        sentence_similarity: Similarity | None = None,
        sql: SqlAnswers | None = None,
        metrics: TurnMetrics | None = None,
        cache: AnswerCache | None = None,
        prompts: Callable[[], PromptSettings] = lambda: BUILT_IN,
    ) -> None:
        self._planner = planner
        self._prompts = prompts  # the published prompt version (prompt_store)
        self._metrics = metrics  # each turn's figures for CloudWatch
        self._cache = cache  # answers of identical turns (same question, plan, scope, day and data version)
        self._sql = sql  # model-written SQL for measures the plans don't compute (Bedrock only)
        self._relevance = relevance  # how close a best hit must be to count as an answer
        self._sentence_similarity = sentence_similarity
        self._structured = structured
        self._retriever = retriever
        self._inference = inference
        self._conversations = conversations
        self._today = today  # a clock: Lambda containers outlive a day
        self._budget = budget_seconds  # when the caller names no deadline
        self._fallback = fallback  # writes the grounded answer when the model can't

    def prepare(self, principal: Principal, request: ChatRequest, session_id: str) -> Prepared:
        """Everything before generation: history, plan (or why it is declined), structured result,
        passages, prompt."""
        return self.ground(principal, request, self.understand(principal, request, session_id), self._prompts())

    def understand(self, principal: Principal, request: ChatRequest, session_id: str) -> Understood:
        """History and plan (or why it is declined), before any data is read."""
        history = self._conversations.history(principal.username, session_id)
        previous = QueryPlan.model_validate(history[-1].plan) if history and history[-1].plan else None
        if previous is not None and previous.intent is Intent.unsupported:
            previous = None  # a declined question is nothing to follow up
        plan, planning = self._planned(request, previous, principal)
        return Understood(plan=plan, planning=planning, history=history)

    def _planned(
        self, request: ChatRequest, previous: QueryPlan | None, principal: Principal
    ) -> tuple[QueryPlan, Usage]:
        planned, planning = self._planner.plan_with_usage(request.query, previous)
        planned = self._structured.within_view(apply_filters(planned, request.filters), principal)
        scoped = within_scope(request.query, planned)
        if scoped.decline == "not_understood" and planned.intent in MONEY_INTENTS and not principal.may_see_revenue:
            return planned, planning  # money the caller may not see is refused, however it was worded
        return scoped, planning

    def ground(
        self, principal: Principal, request: ChatRequest, understood: Understood, settings: PromptSettings
    ) -> Prepared:
        """The data the plan reads (structured result or passages) and the prompt."""
        plan = understood.plan
        result: StructuredResult | None = None
        hits: list[Hit] = []
        if plan.decline in DOCUMENTS_MAY_ANSWER and not names_records(request.query, plan):
            # "How many employees did the layoff affect?" reads as a measure the records don't have, but
            # a document may state it: a passage the relevance gate admits answers instead of the decline.
            attempt = plan.model_copy(update={"intent": Intent.search, "documents_only": True, "decline": None})
            wanted = declined_for(request.query, plan)
            hits = [
                h
                for h in self._passages(attempt, request.query, principal)
                if pointed_answer(request.query, h.chunk.text)  # the words it quotes, the part it names
                or (states_answer(request.query, h.chunk.text) and (not wanted or wanted & terms(h.chunk.text)))
            ]
            plan = attempt if hits else plan
        elif plan.intent is Intent.search:
            hits = self._passages(plan, request.query, principal)
            if (
                hits
                and hits[0].chunk.record_type is RecordType.document
                and not states_figure_asked(
                    request.query, [h.chunk.text for h in hits if h.chunk.record_type is RecordType.document]
                )
            ):
                hits = []  # "how hot...?" and no document gives a temperature: nothing to quote
            if not hits:
                plan = declined(plan, "no_match")
            else:
                result = self._order_named(plan, principal)
        elif plan.intent is not Intent.unsupported:
            plan = self._notes_asked(plan, principal)
            result = self._with_whole(request, self._structured.run(plan, principal), principal)
            if result.facts.get("before_records"):
                plan, result = declined(plan, "before_records"), None  # "revenue in 2023": the records start later
            elif plan.customer_ids and any(d.order.cust_id not in plan.customer_ids for d in result.orders):
                plan, result = declined(plan, "not_theirs"), None  # "Magnolia's bimini, WO-13557": another's order
            elif (
                plan.intent is Intent.customer_info
                and plan.customer_asked
                and not any(in_notes(plan.customer_asked, c.notes) for c in result.customers)
            ):
                plan = declined(plan.model_copy(update={"unread_words": [plan.customer_asked]}), "not_recorded")
                result = None  # "does Harbor View Marina have a dog?": no field holds it and their notes don't say
        passages = [h.chunk for h in hits]
        prompt = build_prompt(
            request.query, principal, self._today(), understood.history, result, passages, rules=settings.rules
        )
        sources = (result.sources if result else []) + [passage_source(h) for h in hits]
        return Prepared(
            plan=plan, result=result, passages=passages, sources=sources, prompt=prompt, planning=understood.planning
        )

    def _with_whole(self, request: ChatRequest, result: StructuredResult, principal: Principal) -> StructuredResult:
        """ "Of the cleaning orders that came in during October, how many were rush?": the count with the whole it is
        taken from, read from the words before the question as a count of its own, and only when they read cleanly
        as one that holds the part."""
        said = PART_OF.match(request.query)
        if result.intent is not Intent.count_orders or said is None:
            return result
        asked = request.model_copy(update={"query": f"How many {re.sub(WHOLE_SAID, 'orders that are', said[1])}?"})
        whole, _ = self._planned(asked, None, principal)
        if whole.intent is not Intent.count_orders or whole.decline or whole.unread_words:
            return result
        count = self._structured.run(whole, principal).facts.get("count")
        if count is None or count < result.facts["count"]:
            return result
        return result.model_copy(
            update={"facts": {**result.facts, "whole": count, "whole_plan": whole.model_dump(mode="json")}}
        )

    def _order_named(self, plan: QueryPlan, principal: Principal) -> StructuredResult | None:
        """The one order a document question names ("RO-2297 just got approved - how much deposit?"), when the caller
        may see it: a policy's rate is worked out on its total."""
        if len(plan.order_ids) != 1:
            return None
        detail = QueryPlan(intent=Intent.order_detail, order_ids=plan.order_ids, order_fields=["total"])
        result = self._structured.run(detail, principal)
        return result if result.orders and not result.refusal else None

    def _notes_asked(self, plan: QueryPlan, principal: Principal) -> QueryPlan:
        """A customer's orders asked for in words their notes speak of ("gate code at Conch Beach Resort?", "what
        ladder do we bring to Frank Whitfield's place?"): their details and notes answer instead."""
        if plan.intent is not Intent.list_orders or not plan.customer_asked or len(plan.customer_ids) != 1:
            return plan
        info = plan.model_copy(update={"intent": Intent.customer_info, "contact_fields": ["notes"]})
        customers = self._structured.run(info, principal).customers
        return info if any(notes_speak_of(plan.customer_asked, c.notes) for c in customers) else plan

    def _passages(self, plan: QueryPlan, question: str, principal: Principal) -> list[Hit]:
        """The passages that answer (the relevance gate's choice of what the search found)."""
        plan = self._sheets_of_customer(plan, principal)
        found = self._retriever.retrieve(plan, question, principal)
        hits = [h for h in found.hits if measured_alike(question, h.chunk.text)]  # no "12 months" for an average
        return answering(question, plan.order_ids, hits, found.similarity, self._relevance, self._sentence_similarity)[
            :PASSAGES
        ]

    def _sheets_of_customer(self, plan: QueryPlan, principal: Principal) -> QueryPlan:
        """A customer's order sheet asked for ("Crabby Mango's job sheet"): the documents of their orders (the
        ones the caller may see, rush ones when asked), so no other customer's sheet answers."""
        if not (plan.documents_only and plan.customer_ids and not plan.order_ids):
            return plan
        listed = QueryPlan(intent=Intent.list_orders, customer_ids=plan.customer_ids, rush_only=plan.rush_only)
        orders = self._structured.run(listed, principal)
        ids = [str(row[0]) for row in orders.table.rows] if orders.table and not orders.refusal else []
        return plan.model_copy(update={"order_ids": ids or ["none"], "customer_ids": []})

    def ask(
        self,
        principal: Principal,
        request: ChatRequest,
        on_delta: DeltaSink | None = None,
        deadline: Deadline | None = None,
        stream_to: StreamTarget | None = None,
    ) -> ChatResponse:
        """One turn. ``on_delta`` hears the answer as it is written; ``stream_to`` names the WebSocket a
        provider in another process (the inference Lambda) posts the model's pieces to itself."""
        started = time.perf_counter()
        deadline = deadline or Deadline.after(self._budget)
        # A card number typed into the question goes no further: not into the plan (stored with
        # the turn), the search, the prompt or the logs.
        request = request.model_copy(update={"query": redact(request.query)})
        session_id = request.session_id or new_id()
        settings = self._prompts()
        with counting_embeddings() as embedded:
            understood = self.understand(principal, request, session_id)
            lookup = self._lookup(principal, request.query, understood.plan, settings)
            if lookup and lookup.hit:  # the same question, understood alike, over the same data: nothing to work out
                prepared = time.perf_counter()
                turn = Answered(lookup.hit, understood.planning.plus(Usage(provider="cache", model="answer-cache")))
                if on_delta:
                    on_delta(lookup.hit.response)
            else:
                p = self.ground(principal, request, understood, settings)
                prepared = time.perf_counter()
                turn = self._answer(principal, request.query, p, on_delta, deadline, settings, stream_to)
        answered = time.perf_counter()
        usage = embedded.charged_to(turn.usage)
        chat_log_id = new_id()
        a, cached = turn.answer, None if lookup is None else lookup.hit is not None
        self._conversations.record(
            principal.username,
            session_id,
            Turn(
                question=request.query,
                answer=a.response,
                plan=a.plan,
                source_ids=a.source_ids,
                chat_log_id=chat_log_id,
                sql=a.sql,
                outcome=a.outcome,
                degraded=turn.notice is not None,
                interpretation=[part.model_dump() for part in a.understood],
            ),
            a.intent,
            (answered - started) * 1000,
            usage,
            retry_for=max(0.0, deadline.remaining()),
            cached=cached,
        )
        if self._cache and lookup and not lookup.hit and turn.reusable:
            self._cache.store(lookup, a)
        if self._metrics:
            stored = time.perf_counter()
            self._metrics.turn(
                TurnReport(
                    a.intent,
                    a.outcome,
                    (stored - started) * 1000,
                    usage,
                    {
                        "prepare": (prepared - started) * 1000,
                        "answer": (answered - prepared) * 1000,
                        "store": (stored - answered) * 1000,
                    },
                    cache=cached,
                )
            )
        return a.reply(session_id, chat_log_id, turn.notice)

    def preview(self, principal: Principal, question: str, version: int, settings: PromptSettings) -> PromptPreview:
        """A question answered with a draft prompt, as a new conversation's first turn: nothing cached,
        recorded or streamed."""
        request = ChatRequest(query=redact(question))
        understood = Understood(*self._planned(request, None, principal), history=[])
        p = self.ground(principal, request, understood, settings)
        turn = self._answer(principal, request.query, p, None, Deadline.after(self._budget), settings)
        return PromptPreview(
            **turn.answer.model_dump(
                include={"response", "sources", "data", "outcome", "suggestions", "interpretation", "sql"}
            ),
            version=version,
            notice=turn.notice,
        )

    def _lookup(self, principal: Principal, question: str, plan: QueryPlan, settings: PromptSettings) -> Lookup | None:
        """The cache's answer for the question as understood; None without a cache, or for a plan that
        can only be declined (a decline is never stored)."""
        if self._cache is None or (plan.intent is Intent.unsupported and plan.decline not in DOCUMENTS_MAY_ANSWER):
            return None
        return self._cache.lookup(question, plan, principal, self._today(), settings.fingerprint)

    def _answer(
        self,
        principal: Principal,
        question: str,
        p: Prepared,
        on_delta: DeltaSink | None,
        deadline: Deadline,
        settings: PromptSettings,
        stream_to: StreamTarget | None = None,
    ) -> Answered:
        """The answer: computed with model-written SQL, declined plainly, or generated from the grounding."""
        computed = self._compute(principal, question, p.plan, deadline)
        outcome = "answered" if computed else outcome_of(p)
        suggestions = suggest(question, p.plan, principal, settings.suggestions) if outcome != "answered" else []
        if computed or outcome == "declined":  # a decline is said plainly, never left to a model
            text, usage, notice = (
                (computed.text, computed.usage, computed.notice)
                if computed
                else (decline_message(p.plan, suggestions), Usage(provider="rules"), None)
            )
            if on_delta:
                on_delta(text)
        else:
            text, usage, notice = self._generate(p, question, on_delta, deadline, stream_to)
        if not usage.input_tokens and outcome != "declined":
            usage.input_tokens = p.prompt.tokens
        answer = safe_links(redact(text))
        personal = usage.provider not in GROUNDING_ONLY and (bool(p.prompt.history) or names_asker(answer, principal))
        understood = interpret(p.plan, principal)
        if outcome == "denied":  # not the caller's to see: not even which customer it was
            understood = [part for part in understood if part.label != "Customer"]
        shared = {
            "response": answer,
            "plan": p.plan.model_dump(mode="json"),
            "understood": understood,
            "source_ids": list(dict.fromkeys(s.id for s in p.sources)),
        }
        if computed:
            reusable = ReusableAnswer(**shared, data=computed.table, sql=computed.sql, intent="sql")
        else:
            data = (
                DataTable.model_validate(redact_deep(p.result.table.model_dump(mode="json")))
                if p.result and p.result.table and not p.result.refusal
                else None
            )
            reusable = ReusableAnswer(
                **shared,
                sources=p.sources,
                data=data,
                outcome=outcome,
                suggestions=suggestions,
                interpretation=understood,
                intent=p.plan.intent.value,
            )
        return Answered(reusable, p.planning.plus(usage), notice, personal)

    def _compute(self, principal: Principal, question: str, plan: QueryPlan, deadline: Deadline) -> SqlAnswer | None:
        """A measure no plan computes (an average, a share, a comparison...), computed with model-written SQL when
        the provider writes SQL; None: the question is declined as before."""
        if self._sql is None or plan.decline != "unsupported_measure":
            return None
        return self._sql.answer(principal, question, Deadline(deadline.at - STORE_RESERVE_SECONDS))

    def _generate(
        self,
        p: Prepared,
        question: str,
        on_delta: DeltaSink | None,
        deadline: Deadline,
        stream_to: StreamTarget | None = None,
    ) -> tuple[str, Usage, str | None]:
        """The model's answer; the grounded one, with a notice, when the model fails or is too slow."""
        request = InferenceRequest(
            system=p.prompt.system,
            messages=[
                m
                for q, a in p.prompt.history
                for m in (Message(role="user", content=q), Message(role="assistant", content=a))
            ]
            + [Message(role="user", content=p.prompt.user)],
            grounding=Grounding(question=question, plan=p.plan, structured=p.result, passages=p.passages),
            stream_to=stream_to,
        )
        request.timeout_seconds = round(deadline.remaining() - STORE_RESERVE_SECONDS, 3)
        gate = DeltaGate(on_delta) if on_delta else None
        if request.timeout_seconds < MIN_GENERATION_SECONDS:
            notice = SLOW_NOTICE
        else:
            try:
                generated = deadline.run(lambda: self._inference.generate(request, gate), reserve=STORE_RESERVE_SECONDS)
                return generated.text, generated.usage, None
            except InferenceError:
                notice = FALLBACK_NOTICE
            except DeadlineExceeded:
                notice = SLOW_NOTICE
        if gate:
            gate.close()  # a late model's pieces must not follow the grounded answer
        text = self._fallback.compose(question, p.plan, p.result, p.passages)
        if on_delta:
            on_delta(text)
        return text, Usage(provider="fallback", model="grounded-composer"), notice
