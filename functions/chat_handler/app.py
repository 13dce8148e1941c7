"""Chat API: authenticate, validate, call the domain package, shape the JSON reply.

One function serves the REST API, the WebSocket API's messages (streamed answers) and its
``$connect`` authorizer; the event's shape says which.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from awning_assistant.access import Principal
from awning_assistant.contracts import (
    ChatRequest,
    ChatResponse,
    DevLoginRequest,
    DevLoginResponse,
    FeedbackRequest,
    UploadRequest,
)
from awning_assistant.conversations import SessionSummary, Turn
from awning_assistant.document_store import DocumentInfo, DocumentPage, DocumentStatus, UploadTicket
from awning_assistant.errors import AppError, BadRequest, NotFound, Unauthorized
from awning_assistant.factory import get_services
from awning_assistant.identity import authorizer_context
from awning_assistant.models import User
from awning_assistant.record_views import RecordView, parse_record_type, view_record
from awning_assistant.streaming import Connection, answer_over_socket, management_endpoint

logger = Logger()
tracer = Tracer()
app = APIGatewayRestResolver(enable_validation=True, strip_prefixes=["/api", "/integrations"])


def caller() -> Principal:
    return get_services().identity.principal(app.current_event.raw_event)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/dev-login")
def dev_login(body: DevLoginRequest) -> DevLoginResponse:
    services = get_services()
    token = services.identity.dev_login(body.username)
    user = services.records.get_user(body.username)
    return DevLoginResponse(token=token, user=user.model_dump() if user else {})


@app.get("/auth/users")
def users() -> list[User]:
    """The users of the loaded data (local mode's sign-in screen); 404 on AWS."""
    identity = get_services().identity
    if not hasattr(identity, "users"):
        raise NotFound("Sign-in users are listed only in local mode.")
    return identity.users()


@app.get("/auth/me")
def me() -> dict[str, Any]:
    return caller().model_dump()


@app.get("/records/<record_type>/<record_id>")
def get_record(record_type: str, record_id: str) -> RecordView:
    return view_record(get_services().records, caller(), parse_record_type(record_type), record_id)


@app.post("/chat/query")
def chat_query(body: ChatRequest) -> ChatResponse:
    return get_services().chat.ask(caller(), body)


@app.post("/chat/feedback")
def chat_feedback(body: FeedbackRequest) -> dict[str, str]:
    get_services().conversations.feedback(caller().username, body.chat_log_id, body.rating, body.comment)
    return {"status": "stored"}


@app.get("/chat/sessions")
def chat_sessions() -> list[SessionSummary]:
    return get_services().conversations.sessions(caller().username)


@app.get("/chat/sessions/<session_id>")
def chat_session(session_id: str) -> list[Turn]:
    return get_services().conversations.transcript(caller().username, session_id)


@app.get("/documents")
def documents() -> list[DocumentInfo]:
    caller()
    return get_services().documents.list()


@app.post("/documents/upload-url")
def upload_url(body: UploadRequest) -> UploadTicket:
    caller()
    return get_services().documents.upload_ticket(body.filename, body.content_type)


@app.get("/documents/<name>/status")
def document_status(name: str) -> DocumentStatus:
    caller()
    return get_services().documents.status(name)


@app.get("/documents/<name>")
def document_page(name: str) -> DocumentPage:
    caller()
    page = app.current_event.get_query_string_value("page", "1") or "1"
    if not page.isdigit():
        raise BadRequest("page: must be a positive whole number")
    return get_services().documents.page(name, int(page))


@app.exception_handler(AppError)
def app_error(exc: AppError) -> Response:
    return Response(status_code=exc.status_code, content_type=content_types.APPLICATION_JSON,
                    body={"error": exc.code, "message": exc.message})


@app.exception_handler(RequestValidationError)
def invalid_request(exc: RequestValidationError) -> Response:
    problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return Response(status_code=422, content_type=content_types.APPLICATION_JSON,
                    body={"error": "invalid_request", "message": "; ".join(problems)})


@app.not_found
def not_found(exc: Exception) -> Response:
    return Response(status_code=404, content_type=content_types.APPLICATION_JSON,
                    body={"error": "not_found", "message": f"No such endpoint: {app.current_event.path}"})


@app.exception_handler(Exception)
def unexpected(exc: Exception) -> Response:
    logger.exception("unhandled error")
    return Response(status_code=500, content_type=content_types.APPLICATION_JSON,
                    body={"error": "internal", "message": "Something went wrong on our side; please try again."})


def authorize_socket(event: dict[str, Any]) -> dict[str, Any]:
    """``$connect`` authorizer: the token in the query string decides; the principal rides along."""
    token = (event.get("queryStringParameters") or {}).get("token", "")
    try:
        principal = get_services().identity.authorize_token(token)
    except Unauthorized:
        return {"principalId": "anonymous", "policyDocument": _policy("Deny", event["methodArn"])}
    return {"principalId": principal.username, "policyDocument": _policy("Allow", event["methodArn"]),
            "context": authorizer_context(principal)}


def _policy(effect: str, resource: str) -> dict[str, Any]:
    return {"Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}


def handle_socket(event: dict[str, Any]) -> dict[str, Any]:
    """WebSocket routes: connect/disconnect are acknowledged, messages are answered as a stream."""
    if event["requestContext"].get("eventType") != "MESSAGE":
        return {"statusCode": 200}
    services = get_services()
    endpoint = management_endpoint(event, services.settings.websocket_management_scheme)
    connection = Connection(services.management_client(endpoint), event["requestContext"]["connectionId"], endpoint)
    answer_over_socket(services.chat, lambda: services.identity.principal(event), connection, event.get("body"))
    return {"statusCode": 200}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("type") == "REQUEST" and "methodArn" in event:
        return authorize_socket(event)
    if "connectionId" in (event.get("requestContext") or {}):
        return handle_socket(event)
    return app.resolve(event, context)
