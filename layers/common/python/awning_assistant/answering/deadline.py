"""A request's time budget: API Gateway gives up after 29 s whatever the Lambda is doing, so a
turn works to a deadline taken from the Lambda's remaining time, not to its clients' timeouts.

A call run under the deadline is waited for only while the budget lasts; when the budget is
spent the turn goes on without it (rules instead of the model planner, the grounded answer
instead of generation). The abandoned call finishes in the background and is discarded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="deadline")


class DeadlineExceeded(TimeoutError):
    """The budget ran out before the call returned."""


@dataclass(frozen=True)
class Deadline:
    """A point on the monotonic clock by which the answer must be on its way back."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    @classmethod
    def of_lambda(cls, context: Any, margin: float, cap: float) -> Deadline:
        """The invocation's remaining time less ``margin`` (to store and reply), at most ``cap``."""
        remaining = context.get_remaining_time_in_millis() / 1000 if context else cap
        return cls.after(max(0.0, min(remaining, cap) - margin))

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def run(self, call: Callable[[], T], *, cap: float | None = None, reserve: float = 0.0) -> T:
        """``call()``, waited for at most ``cap`` seconds and never past the deadline less ``reserve``."""
        budget = self.remaining() - reserve
        if cap is not None:
            budget = min(budget, cap)
        if budget <= 0:
            raise DeadlineExceeded("no time left")
        future = _POOL.submit(call)
        try:
            return future.result(timeout=budget)
        except FutureTimeout as exc:
            raise DeadlineExceeded(f"gave up after {budget:.1f} s") from exc
