"""Import a dataset folder (the business-data import format) into the tables and bucket.

Policy: every line is validated on its own. A bad line is reported as
``file:line: field: problem`` and skipped; the good lines are still imported. Writes are
upserts by business key and only rows that differ from what is stored are written, so
importing the same folder twice leaves the same state and sends no change events. Rows
already stored but absent from the folder are left alone (an import adds and updates,
it never deletes). Orders must reference a customer in the folder or already stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from botocore.exceptions import ClientError
from pydantic import BaseModel, ValidationError
from tqdm import tqdm

from awning_assistant.documents import content_type
from awning_assistant.models import Customer, Record, RecordType, User
from awning_assistant.records.store import ENTITIES, RecordStore, record_to_item, to_dynamo

USERS_FILE = "users.jsonl"


M = TypeVar("M", bound=BaseModel)


@dataclass
class ParsedFile(Generic[M]):
    """The valid rows of one file (by business key) and the problems of the others."""

    rows: dict[str, M] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Tally:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0

    def __str__(self) -> str:
        return f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged, {self.rejected} rejected"


@dataclass
class ImportReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return sum(t.new + t.changed for t in self.tallies.values())

    def summary(self) -> str:
        lines = [f"{name:<16} {tally}" for name, tally in self.tallies.items()]
        if self.errors:
            lines.append(f"{len(self.errors)} problem(s):")
            lines.extend(f"  {e}" for e in self.errors)
        return "\n".join(lines)


def _problems(name: str, line: int, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "-"
        out.append(f"{name}:{line}: {loc}: {err['msg']}")
    return out


def parse_jsonl(path: Path, model: type[M], key: str) -> ParsedFile[M]:
    """Validate each line of a JSON Lines file; later duplicates of a key are rejected."""
    parsed: ParsedFile[M] = ParsedFile()
    if not path.exists():
        parsed.errors.append(f"{path.name}:0: -: file is missing")
        return parsed
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                parsed.errors.append(f"{path.name}:{line_no}: -: invalid JSON ({exc.msg})")
                continue
            if not isinstance(data, dict):
                parsed.errors.append(f"{path.name}:{line_no}: -: expected a JSON object")
                continue
            try:
                row = model.model_validate(data)
            except ValidationError as exc:
                parsed.errors.extend(_problems(path.name, line_no, exc))
                continue
            row_key = getattr(row, key)
            if row_key in parsed.lines:
                parsed.errors.append(f"{path.name}:{line_no}: {key}: duplicate of line {parsed.lines[row_key]}")
                continue
            parsed.lines[row_key] = line_no
            parsed.rows[row_key] = row
    return parsed


class Importer:
    """Loads a dataset folder through the record store and the documents bucket."""

    def __init__(self, records: RecordStore, s3: Any, bucket: str, progress: bool = True) -> None:
        self._records = records
        self._s3 = s3
        self._bucket = bucket
        self._progress = progress

    def run(self, folder: Path) -> ImportReport:
        report = ImportReport()
        customers = parse_jsonl(folder / ENTITIES[RecordType.customer].file, Customer, "CustID")
        territories = {cid: c.Territory for cid, c in customers.rows.items()}
        for rtype, entity in ENTITIES.items():
            parsed: ParsedFile[Any] = (
                customers
                if rtype is RecordType.customer
                else parse_jsonl(folder / entity.file, entity.model, entity.key)
            )
            if entity.is_order:
                self._check_customers(parsed, territories, entity.file)
            items = {
                key: record_to_item(row, territories.get(getattr(row, "CustID", "")))
                for key, row in parsed.rows.items()
            }
            report.tallies[entity.file] = self._write(rtype, items, len(parsed.errors))
            report.errors.extend(parsed.errors)
        users = parse_jsonl(folder / USERS_FILE, User, "username")
        report.tallies[USERS_FILE] = self._write(
            None, {k: to_dynamo(u.model_dump()) for k, u in users.rows.items()}, len(users.errors)
        )
        report.errors.extend(users.errors)
        report.tallies["documents/"] = self._upload_documents(folder / "documents", report.errors)
        return report

    def _check_customers(self, parsed: ParsedFile[Record], territories: dict[str, str], name: str) -> None:
        """Orders must name a known customer; stored customers count, so orders can come alone."""
        unknown = {str(r.model_dump().get("CustID", "")) for r in parsed.rows.values()} - territories.keys()
        for cid, item in self._records.get_many(RecordType.customer, unknown).items():
            territories[cid] = item["Territory"]
        for key, row in list(parsed.rows.items()):
            if row.CustID not in territories:  # type: ignore[attr-defined]
                parsed.errors.append(f"{name}:{parsed.lines[key]}: CustID: unknown customer {row.CustID}")  # type: ignore[attr-defined]
                del parsed.rows[key]

    def _write(self, rtype: RecordType | None, items: dict[str, dict[str, Any]], rejected: int) -> Tally:
        tally = Tally(rejected=rejected)
        existing = self._records.get_many(rtype, items)
        changed: list[dict[str, Any]] = []
        for record_key, item in items.items():
            old = existing.get(record_key)
            if old == item:
                tally.unchanged += 1
                continue
            tally.changed += old is not None
            tally.new += old is None
            changed.append(item)
        label = ENTITIES[rtype].file if rtype else USERS_FILE
        self._records.put_items(rtype, self._bar(changed, label))
        return tally

    def _bar(self, items: list[dict[str, Any]], label: str) -> Iterator[dict[str, Any]]:
        return iter(tqdm(items, desc=f"import {label}", unit="row", disable=not self._progress or not items))

    def _upload_documents(self, folder: Path, errors: list[str]) -> Tally:
        tally = Tally()
        files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        for path in tqdm(files, desc="import documents", unit="file", disable=not self._progress or not files):
            ctype = content_type(path.name)
            if ctype is None:
                errors.append(f"documents/{path.name}:0: file: unsupported type (use .pdf, .txt or .md)")
                tally.rejected += 1
                continue
            body = path.read_bytes()
            stored = self._stored_etag(path.name)
            if stored == hashlib.md5(body).hexdigest():  # noqa: S324 - S3's ETag of a single-part upload
                tally.unchanged += 1
                continue
            self._s3.put_object(Bucket=self._bucket, Key=path.name, Body=body, ContentType=ctype)
            tally.changed += stored is not None
            tally.new += stored is None
        return tally

    def _stored_etag(self, key: str) -> str | None:
        try:
            return self._s3.head_object(Bucket=self._bucket, Key=key)["ETag"].strip('"')
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
