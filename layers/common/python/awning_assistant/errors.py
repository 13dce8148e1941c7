"""Errors a user may see: each carries its HTTP status and a message safe to show."""

from __future__ import annotations


class AppError(Exception):
    """Base of the errors turned into a JSON ``{"error": ..., "message": ...}`` response."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(AppError):
    status_code, code = 400, "bad_request"


class Unauthorized(AppError):
    status_code, code = 401, "unauthorized"


class Forbidden(AppError):
    status_code, code = 403, "forbidden"


class NotFound(AppError):
    status_code, code = 404, "not_found"
