"""Who is calling: Cognito claims on AWS (people and integrations).

Every provider resolves to the same ``Principal``; the factory picks one from settings (local
mode's signed dev tokens are ``local/dev_identity.py``).
"""

from __future__ import annotations

from typing import Any, Protocol

from awning_assistant.errors import Forbidden, NotFound, Unauthorized
from awning_assistant.identity.access import Principal
from awning_assistant.models import User
from awning_assistant.records.store import Integration, RecordStore

ROLE_ORDER = ("admin", "manager", "staff")
# The scope an integration's access token must carry: template.yaml's ApiResourceServer
# (identifier/scope), which the /integrations/* route's authorizer requires too.
INTEGRATION_SCOPE = "awning-api/query"
INTEGRATIONS_PATH = "/integrations/"
# Integrations' usernames (sessions and audit are keyed by username) are this prefix and the
# client id; a person's username can never start with it.
INTEGRATION_PREFIX = "integration:"


def principal_of(user: User) -> Principal:
    return Principal(username=user.username, name=user.name, role=user.role, territories=user.territories)


def integration_principal(integration: Integration) -> Principal:
    return Principal(
        username=f"{INTEGRATION_PREFIX}{integration.client_id}",
        name=integration.name,
        role=integration.role,
        territories=integration.territories,
    )


def claim_values(value: Any) -> list[str]:
    """A multi-valued claim as API Gateway passes it: a list, or one string ("a b", "[a b]" or "a,b")."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v for v in str(value or "").replace(",", " ").strip("[]").split() if v]


def authorizer_context(principal: Principal) -> dict[str, str]:
    """What the WebSocket ``$connect`` authorizer hands to every later message (strings only)."""
    return {
        "username": principal.username,
        "name": principal.name,
        "role": principal.role,
        "territories": ",".join(principal.territories),
    }


def websocket_principal(event: dict[str, Any]) -> Principal | None:
    """The principal of a WebSocket message event, from its authorizer context (None otherwise)."""
    context = event.get("requestContext") or {}
    if "connectionId" not in context:
        return None
    auth = context.get("authorizer") or {}
    if not auth.get("username") or auth.get("role") not in ROLE_ORDER:
        raise Unauthorized("This connection was not authorized; reconnect with a valid token.")
    return Principal(
        username=auth["username"],
        name=auth.get("name", ""),
        role=auth["role"],
        territories=[t for t in str(auth.get("territories", "")).split(",") if t],
    )


class IdentityProvider(Protocol):
    def principal(self, event: dict[str, Any]) -> Principal:
        """The caller of an API Gateway (REST or WebSocket) event; raises Unauthorized when unknown."""

    def authorize_token(self, token: str) -> Principal:
        """The principal of a bare token (WebSocket ``$connect``); raises Unauthorized."""

    def dev_login(self, username: str) -> str:
        """A bearer token for a loaded user (local mode only)."""


class CognitoIdentity:
    """Cognito user-pool claims: a person's ID token (groups are roles) or an integration's access token.

    An integration is a Cognito app client using the client-credentials grant; its role and
    territories come from its item in the integrations table (by ``client_id``), which no import
    writes. Its API key only meters it (usage plan): a key alone identifies no one.
    """

    def __init__(self, records: RecordStore, user_pool_id: str | None, client_id: str | None, region: str) -> None:
        self._records = records
        self._pool = user_pool_id
        self._client_id = client_id
        self._issuer = f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
        self._jwks: Any = None

    def principal(self, event: dict[str, Any]) -> Principal:
        socket_caller = websocket_principal(event)
        if socket_caller:
            return socket_caller
        context = event.get("requestContext") or {}
        claims = (context.get("authorizer") or {}).get("claims")
        if not claims:
            raise Unauthorized("Sign in; integrations send a client-credentials access token and their API key.")
        if claims.get("token_use") == "access":
            if not str(context.get("resourcePath") or "").startswith(INTEGRATIONS_PATH):
                raise Unauthorized(f"Access tokens are accepted under {INTEGRATIONS_PATH} only.")
            return self._from_access_claims(claims)
        if claims.get("token_use") == "id":
            return self._from_claims(claims)
        raise Unauthorized("Send an ID token, or as an integration an access token.")

    def _from_access_claims(self, claims: dict[str, Any]) -> Principal:
        """An integration: its app client's registration decides, never the token or the users table."""
        client_id = str(claims.get("client_id") or "").strip()
        if not client_id:
            raise Unauthorized("The access token names no app client.")
        if claims.get("username"):  # a person's access token; client-credentials tokens name no user
            raise Forbidden("Integrations use the client-credentials grant; people send their ID token.")
        if INTEGRATION_SCOPE not in claim_values(claims.get("scope")):
            raise Forbidden(f"The access token lacks the {INTEGRATION_SCOPE} scope.")
        integration = self._records.get_integration(client_id)
        if integration is None:
            raise Forbidden(
                f"App client {client_id} is not registered as an integration (or its registration "
                "is incomplete); ask an administrator."
            )
        return integration_principal(integration)

    @staticmethod
    def _from_claims(claims: dict[str, Any]) -> Principal:
        groups = claim_values(claims.get("cognito:groups"))
        role = next((r for r in ROLE_ORDER if r in groups), None)
        if role is None:
            raise Unauthorized("Your account has no role yet; ask an administrator.")
        territories = [t.strip() for t in str(claims.get("custom:territories") or "").split(",") if t.strip()]
        username = claims.get("cognito:username") or claims.get("username") or claims.get("sub")
        if str(username).startswith(INTEGRATION_PREFIX):
            raise Unauthorized("This username is reserved for integrations; ask an administrator.")
        return Principal(username=username, name=claims.get("name", username), role=role, territories=territories)

    def authorize_token(self, token: str) -> Principal:
        """Verify a Cognito ID token: signature by the pool's JWKS, issuer, expiry, and the app
        client (audience) when ``cognito_client_id`` is set."""
        import jwt

        if not self._pool:
            raise Unauthorized("Sign-in is not configured.")
        if self._jwks is None:
            self._jwks = jwt.PyJWKClient(f"{self._issuer}/.well-known/jwks.json", cache_keys=True)
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self._client_id,
                issuer=self._issuer,
                options={"verify_aud": self._client_id is not None},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized("The token is not valid.") from exc
        if claims.get("token_use") != "id":
            raise Unauthorized("Send the ID token.")
        return self._from_claims(claims)

    def dev_login(self, username: str) -> str:
        raise NotFound("Dev login exists only in local mode.")
