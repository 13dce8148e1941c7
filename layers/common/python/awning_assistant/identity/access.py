"""Who may see what: the access rules of the import format, applied on every path.

Staff see customers and orders of their territories only and no revenue; managers and
admins see everything; documents and stock are visible to every role.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from awning_assistant.models import RecordType, Role

TERRITORY_BOUND = frozenset({RecordType.customer, RecordType.work_order, RecordType.repair_order})
# Visible to every role. Everything else is territory-bound: a record or chunk of those types
# without a territory is visible to managers and admins only (access fails closed).
OPEN_TYPES = frozenset(RecordType) - TERRITORY_BOUND


class Principal(BaseModel):
    """The authenticated caller, whatever the identity source."""

    username: str
    name: str = ""
    role: Role
    territories: list[str] = Field(default_factory=list)

    @property
    def sees_everything(self) -> bool:
        return self.role in ("admin", "manager")

    @property
    def may_see_revenue(self) -> bool:
        return self.sees_everything

    @property
    def may_manage_documents(self) -> bool:
        """Uploads and deletions: a shop document answers everyone, so only managers and admins."""
        return self.sees_everything

    @property
    def may_run_sql(self) -> bool:
        """The read-only SQL API is a reporting tool for the roles that see the whole shop; staff ask in the
        chat instead (where the model's SQL runs in their territories' sandbox)."""
        return self.sees_everything

    def territory_scope(self) -> list[str] | None:
        """The territories to filter by, or None when the caller is unrestricted."""
        return None if self.sees_everything else list(self.territories)

    def may_see(self, rtype: RecordType, territory: str | None) -> bool:
        if self.sees_everything or rtype not in TERRITORY_BOUND:
            return True
        return territory is not None and territory in self.territories

    def may_see_item(self, rtype: RecordType, item: dict[str, Any]) -> bool:
        """For a raw table item: customers and orders carry their ``Territory``."""
        return self.may_see(rtype, item.get("Territory"))
