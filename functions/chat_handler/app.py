"""Chat API: authenticate, validate, call the domain package, shape the JSON reply.

One entry per event type, each its own Lambda function over this code (template.yaml): ``lambda_handler``
for the REST API, ``socket_handler`` for the WebSocket API's routes (streamed answers) and
``socket_authorizer`` for its ``$connect`` authorizer.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponseWebSocket,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from awning_assistant.analytics.api import run_query, schema_for
from awning_assistant.answering.conversations import SessionSummary, Turn
from awning_assistant.answering.deadline import Deadline
from awning_assistant.answering.prompt_store import PromptDraft, PromptVersion, PromptVersionPage
from awning_assistant.answering.streaming import Connection, answer_over_socket, management_endpoint
from awning_assistant.api_docs import OPENAPI, PUBLIC, responses
from awning_assistant.console import (
    MAX_USAGE_DAYS,
    ReviewItem,
    ReviewPage,
    ReviewState,
    UsageReport,
    may_change,
    may_view,
)
from awning_assistant.contracts import (
    RECORD_ID_PATTERN,
    SESSION_ID_PATTERN,
    AnalyticsQueryRequest,
    AnalyticsQueryResponse,
    AnalyticsSchema,
    ChatRequest,
    ChatResponse,
    DevLoginRequest,
    DevLoginResponse,
    ErrorBody,
    FeedbackRequest,
    PreviewRequest,
    PromptPreview,
    UploadRequest,
)
from awning_assistant.documents import MAX_PAGES
from awning_assistant.documents.catalog import DocumentRecord
from awning_assistant.documents.store import DOCUMENT_NAME_PATTERN, DocumentList, DocumentPage, UploadTicket
from awning_assistant.errors import (
    UNAVAILABLE_MESSAGE,
    AppError,
    InternalError,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
    is_unavailable,
)
from awning_assistant.factory import get_services
from awning_assistant.identity.access import Principal
from awning_assistant.identity.providers import authorizer_context
from awning_assistant.models import RecordType, User
from awning_assistant.observability import NAMESPACE
from awning_assistant.records.views import BrowsableType, RecordView, view_record

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace=NAMESPACE)  # the turns' figures (awning_assistant.observability), flushed per invocation
app = APIGatewayRestResolver(enable_validation=True, strip_prefixes=["/api", "/integrations"])
app.configure_openapi(**OPENAPI)
app.enable_swagger(path="/docs", **OPENAPI)  # Swagger UI; its JSON is /openapi.json
DocumentName = Annotated[str, Path(pattern=DOCUMENT_NAME_PATTERN)]
PromptVersionNumber = Annotated[int, Path(ge=0, le=1_000_000, description="0 is the built-in prompt")]
REPLY_MARGIN_SECONDS = 1.5  # API Gateway cuts the request at 29 s; the answer must be back before


def authenticate(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Every route of the API but the public ones knows its caller before it runs (401 otherwise): the principal
    is put in the request context, where ``caller`` reads it. Powertools' own routes (Swagger UI, the 404 of a
    path no route serves) and ours outside the API's schema (the OpenAPI document, a 405) serve no records."""
    route = app.context.get("_route")
    if route is not None and route.func.__module__ == __name__ and route.include_in_schema and route.security != PUBLIC:
        app.append_context(principal=get_services().identity.principal(app.current_event.raw_event))
    return next_middleware(app)


app.use(middlewares=[authenticate])


def caller() -> Principal:
    """The signed-in caller of this request (``authenticate`` found them)."""
    principal: Principal = app.context["principal"]
    return principal


@app.get("/openapi.json", include_in_schema=False, security=PUBLIC)
def openapi_document() -> dict[str, Any]:
    return json.loads(app.get_openapi_json_schema(**OPENAPI))


@app.get("/health", security=PUBLIC, responses=responses(signed_in=False), summary="Liveness")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post(
    "/auth/dev-login",
    security=PUBLIC,
    responses=responses(404, 415, signed_in=False),
    summary="Sign in as a loaded user (local mode only)",
)
def dev_login(body: DevLoginRequest) -> DevLoginResponse:
    services = get_services()
    token = services.identity.dev_login(body.username)
    user = services.records.get_user(body.username)
    return DevLoginResponse(token=token, user=user.model_dump() if user else {})


@app.get(
    "/auth/users",
    security=PUBLIC,
    responses=responses(404, signed_in=False),
    summary="The users one may sign in as (local mode only)",
)
def users() -> list[User]:
    identity = get_services().identity
    if not hasattr(identity, "users"):
        raise NotFound("Sign-in users are listed only in local mode.")
    return identity.users()


@app.get("/auth/me", responses=responses(), summary="The caller: role and territories")
def me() -> Principal:
    return caller()


@app.get(
    "/records/<record_type>/<record_id>",
    responses=responses(404),
    summary="A record the caller may see (redacted); 404 for one they may not",
)
def get_record(
    record_type: Annotated[BrowsableType, Path()], record_id: Annotated[str, Path(pattern=RECORD_ID_PATTERN)]
) -> RecordView:
    return view_record(get_services().records, caller(), RecordType(record_type), record_id)


@app.post("/chat/query", responses=responses(415), summary="Ask a question; the answer comes with its sources")
def chat_query(body: ChatRequest) -> ChatResponse:
    services = get_services()
    deadline = Deadline.of_lambda(
        app.lambda_context, margin=REPLY_MARGIN_SECONDS, cap=services.settings.turn_budget_seconds
    )
    return services.chat.ask(caller(), body, deadline=deadline)


@app.post(
    "/analytics/query",
    responses=responses(403, 415),
    summary="Run one read-only SQL SELECT over the analytic views (managers and admins); 422 names what stopped it",
)
def analytics_query(body: AnalyticsQueryRequest) -> AnalyticsQueryResponse:
    principal = caller()  # 401 before the sandbox is touched
    services = get_services()
    return run_query(services.analytics, principal, body.sql, services.conversations.record_action)


@app.get(
    "/analytics/schema",
    responses=responses(),
    summary="The views and columns SQL may name, with their meanings (staff: without order money)",
)
def analytics_schema() -> AnalyticsSchema:
    return schema_for(caller())


@app.post("/chat/feedback", responses=responses(404, 415), summary="Rate one of the caller's answers")
def chat_feedback(body: FeedbackRequest) -> dict[str, str]:
    services = get_services()
    services.conversations.feedback(caller().username, body.chat_log_id, body.rating, body.comment)
    services.metrics.rating(body.rating)
    return {"status": "stored"}


@app.get("/chat/sessions", responses=responses(), summary="The caller's conversations, newest first")
def chat_sessions() -> list[SessionSummary]:
    return get_services().conversations.sessions(caller().username)


@app.get("/chat/sessions/<session_id>", responses=responses(404), summary="One of the caller's conversations")
def chat_session(session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)]) -> list[Turn]:
    return get_services().conversations.transcript(caller().username, session_id)


@app.get(
    "/documents", responses=responses(), summary="The shop's documents with their indexing status, a page at a time"
)
def documents(
    cursor: Annotated[str | None, Query(max_length=160)] = None, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> DocumentList:
    caller()
    return get_services().documents.list(cursor, limit)


@app.post(
    "/documents/upload-url",
    responses=responses(400, 403, 409, 415),
    summary="A presigned upload (managers and admins); replacing needs replace=true",
)
def upload_url(body: UploadRequest) -> UploadTicket:
    return get_services().documents.upload_ticket(caller(), body.filename, body.content_type, body.replace)


@app.delete("/documents/<name>", responses=responses(403, 404), summary="Delete a document (managers and admins)")
def delete_document(name: DocumentName) -> dict[str, str]:
    get_services().documents.delete(caller(), name)
    return {"status": "deleted"}


@app.post(
    "/documents/<name>/retry",
    responses=responses(403, 404),
    summary="Index a document again, e.g. after a failure (managers and admins)",
)
def retry_document(name: DocumentName) -> DocumentRecord:
    return get_services().documents.retry(caller(), name)


@app.get(
    "/documents/<name>/status",
    responses=responses(404),
    summary="A document's indexing status: processing, indexed (pages, chunks) or failed (why)",
)
def document_status(name: DocumentName) -> DocumentRecord:
    caller()
    return get_services().documents.status(name)


@app.get("/documents/<name>", responses=responses(404), summary="A page of a document's text, and a download link")
def document_page(name: DocumentName, page: Annotated[int, Query(ge=1, le=MAX_PAGES)] = 1) -> DocumentPage:
    caller()
    return get_services().documents.page(name, page)


@app.get(
    "/admin/usage",
    responses=responses(403),
    summary="Questions per day, outcomes, latency, tokens and estimated cost, by day and by user (managers and admins)",
)
def admin_usage(days: Annotated[int, Query(ge=1, le=MAX_USAGE_DAYS)] = 14) -> UsageReport:
    may_view(caller())
    return get_services().console.usage(days)


@app.get(
    "/admin/reviews",
    responses=responses(400, 403),
    summary="Declined and thumbs-down answers to review, newest first, a page at a time (managers and admins)",
)
def admin_reviews(
    state: Annotated[ReviewState, Query()] = "open",
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
) -> ReviewPage:
    may_view(caller())
    return get_services().console.reviews(state, cursor, limit)


@app.post(
    "/admin/reviews/<chat_log_id>/reviewed", responses=responses(403, 404), summary="Mark an answer reviewed (admins)"
)
def mark_reviewed(chat_log_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)]) -> ReviewItem:
    principal = caller()
    may_change(principal)
    services = get_services()
    reviewed = services.console.mark_reviewed(chat_log_id, principal.username)
    services.conversations.record_action(principal.username, "review.mark", chat_log_id)
    return reviewed


@app.get(
    "/admin/prompts",
    responses=responses(403),
    summary="The prompt's versions (house rules and suggested questions), newest first (managers and admins)",
)
def prompt_versions(
    before: Annotated[int | None, Query(ge=1, le=1_000_000)] = None, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> PromptVersionPage:
    may_view(caller())
    return get_services().prompt_store.versions(before, limit)


@app.get("/admin/prompts/<version>", responses=responses(403, 404), summary="One prompt version (managers and admins)")
def prompt_version(version: PromptVersionNumber) -> PromptVersion:
    may_view(caller())
    return get_services().prompt_store.version(version)


@app.post(
    "/admin/prompts",
    responses=responses(403, 409, 415),
    summary="Save a new prompt version, not yet used: preview it, then publish it (admins)",
)
def save_prompt(body: PromptDraft) -> PromptVersion:
    principal = caller()
    may_change(principal)
    services = get_services()
    saved = services.prompt_store.save(body, principal.username)
    services.conversations.record_action(principal.username, "prompt.save", str(saved.version))
    return saved


@app.post(
    "/admin/prompts/<version>/preview",
    responses=responses(403, 404, 415),
    summary="Ask a question with a prompt version before publishing it; not cached or recorded (admins)",
)
def preview_prompt(version: PromptVersionNumber, body: PreviewRequest) -> PromptPreview:
    principal = caller()
    may_change(principal)
    services = get_services()
    draft = services.prompt_store.version(version)
    return services.chat.preview(principal, body.query, version, draft)


@app.post(
    "/admin/prompts/<version>/publish",
    responses=responses(403, 404),
    summary="Make a prompt version the one the assistant uses; an older one rolls back (admins)",
)
def publish_prompt(version: PromptVersionNumber) -> PromptVersion:
    principal = caller()
    may_change(principal)
    services = get_services()
    published = services.prompt_store.publish(version, principal.username)
    services.conversations.record_action(principal.username, "prompt.publish", str(version))
    return published


@app.exception_handler(AppError)
def app_error(exc: AppError) -> Response:
    return Response(
        status_code=exc.status_code,
        content_type=content_types.APPLICATION_JSON,
        body=ErrorBody(error=exc.code, message=exc.message).model_dump(),
    )


@app.exception_handler(RequestValidationError)
def invalid_request(exc: RequestValidationError) -> Response:
    problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return app_error(InvalidRequest("; ".join(problems)))


def served_methods(path: str) -> list[str]:
    """The methods the routes serve at ``path`` (prefix stripped): its concrete route's when it has one, since
    OpenAPI matches a concrete path before a templated one."""
    for routes in (app._static_routes, app._dynamic_routes):
        methods = {route.method for route in routes if route.rule.match(path) and route.func is not shadowed_method}
        if methods:
            return sorted(methods)
    return []


def method_not_allowed() -> Response:
    """405 with the methods the path does take in ``Allow``."""
    methods = served_methods(app.context.get("_path", ""))
    response = app_error(MethodNotAllowed(f"{app.current_event.path} takes {', '.join(methods)}."))
    response.headers["Allow"] = ", ".join(methods)
    return response


@app.route("/documents/upload-url", method=["GET", "DELETE"], include_in_schema=False)
def shadowed_method() -> Response[ErrorBody]:
    """Without this, GET and DELETE of /documents/upload-url reach /documents/<name> and get a 422 (no such
    name); like any method a path does not take, they get a 405."""
    return method_not_allowed()


@app.not_found
def not_found(exc: Exception) -> Response:
    """404 for a path no route serves, 405 for one served with other methods."""
    if served_methods(app.context.get("_path", "")):
        return method_not_allowed()
    return app_error(NotFound(f"No such endpoint: {app.current_event.path}"))


@app.exception_handler(Exception)
def unexpected(exc: Exception) -> Response:
    if is_unavailable(exc):
        logger.warning("a dependency is unavailable", extra={"error": type(exc).__name__})
        return app_error(ServiceUnavailable(UNAVAILABLE_MESSAGE))
    logger.exception("unhandled error")
    return app_error(InternalError("Something went wrong on our side; please try again."))


BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def refuse_non_json_body(event: dict[str, Any]) -> dict[str, Any] | None:
    """415 for a POST, PUT or PATCH whose declared body type is not JSON. It is decided before Powertools'
    validation, which parses form and multipart bodies (the API documents JSON only), raises for other types
    (which the catch-all handler made a 500) and fails with a bare ValueError on a multipart type without a
    boundary."""
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    media_type = (headers.get("content-type") or "").split(";", 1)[0].strip()
    if event.get("httpMethod") not in BODY_METHODS or media_type in ("", "application/json"):
        return None
    error = UnsupportedMediaType(f"Send the body as JSON (Content-Type: application/json), not {media_type}.")
    return {
        "statusCode": error.status_code,
        "headers": {"Content-Type": content_types.APPLICATION_JSON},
        "body": ErrorBody(error=error.code, message=error.message).model_dump_json(),
        "isBase64Encoded": False,
    }


@logger.inject_lambda_context
@event_source(data_class=APIGatewayAuthorizerRequestEvent)
def socket_authorizer(event: APIGatewayAuthorizerRequestEvent, context: LambdaContext) -> dict[str, Any]:
    """The WebSocket API's ``$connect`` authorizer: the token in the query string decides; the principal rides
    along in the context every message of the connection carries."""
    token = (event.query_string_parameters or {}).get("token", "")
    try:
        principal = get_services().identity.authorize_token(token)
    except Unauthorized:
        denied = APIGatewayAuthorizerResponseWebSocket.from_route_arn(event.method_arn, "anonymous")
        denied.deny_all_routes()
        return denied.asdict()
    allowed = APIGatewayAuthorizerResponseWebSocket.from_route_arn(
        event.method_arn, principal.username, authorizer_context(principal)
    )
    allowed.allow_all_routes()
    return allowed.asdict()


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # answers may hold record text
@metrics.log_metrics
def socket_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The WebSocket API's routes: connect and disconnect are acknowledged, messages are answered as a stream."""
    if event["requestContext"].get("eventType") != "MESSAGE":
        return {"statusCode": 200}
    services = get_services()
    endpoint = management_endpoint(event, services.settings.websocket_management_scheme)
    connection = Connection(services.management_client(endpoint), event["requestContext"]["connectionId"], endpoint)
    deadline = Deadline.of_lambda(context, margin=REPLY_MARGIN_SECONDS, cap=services.settings.turn_budget_seconds)
    answer_over_socket(
        services.chat, lambda: services.identity.principal(event), connection, event.get("body"), deadline
    )
    return {"statusCode": 200}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # answers may hold record text
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The REST API (people and integrations)."""
    return refuse_non_json_body(event) or app.resolve(event, context)
