"""Errors a user may see: each carries its HTTP status and a message safe to show."""

from __future__ import annotations

import sqlite3

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from opensearchpy.exceptions import ConnectionError as SearchConnectionError
from opensearchpy.exceptions import TransportError

# Error codes of AWS services that mean "busy or down, try again", not "your request is wrong".
TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "InternalServerError",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "TransactionInProgressException",
    }
)
UNAVAILABLE_MESSAGE = "The shop's records or search are unavailable right now; please try again in a minute."


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


class MethodNotAllowed(AppError):
    """A path the API serves, called with a method it does not serve there (the reply says which it does)."""

    status_code, code = 405, "method_not_allowed"


class InvalidRequest(AppError):
    """A field or parameter that fails validation (the message names it)."""

    status_code, code = 422, "invalid_request"


class Conflict(AppError):
    status_code, code = 409, "conflict"


class UnsupportedMediaType(AppError):
    """A request body that is not JSON: the API reads nothing else."""

    status_code, code = 415, "unsupported_media_type"


class InternalError(AppError):
    status_code, code = 500, "internal"


class ServiceUnavailable(AppError):
    status_code, code = 503, "unavailable"


def is_unavailable(exc: BaseException) -> bool:
    """A dependency that is down, throttling or too slow (a 503: try again), not a bug (a 500)."""
    if isinstance(exc, BotoConnectionError | HTTPClientError | SearchConnectionError):
        return True
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return error.get("Code") in TRANSIENT_CODES or status >= 500
    if isinstance(exc, TransportError):
        return exc.status_code in (429, 502, 503, 504)
    return isinstance(exc, sqlite3.OperationalError)  # the embedded index file is locked or gone
