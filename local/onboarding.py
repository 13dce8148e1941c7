"""Onboarding on a deployed stack: people (Cognito users) and integrations (app clients with an API key).

Run from a laptop with the operator's AWS credentials (``make add-user``, ``make add-integration``);
every resource comes from the stack's outputs, so nothing is typed twice. Both are idempotent:
run again, a person's group, territories and e-mail are brought in line (no second invitation),
and an integration of the same name keeps its app client and key while its registration is updated.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from awning_assistant.models import Role
from awning_assistant.records.store import Integration

from .deployed import StackError, needed_outputs

ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]
SCOPE = "awning-api/query"  # template.yaml's ApiResourceServer identifier and scope


def _territories(text: str, role: str) -> list[str]:
    if role not in ROLES:
        raise StackError(f"ROLE must be one of {', '.join(ROLES)}, not {role!r}")
    territories = [t.strip() for t in text.split(",") if t.strip()]
    if role == "staff" and not territories:
        raise StackError("staff see only their territories: give TERRITORIES (comma-separated)")
    return territories


@dataclass(frozen=True)
class Person:
    username: str
    invited: bool  # False: the user existed and was brought in line


def add_user(
    cognito: Any, outputs: dict[str, str], username: str, email: str, role: str, territories: str = ""
) -> Person:
    """A Cognito user in the role's group with their territories; Cognito e-mails the invitation
    (a temporary password; MFA is set up at first sign-in)."""
    (pool,) = needed_outputs(outputs, "UserPoolId")
    places = _territories(territories, role)
    if "@" not in email:
        raise StackError(f"EMAIL {email!r} is not an e-mail address")
    attributes = [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    if places:
        attributes.append({"Name": "custom:territories", "Value": ",".join(places)})
    try:
        cognito.admin_create_user(
            UserPoolId=pool, Username=username, UserAttributes=attributes, DesiredDeliveryMediums=["EMAIL"]
        )
        invited = True
    except cognito.exceptions.UsernameExistsException:
        cognito.admin_update_user_attributes(UserPoolId=pool, Username=username, UserAttributes=attributes)
        if not places:  # a manager or admin sees every territory: no list left behind
            cognito.admin_delete_user_attributes(
                UserPoolId=pool, Username=username, UserAttributeNames=["custom:territories"]
            )
        invited = False
    groups = {g["GroupName"] for g in cognito.admin_list_groups_for_user(UserPoolId=pool, Username=username)["Groups"]}
    for other in groups & set(ROLES) - {role}:  # one role each: the highest group would win otherwise
        cognito.admin_remove_user_from_group(UserPoolId=pool, Username=username, GroupName=other)
    cognito.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=role)
    return Person(username, invited)


@dataclass(frozen=True)
class Credentials:
    """What the integration's owner needs: its client id and secret (for the client-credentials
    grant, scope ``SCOPE``) and its API key (the ``x-api-key`` header)."""

    client_id: str
    client_secret: str
    api_key: str
    created: bool


def add_integration(
    cognito: Any, apigateway: Any, dynamodb: Any, outputs: dict[str, str], name: str, role: str, territories: str = ""
) -> Credentials:
    """An app client (client-credentials grant), its own API key on the API's usage plan, and its
    registration in the integrations table, which decides its role and territories."""
    pool, plan, table = needed_outputs(outputs, "UserPoolId", "UsagePlanId", "IntegrationsTableName")
    places = _territories(territories, role)
    if not name.strip():
        raise StackError("NAME must not be empty")
    client = _app_client(cognito, pool, name)
    created = client is None
    if client is None:
        client = cognito.create_user_pool_client(
            UserPoolId=pool,
            ClientName=name,
            GenerateSecret=True,
            AllowedOAuthFlows=["client_credentials"],
            AllowedOAuthScopes=[SCOPE],
            AllowedOAuthFlowsUserPoolClient=True,
            SupportedIdentityProviders=["COGNITO"],
        )["UserPoolClient"]
    key = _api_key(apigateway, plan, name, client["ClientId"])
    integration = Integration(client_id=client["ClientId"], name=name, role=role, territories=places)
    dynamodb.Table(table).put_item(Item=integration.model_dump())
    return Credentials(client["ClientId"], client.get("ClientSecret", ""), key, created)


def _app_client(cognito: Any, pool: str, name: str) -> dict[str, Any] | None:
    """The pool's app client of this name, with its secret (None when there is none)."""
    for page in cognito.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool, MaxResults=60):
        for summary in page["UserPoolClients"]:
            if summary["ClientName"] == name:
                return cognito.describe_user_pool_client(UserPoolId=pool, ClientId=summary["ClientId"])[
                    "UserPoolClient"
                ]
    return None


def _api_key(apigateway: Any, plan: str, name: str, client_id: str) -> str:
    """The integration's API key (tagged with its client id), bound to the usage plan (again, when
    an earlier run stopped between the two)."""
    found = [
        key
        for page in apigateway.get_paginator("get_api_keys").paginate(nameQuery=name, includeValues=True)
        for key in page["items"]
        if key["name"] == name and key.get("description") == client_id
    ]
    key = found[0] if found else apigateway.create_api_key(name=name, description=client_id, enabled=True)
    with contextlib.suppress(apigateway.exceptions.ConflictException):  # bound already
        apigateway.create_usage_plan_key(usagePlanId=plan, keyId=key["id"], keyType="API_KEY")
    return str(key["value"])
