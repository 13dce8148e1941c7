"""The prompt as versions in DynamoDB: admins save drafts, preview them, publish one, and roll back.

Every save is a new, immutable version (numbered 1, 2, ...); version 0 is the built-in prompt
(``prompts.BUILT_IN``), so rolling back as far as the start is publishing 0. One item names the
published version. The chat function reads it through a cache of ``cache_seconds``: a publish reaches
every container within that, and the container that published at once. When the table can't be read
a turn goes on with the last version read (or the built-in one): a prompt is no reason to fail a turn.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import ConditionBase, Key
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, ConfigDict, Field

from awning_assistant.answering.prompts import BUILT_IN, PromptSettings
from awning_assistant.errors import Conflict, NotFound

logger = logging.getLogger(__name__)

VERSION_KIND = "VERSION"  # items of saved versions: Kind = VERSION, Version = n
PUBLISHED_KIND = "PUBLISHED"  # the one item naming the published version (Version = 0)
BUILT_IN_AUTHOR = "built in"


class PromptDraft(PromptSettings):
    """A version to save: the rules, the suggestions and a note on what changed."""

    model_config = ConfigDict(extra="forbid")
    note: str = Field("", max_length=200, description="what changed and why, shown in the version list")


class PromptVersion(PromptDraft):
    version: int = Field(description="0 is the built-in prompt")
    author: str
    created_at: str
    published: bool = False
    published_by: str | None = None
    published_at: str | None = None


class PromptVersionPage(BaseModel):
    published: int = Field(description="the version the assistant uses")
    versions: list[PromptVersion] = Field(description="newest first; the built-in version 0 ends the last page")
    before: int | None = Field(None, description="pass back as `before` for the next page; absent at the end")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PromptStore:
    """Versions of the prompt and the published one."""

    def __init__(self, table: Any, cache_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._table = table
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._cached: tuple[float, PromptSettings] | None = None  # (read at, settings)

    def published(self) -> PromptSettings:
        """The published rules and suggestions, as read at most ``cache_seconds`` ago."""
        now = self._clock()
        if self._cached and now - self._cached[0] < self._cache_seconds:
            return self._cached[1]
        try:
            pointer = self._published_item()
            settings = PromptSettings.model_validate(
                self._at(int(pointer.get("Current", 0)), pointer).model_dump(include={"rules", "suggestions"})
            )
        except (ClientError, BotoCoreError, NotFound) as exc:
            logger.warning("prompt versions unreadable, using the last read: %s", type(exc).__name__)
            settings = self._cached[1] if self._cached else BUILT_IN
        self._cached = (now, settings)
        return settings

    def _published_item(self) -> dict:
        return self._table.get_item(Key={"Kind": PUBLISHED_KIND, "Version": 0}).get("Item") or {}

    def version(self, number: int) -> PromptVersion:
        return self._at(number, self._published_item())

    def _at(self, number: int, pointer: dict) -> PromptVersion:
        """Version ``number``, marked published or not by the pointer item already read."""
        mark = _mark(pointer, number)
        if number == 0:
            return PromptVersion(
                **BUILT_IN.model_dump(),
                note="the prompt the assistant ships with",
                version=0,
                author=BUILT_IN_AUTHOR,
                created_at="",
                **mark,
            )
        item = self._table.get_item(Key={"Kind": VERSION_KIND, "Version": number}).get("Item")
        if item is None:
            raise NotFound(f"There is no prompt version {number}.")
        return _version(item, **mark)

    def versions(self, before: int | None, limit: int) -> PromptVersionPage:
        """A page of versions below ``before``, newest first; the built-in version 0 ends the last."""
        pointer = self._published_item()
        current = int(pointer.get("Current", 0))
        condition: ConditionBase = Key("Kind").eq(VERSION_KIND)
        if before is not None:
            condition &= Key("Version").lt(before)
        items = self._table.query(KeyConditionExpression=condition, ScanIndexForward=False, Limit=limit + 1)["Items"]
        page = [_version(i, **_mark(pointer, int(i["Version"]))) for i in items]
        if len(page) <= limit:
            page.append(self._at(0, pointer))
        more = len(page) > limit
        page = page[:limit]
        return PromptVersionPage(published=current, versions=page, before=page[-1].version if more else None)

    def save(self, draft: PromptDraft, author: str) -> PromptVersion:
        """A new version after the newest; two saves at once: one wins, the other is told to save again."""
        newest = self._table.query(
            KeyConditionExpression=Key("Kind").eq(VERSION_KIND), ScanIndexForward=False, Limit=1
        )["Items"]
        number = int(newest[0]["Version"]) + 1 if newest else 1
        item = {
            "Kind": VERSION_KIND,
            "Version": number,
            "Rules": draft.rules,
            "Note": draft.note,
            "Suggestions": [s.model_dump() for s in draft.suggestions],
            "Author": author,
            "CreatedAt": _now(),
        }
        try:
            self._table.put_item(Item=item, ConditionExpression="attribute_not_exists(Version)")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            raise Conflict("Another version was saved at the same moment; save yours again.") from exc
        return _version(item)

    def publish(self, number: int, author: str) -> PromptVersion:
        """Make a version the one the assistant uses (an older one: a rollback)."""
        self.version(number)  # 404 for a version that does not exist
        self._table.put_item(Item={"Kind": PUBLISHED_KIND, "Version": 0, "Current": number, "By": author, "At": _now()})
        self._cached = None  # this container uses it from its next turn
        return self.version(number)


def _mark(pointer: dict, number: int) -> dict[str, object]:
    """Whether version ``number`` is the published one, and by whom and when it was published."""
    if int(pointer.get("Current", 0)) != number:
        return {"published": False}
    return {"published": True, "published_by": pointer.get("By"), "published_at": pointer.get("At")}


def _version(item: dict, **mark: object) -> PromptVersion:
    return PromptVersion(
        rules=item["Rules"],
        suggestions=item["Suggestions"],
        note=item.get("Note", ""),
        version=int(item["Version"]),
        author=item["Author"],
        created_at=item["CreatedAt"],
        **mark,
    )
