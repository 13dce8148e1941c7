"""Who is calling: Cognito claims or an API key on AWS, signed dev tokens in local mode.

Both providers resolve to the same ``Principal``; the factory picks one from settings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any, Protocol

from .access import Principal
from .errors import NotFound, Unauthorized
from .models import User
from .records import RecordStore

ROLE_ORDER = ("admin", "manager", "staff")


def principal_of(user: User) -> Principal:
    return Principal(username=user.username, name=user.name, role=user.role, territories=user.territories)


class IdentityProvider(Protocol):
    def principal(self, event: dict[str, Any]) -> Principal:
        """The caller of an API Gateway proxy event; raises Unauthorized when unknown."""

    def dev_login(self, username: str) -> str:
        """A bearer token for a loaded user (local mode only)."""


class CognitoIdentity:
    """Cognito user-pool claims (groups are roles) or an integration's API key.

    An API key identifies an integration through a users-table entry whose username is
    the key's id, so an integration gets a role and territories like any person.
    """

    def __init__(self, records: RecordStore) -> None:
        self._records = records

    def principal(self, event: dict[str, Any]) -> Principal:
        context = event.get("requestContext") or {}
        claims = (context.get("authorizer") or {}).get("claims")
        if claims:
            return self._from_claims(claims)
        api_key_id = (context.get("identity") or {}).get("apiKeyId")
        if api_key_id:
            user = self._records.get_user(api_key_id)
            if user:
                return principal_of(user)
        raise Unauthorized("Sign in or send a registered API key.")

    @staticmethod
    def _from_claims(claims: dict[str, Any]) -> Principal:
        groups = claims.get("cognito:groups") or ""
        if isinstance(groups, str):
            groups = [g for g in groups.replace(",", " ").strip("[]").split() if g]
        role = next((r for r in ROLE_ORDER if r in groups), None)
        if role is None:
            raise Unauthorized("Your account has no role yet; ask an administrator.")
        territories = [t.strip() for t in str(claims.get("custom:territories") or "").split(",") if t.strip()]
        username = claims.get("cognito:username") or claims.get("username") or claims.get("sub")
        return Principal(username=username, name=claims.get("name", username), role=role,
                         territories=territories)

    def dev_login(self, username: str) -> str:
        raise NotFound("Dev login exists only in local mode.")


class DevIdentity:
    """HMAC-signed bearer tokens for the users of the loaded dataset (local mode)."""

    def __init__(self, records: RecordStore, secret: str, ttl_seconds: int = 12 * 3600) -> None:
        self._records = records
        self._secret = secret.encode()
        self._ttl = ttl_seconds

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()

    def dev_login(self, username: str) -> str:
        if not self._records.get_user(username):
            raise NotFound(f"No user named {username!r} in the loaded users.")
        payload = base64.urlsafe_b64encode(json.dumps({"u": username, "exp": int(time.time()) + self._ttl})
                                           .encode()).decode()
        return f"{payload}.{self._sign(payload.encode())}"

    def principal(self, event: dict[str, Any]) -> Principal:
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        auth = headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/auth/dev-login gives one).")
        payload, _, signature = auth[7:].strip().partition(".")
        if not hmac.compare_digest(self._sign(payload.encode()), signature):
            raise Unauthorized("The token is not valid.")
        try:
            data = json.loads(base64.urlsafe_b64decode(payload))
        except ValueError as exc:
            raise Unauthorized("The token is not valid.") from exc
        if data.get("exp", 0) < time.time():
            raise Unauthorized("The token has expired; sign in again.")
        user = self._records.get_user(data.get("u", ""))
        if not user:
            raise Unauthorized("The token's user no longer exists.")
        return principal_of(user)
