"""Who an AWS request is: people by their ID token's claims, integrations by their app client's
registration in the integrations table (never by the users table, which an import writes, and
never by an API key, which only meters).

The events are the samples in events/ as API Gateway's Cognito authorizer delivers them; the
tables are the template's, in moto.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from awning_assistant.errors import Forbidden, Unauthorized
from awning_assistant.factory import Services
from awning_assistant.identity.providers import INTEGRATION_PREFIX, INTEGRATION_SCOPE, CognitoIdentity
from awning_assistant.records.store import ENTITIES
from local.stack import import_folder
from tests.builders import load_event

CLIENT_ID = "4mq2kd1v9s7e5t3h0b8c6n2r1p"  # the sample event's app client
API_KEY_ID = "k7x9q2w4e6"  # the sample event's API key


@pytest.fixture
def identity(services: Services) -> CognitoIdentity:
    return CognitoIdentity(services.records, "us-east-1_Ab12Cd34E", None, "us-east-1")


def register(services: Services, **item: Any) -> None:
    """What an administrator writes for an integration (the chat function itself only reads it)."""
    services.dynamodb.Table(services.settings.integrations_table).put_item(Item=item)


def integration_event(**claims: Any) -> dict[str, Any]:
    """The sample integration request, its token's claims changed (None removes one)."""
    event = load_event("api_integration_query.json")
    token = event["requestContext"]["authorizer"]["claims"]
    for name, value in claims.items():
        if value is None:
            token.pop(name, None)
        else:
            token[name] = value
    return event


def test_the_sample_event_is_the_client_this_module_registers() -> None:
    context = load_event("api_integration_query.json")["requestContext"]
    assert context["authorizer"]["claims"]["client_id"] == CLIENT_ID
    assert context["identity"]["apiKeyId"] == API_KEY_ID


def test_an_integrations_token_gets_the_role_and_territories_of_its_registration(
    services: Services, identity: CognitoIdentity
) -> None:
    register(
        services,
        client_id=CLIENT_ID,
        name="Dispatch board",
        role="staff",
        territories=["North", "Coastal"],
        registered_by="admin1",
    )  # administrators' stamps are allowed and ignored

    principal = identity.principal(integration_event())

    assert principal.username == f"{INTEGRATION_PREFIX}{CLIENT_ID}"
    assert (principal.name, principal.role, principal.territories) == ("Dispatch board", "staff", ["North", "Coastal"])


def test_the_users_table_and_the_api_key_grant_an_integration_nothing(
    services: Services, identity: CognitoIdentity, tmp_path: Path
) -> None:
    """An import may write any username, even the API key's id or the app client's id, with any role:
    it changes neither what a registered integration may see nor who an unregistered one is."""
    rows = [
        {"username": name, "name": "Import says admin", "role": "admin", "territories": []}
        for name in (API_KEY_ID, CLIENT_ID, f"{INTEGRATION_PREFIX}{CLIENT_ID}")
    ]
    for entity in ENTITIES.values():
        (tmp_path / entity.file).write_text("")
    (tmp_path / "users.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert import_folder(services, tmp_path, progress=False).ok
    assert services.records.get_user(API_KEY_ID).role == "admin"  # the import did write them

    with pytest.raises(Forbidden, match="not registered"):
        identity.principal(integration_event())

    key_only = load_event("api_integration_query.json")
    del key_only["requestContext"]["authorizer"]
    with pytest.raises(Unauthorized):
        identity.principal(key_only)

    register(services, client_id=CLIENT_ID, name="Dispatch board", role="staff", territories=["North"])
    principal = identity.principal(integration_event())
    assert (principal.role, principal.territories) == ("staff", ["North"])


@pytest.mark.parametrize(
    "row",
    [
        {"name": "Dispatch board", "territories": ["North"]},  # no role
        {"name": "Dispatch board", "role": "owner", "territories": ["North"]},  # a role that does not exist
        {"name": " ", "role": "staff", "territories": ["North"]},  # no name
        {"name": "Dispatch board", "role": "staff", "territories": "North"},  # territories not a list
    ],
    ids=["no-role", "unknown-role", "no-name", "territories-not-a-list"],
)
def test_a_malformed_registration_is_refused(
    services: Services, identity: CognitoIdentity, row: dict[str, Any]
) -> None:
    register(services, client_id=CLIENT_ID, **row)
    with pytest.raises(Forbidden, match=f"App client {CLIENT_ID} is not registered"):
        identity.principal(integration_event())


def test_an_unknown_client_is_refused(services: Services, identity: CognitoIdentity) -> None:
    register(services, client_id="some-other-client", name="Other", role="admin", territories=[])
    with pytest.raises(Forbidden, match="ask an administrator"):
        identity.principal(integration_event(client_id="unregistered-client", sub="unregistered-client"))


@pytest.mark.parametrize(
    ("claims", "resource", "error", "message"),
    [
        ({"scope": "awning-api/other"}, None, Forbidden, INTEGRATION_SCOPE),
        ({"scope": None}, None, Forbidden, INTEGRATION_SCOPE),
        ({"client_id": None}, None, Unauthorized, "no app client"),
        ({"client_id": " "}, None, Unauthorized, "no app client"),
        ({"username": "dwilliams"}, None, Forbidden, "client-credentials"),  # a person's access token
        ({}, "/api/{proxy+}", Unauthorized, "/integrations/"),  # /api/* is for people's ID tokens
        ({"token_use": None}, None, Unauthorized, "ID token"),
        ({"token_use": "refresh"}, None, Unauthorized, "ID token"),
    ],
    ids=["other-scope", "no-scope", "no-client", "blank-client", "person", "on-api", "no-token-use", "refresh"],
)
def test_access_tokens_that_are_not_a_registered_clients_are_refused(
    services: Services,
    identity: CognitoIdentity,
    claims: dict[str, Any],
    resource: str | None,
    error: type[Exception],
    message: str,
) -> None:
    register(services, client_id=CLIENT_ID, name="Dispatch board", role="admin", territories=[])
    event = integration_event(**claims)
    if resource:
        event["resource"] = event["requestContext"]["resourcePath"] = resource
    with pytest.raises(error, match=message):
        identity.principal(event)


def test_scopes_may_come_as_several_words(services: Services, identity: CognitoIdentity) -> None:
    register(services, client_id=CLIENT_ID, name="Dispatch board", role="manager", territories=[])
    event = integration_event(scope=f"awning-api/other {INTEGRATION_SCOPE}")
    assert identity.principal(event).role == "manager"


def test_peoples_id_tokens_are_unaffected(services: Services, identity: CognitoIdentity) -> None:
    """A person's role and territories come from the token (groups, custom:territories), whatever
    the integrations table holds, and no person can take an integration's username."""
    register(services, client_id="ltaylor", name="Look-alike", role="admin", territories=[])

    staff = identity.principal(load_event("api_get_record.json"))
    assert (staff.username, staff.role, staff.territories) == ("ltaylor", "staff", ["North"])
    manager = identity.principal(load_event("api_chat_query.json"))
    assert (manager.username, manager.role) == ("elindqvist", "manager")

    impostor = load_event("api_get_record.json")
    impostor["requestContext"]["authorizer"]["claims"]["cognito:username"] = f"{INTEGRATION_PREFIX}{CLIENT_ID}"
    with pytest.raises(Unauthorized, match="reserved for integrations"):
        identity.principal(impostor)
