"""A deployed stack's resources, read from CloudFormation, for the commands an operator runs from a
laptop with their AWS credentials (onboarding, importing a dataset): nothing is typed twice."""

from __future__ import annotations

from typing import Any

from awning_assistant.settings import Settings

# Logical ids of what an import writes, and the settings that name them.
IMPORTED = {
    "CustomersTable": "customers_table",
    "WorkOrdersTable": "work_orders_table",
    "RepairOrdersTable": "repair_orders_table",
    "InventoryTable": "inventory_table",
    "UsersTable": "users_table",
    "DocumentsBucket": "documents_bucket",
}


class StackError(ValueError):
    """A request an operator must correct (unknown stack, missing output, wrong role...); the message says what."""


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    """The deployed stack's outputs by key."""
    try:
        (found,) = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except cloudformation.exceptions.ClientError as exc:
        raise StackError(f"stack {stack!r} not found in this account and region ({exc})") from None
    return {o["OutputKey"]: o["OutputValue"] for o in found.get("Outputs", [])}


def needed_outputs(outputs: dict[str, str], *keys: str) -> list[str]:
    """The values of ``keys``, or a StackError naming the missing ones (a stack deployed from an older template)."""
    missing = [k for k in keys if not outputs.get(k)]
    if missing:
        raise StackError(f"the stack has no output {', '.join(missing)}: deploy the current template first")
    return [outputs[k] for k in keys]


def stack_settings(cloudformation: Any, stack: str, region: str) -> Settings:
    """Settings naming the stack's business tables, users table and documents bucket (their
    physical names: CloudFormation generates the tables')."""
    physical: dict[str, str] = {}
    try:
        for page in cloudformation.get_paginator("list_stack_resources").paginate(StackName=stack):
            physical |= {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in page["StackResourceSummaries"]}
    except cloudformation.exceptions.ClientError as exc:
        raise StackError(f"stack {stack!r} not found in this account and region ({exc})") from None
    missing = sorted(set(IMPORTED) - set(physical))
    if missing:
        raise StackError(f"stack {stack!r} has no {', '.join(missing)}: is it an Awning Assistant stack?")
    names: dict[str, Any] = {setting: physical[logical] for logical, setting in IMPORTED.items()}
    return Settings(aws_region=region, **names)
