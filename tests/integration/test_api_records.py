"""The foundation API: health, dev login, records with the access rules applied, JSON errors."""

from __future__ import annotations

from tests.integration.conftest import Api


def test_health(api: Api):
    assert api.call("GET", "/api/health") == (200, {"status": "ok"})


def test_dev_login_and_fetch_a_work_order(api: Api):
    api.login("manager1")
    status, body = api.call("GET", "/api/records/work_order/WO-10003")
    assert status == 200
    assert body["record"]["WorkOrderNo"] == "WO-10003"
    assert body["record"]["Items"][1]["Price"] in (75.5, "75.5", "75.50")
    assert body["customer"]["Name"] == "Maple Ridge HOA"
    assert body["url"] == "/api/records/work_order/WO-10003"


def test_dev_login_drops_blanks_around_the_name_after_checking_it_as_sent(api: Api):
    assert api.call("POST", "/api/auth/dev-login", {"username": " staffnorth\n"})[0] == 200
    status, body = api.call("POST", "/api/auth/dev-login", {"username": " " + "x" * 128})
    assert status == 422 and "username" in body["message"]


def test_staff_cannot_see_another_territory(api: Api):
    api.login("staffnorth")
    assert api.call("GET", "/api/records/work_order/WO-10004")[0] == 200
    status, body = api.call("GET", "/api/records/customer/C00001")
    assert status == 404
    assert body == {"error": "not_found", "message": "No customer C00001 that you can see."}
    assert api.call("GET", "/api/records/work_order/WO-10001")[0] == 404
    assert api.call("GET", "/api/records/inventory/INV-0001")[0] == 200


def test_errors_are_clear_json(api: Api):
    assert api.call("GET", "/api/records/work_order/WO-10001")[0] == 401
    status, body = api.call("POST", "/api/auth/dev-login", {"username": "nobody"})
    assert status == 404 and "nobody" in body["message"]
    status, body = api.call("POST", "/api/auth/dev-login", {"name": "x"})
    assert status == 422 and "username" in body["message"]
    status, body = api.call("POST", "/api/auth/dev-login", "{broken")
    assert 400 <= status < 500 and body["error"]
    api.login("admin1")
    status, body = api.call("GET", "/api/records/invoice/1")
    assert status == 422 and "record_type" in body["message"] and "'customer', 'work_order'" in body["message"]
    assert api.call("GET", "/api/nowhere")[0] == 404
    status, body = api.call("GET", "/api/records/work_order/WO-10001", token="forged.token")
    assert status == 401 and body["error"] == "unauthorized"
