"""Local mode's sign-in: HMAC-signed bearer tokens for the users of the loaded dataset.

The deployed stack signs in with Cognito (``awning_assistant.identity.providers.CognitoIdentity``); this
adapter is supplied to the factory by ``local.adapters``.
"""

from __future__ import annotations

from typing import Any

from awning_assistant.errors import NotFound, Unauthorized
from awning_assistant.identity.access import Principal
from awning_assistant.identity.providers import principal_of, websocket_principal
from awning_assistant.models import User
from awning_assistant.records.store import RecordStore, user_of

from .tokens import Signer


class DevIdentity:
    """HMAC-signed bearer tokens for the users of the loaded dataset (local mode)."""

    def __init__(self, records: RecordStore, secret: str, ttl_seconds: int = 12 * 3600) -> None:
        self._records = records
        self._signer = Signer(secret, "dev-login")
        self._ttl = ttl_seconds

    def dev_login(self, username: str) -> str:
        if not self._records.get_user(username):
            raise NotFound(f"No user named {username!r} in the loaded users.")
        return self._signer.issue({"u": username}, self._ttl)

    def principal(self, event: dict[str, Any]) -> Principal:
        socket_caller = websocket_principal(event)
        if socket_caller:
            return socket_caller
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        auth = headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            raise Unauthorized("Send 'Authorization: Bearer <token>' (POST /api/auth/dev-login gives one).")
        return self.authorize_token(auth[7:])

    def authorize_token(self, token: str) -> Principal:
        user = self._records.get_user(self._signer.verify(token).get("u", ""))
        if not user:
            raise Unauthorized("The token's user no longer exists.")
        return principal_of(user)

    def users(self) -> list[User]:
        """The users one may sign in as (the dev sign-in screen lists them)."""
        users = (user_of(item) for item in self._records.scan_all(None))
        return sorted((u for u in users if u), key=lambda u: u.username)
