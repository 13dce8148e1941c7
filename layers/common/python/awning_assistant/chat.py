"""One chat turn, end to end: plan, query, retrieve, prompt, generate, redact, remember, audit.

Access is applied before anything is read (structured scope, search filters), so what
reaches the prompt, the sources and the logs is already what the caller may see. When
generation fails the caller still gets the grounded answer and sources, with a notice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .access import Principal
from .chunk import Chunk
from .composer import Composer
from .contracts import ChatFilters, ChatRequest, ChatResponse, Source
from .conversations import Conversations, Turn, Usage, new_id
from .inference import DeltaSink, Grounding, InferenceClient, InferenceError, InferenceRequest, Message
from .planner import Planner
from .prompts import Prompt, build_prompt
from .query_model import Intent, QueryPlan
from .record_views import record_url
from .redaction import redact
from .retrieval import Retriever
from .search_index import Hit
from .structured import StructuredQueries, StructuredResult

FALLBACK_NOTICE = "The language model is unavailable right now; this answer was composed directly from the records."
RETRIEVAL_INTENTS = frozenset({Intent.search})


def passage_source(hit: Hit) -> Source:
    c = hit.chunk
    return Source(type=c.record_type, id=c.record_id, title=c.title, url=record_url(c.record_type, c.record_id, c.page),
                  page=c.page, score=round(hit.score, 6))


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
class Prepared:
    """A turn up to the prompt: what generation will be grounded on."""

    plan: QueryPlan
    result: StructuredResult | None
    passages: list[Chunk]
    sources: list[Source]
    prompt: Prompt


class ChatService:
    """Answers questions for authenticated principals."""

    def __init__(self, planner: Planner, structured: StructuredQueries, retriever: Retriever,
                 inference: InferenceClient, conversations: Conversations, today: Callable[[], date]) -> None:
        self._planner = planner
        self._structured = structured
        self._retriever = retriever
        self._inference = inference
        self._conversations = conversations
        self._today = today  # a clock: Lambda containers outlive a day

    def prepare(self, principal: Principal, request: ChatRequest, session_id: str) -> Prepared:
        """Everything before generation: history, plan, structured result, passages, prompt."""
        history = self._conversations.history(principal.username, session_id)
        previous = QueryPlan.model_validate(history[-1].plan) if history and history[-1].plan else None
        plan = apply_filters(self._planner.plan(request.query, previous), request.filters)
        result: StructuredResult | None = None
        hits: list[Hit] = []
        if plan.intent in RETRIEVAL_INTENTS:
            hits = self._retriever.retrieve(plan, request.query, principal)
        else:
            result = self._structured.run(plan, principal)
        passages = [h.chunk for h in hits]
        prompt = build_prompt(request.query, principal, self._today(), history, result, passages)
        sources = (result.sources if result else []) + [passage_source(h) for h in hits]
        return Prepared(plan=plan, result=result, passages=passages, sources=sources, prompt=prompt)

    def ask(self, principal: Principal, request: ChatRequest, on_delta: DeltaSink | None = None) -> ChatResponse:
        started = time.perf_counter()
        session_id = request.session_id or new_id()
        p = self.prepare(principal, request, session_id)
        inference_request = InferenceRequest(
            system=p.prompt.system,
            messages=[m for q, a in p.prompt.history for m in (Message(role="user", content=q),
                                                               Message(role="assistant", content=a))]
            + [Message(role="user", content=p.prompt.user)],
            grounding=Grounding(question=request.query, plan=p.plan, structured=p.result, passages=p.passages))
        notice = None
        try:
            generated = self._inference.generate(inference_request, on_delta)
            text, usage = generated.text, generated.usage
        except InferenceError:
            text = Composer().compose(request.query, p.plan, p.result, p.passages)
            usage, notice = Usage(provider="fallback", model="grounded-composer"), FALLBACK_NOTICE
            if on_delta:
                on_delta(text)
        if not usage.input_tokens:
            usage.input_tokens = p.prompt.tokens
        answer = redact(text)

        chat_log_id = new_id()
        source_ids = list(dict.fromkeys(s.id for s in p.sources))
        self._conversations.record_turn(principal.username, session_id, Turn(
            question=request.query, answer=answer, plan=p.plan.model_dump(mode="json"), source_ids=source_ids,
            chat_log_id=chat_log_id))
        self._conversations.audit(chat_log_id, principal.username, session_id, request.query, answer, source_ids,
                                  p.plan.intent.value, (time.perf_counter() - started) * 1000, usage)
        data = p.result.table if p.result and not p.result.refusal else None
        return ChatResponse(response=answer, sources=p.sources, data=data, session_id=session_id,
                            chat_log_id=chat_log_id, notice=notice)
