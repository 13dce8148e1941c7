"""Short-lived HMAC-signed tokens (local mode's dev sign-in)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from awning_assistant.errors import Unauthorized


class Signer:
    """``payload.signature`` tokens carrying a small JSON document and an expiry."""

    def __init__(self, secret: str, purpose: str) -> None:
        # The purpose is mixed into the key, so a token made for one use never passes for another.
        self._key = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()

    def issue(self, data: dict[str, Any], ttl_seconds: int) -> str:
        body = json.dumps({**data, "exp": int(time.time()) + ttl_seconds}, separators=(",", ":"))
        payload = base64.urlsafe_b64encode(body.encode()).decode()
        return f"{payload}.{self._sign(payload)}"

    def verify(self, token: str) -> dict[str, Any]:
        payload, _, signature = token.strip().partition(".")
        if not payload or not hmac.compare_digest(self._sign(payload), signature):
            raise Unauthorized("The token is not valid.")
        try:
            data = json.loads(base64.urlsafe_b64decode(payload))
        except ValueError as exc:
            raise Unauthorized("The token is not valid.") from exc
        if data.get("exp", 0) < time.time():
            raise Unauthorized("The token has expired; sign in again.")
        return data
