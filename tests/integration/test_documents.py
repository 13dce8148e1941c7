"""Shop documents through the API: who may upload and delete, no silent overwrite, the upload
policy S3 enforces, audit, status in the list, and page text stored at index time.

Uploads really go through the presigned POST (moto intercepts the HTTP request) and the
bucket's events really reach the indexer handler, as on AWS.
"""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
import requests
from botocore.stub import Stubber

from awning_assistant import documents
from awning_assistant.documents import extraction
from awning_assistant.documents.extraction import DocumentReader
from awning_assistant.documents.ocr import TesseractOcr, TextractJobs
from awning_assistant.factory import Services
from awning_assistant.models import RecordType
from local.handlers import invoke
from tests.builders import load_event
from tests.conftest import pdf_bytes
from tests.integration.conftest import Api, audit_actions
from tests.integration.test_chat import ask
from tests.unit.test_document_extraction import ROLE, TOPIC, job_page, scanned, scans, textract

GUIDE = pdf_bytes("Canopy care guide.", "Zebra-striped canopies need a soft brush and cold water.")


def upload(api: Api, name: str, body: bytes, replace: bool = False) -> tuple[int, dict[str, Any]]:
    """Ask for a ticket and, when one is given, POST the file with it as a browser would."""
    status, ticket = api.call("POST", "/api/documents/upload-url", {"filename": name, "replace": replace})
    if status == 200:
        reply = requests.post(ticket["url"], data=ticket["fields"], files={"file": (name, body)}, timeout=10)
        assert reply.status_code in (200, 204), reply.text
    return status, ticket


def notify(services: Services, name: str, event_name: str = "s3_object_created.json") -> dict[str, Any]:
    """The bucket's event for ``name``, delivered to the indexer's documents entry."""
    event = copy.deepcopy(load_event(event_name))
    event["Records"][0]["s3"]["bucket"]["name"] = services.settings.documents_bucket
    event["Records"][0]["s3"]["object"]["key"] = name
    return invoke("indexer", event, "documents_handler")


def ocr_done(services: Services, name: str, job: str, status: str = "SUCCEEDED") -> dict[str, Any]:
    """Textract's completion message for ``job`` on the OCR topic, delivered to the indexer's OCR entry."""
    event = copy.deepcopy(load_event("sns_textract_completed.json"))
    message = json.loads(event["Records"][0]["Sns"]["Message"])
    message.update(
        JobId=job,
        Status=status,
        DocumentLocation={"S3ObjectName": name, "S3Bucket": services.settings.documents_bucket},
    )
    event["Records"][0]["Sns"]["Message"] = json.dumps(message)
    return invoke("indexer", event, "ocr_handler")


@pytest.mark.parametrize("user", ["staffnorth", "staffsouth"])
def test_staff_can_neither_upload_nor_delete(api: Api, user: str):
    api.login(user)
    status, body = api.call("POST", "/api/documents/upload-url", {"filename": "prices.pdf"})
    assert status == 403 and body["error"] == "forbidden" and "managers and admins" in body["message"]
    assert api.call("DELETE", "/api/documents/price-list-2026.pdf")[0] == 403


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"filename": "prices.pdf", "replace": 0}, "replace"),
        ({"filename": "prices.pdf", "replace": "yes"}, "replace"),
        ({"filename": "notes"}, "filename"),
        ({"filename": " prices.pdf"}, "filename"),
        ({"filename": "C:\\fakepath\\prices.pdf"}, "filename"),
    ],
)
def test_upload_requests_are_checked_as_documented(api: Api, payload, named):
    """Found by make fuzz: ``replace: 0`` was taken for false, and names the document allowed (any 1 to 160
    characters) got a 400; the document now states the file-name pattern the API applies."""
    api.login("manager1")
    status, body = api.call("POST", "/api/documents/upload-url", payload)
    assert status == 422 and body["error"] == "invalid_request" and named in body["message"]


def test_the_upload_policy_caps_size_and_pins_key_type_and_uploader(api: Api):
    api.login("manager1")
    status, ticket = api.call("POST", "/api/documents/upload-url", {"filename": "canopy-guide.pdf"})
    assert status == 200 and ticket["method"] == "POST" and ticket["replaces"] is False
    policy = json.loads(base64.b64decode(ticket["fields"]["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, documents.MAX_UPLOAD_BYTES] in conditions
    assert {"key": "canopy-guide.pdf"} in conditions and {"Content-Type": "application/pdf"} in conditions
    assert {"x-amz-meta-uploaded-by": "manager1"} in conditions


def test_an_existing_document_is_replaced_only_when_asked(shop: Services, api: Api):
    api.login("admin1")
    status, body = api.call("POST", "/api/documents/upload-url", {"filename": "price-list-2026.pdf"})
    assert status == 409 and body["error"] == "conflict" and "replace" in body["message"]
    status, ticket = api.call("POST", "/api/documents/upload-url", {"filename": "price-list-2026.pdf", "replace": True})
    assert status == 200 and ticket["replaces"] is True


def test_upload_index_list_page_and_delete_are_audited(shop: Services, api: Api, monkeypatch):
    api.login("manager1")
    upload(api, "canopy-guide.pdf", GUIDE)
    assert notify(shop, "canopy-guide.pdf") == {"skipped": []}

    status, record = api.call("GET", "/api/documents/canopy-guide.pdf/status")
    assert status == 200 and (record["status"], record["pages"], record["uploaded_by"]) == ("indexed", 2, "manager1")
    assert record["chunks"] >= 2
    listed = {d["name"]: d for d in api.call("GET", "/api/documents")[1]["documents"]}
    assert listed["canopy-guide.pdf"]["status"] == "indexed"

    # Page views read the text stored at index time: nothing parses the PDF again.
    monkeypatch.setattr(extraction, "PdfReader", None)
    monkeypatch.setattr(extraction, "pdfplumber", None)
    status, page = api.call("GET", "/api/documents/canopy-guide.pdf", query={"page": "2"})
    assert status == 200 and "soft brush" in page["text"] and page["pages"] == 2
    assert api.call("GET", "/api/documents/canopy-guide.pdf", query={"page": "3"})[0] == 404
    monkeypatch.undo()

    assert api.call("DELETE", "/api/documents/canopy-guide.pdf") == (200, {"status": "deleted"})
    notify(shop, "canopy-guide.pdf", "s3_object_removed.json")
    assert not shop.search_index.record_hashes(RecordType.document, "canopy-guide.pdf")
    assert api.call("GET", "/api/documents/canopy-guide.pdf/status")[0] == 404
    assert api.call("DELETE", "/api/documents/canopy-guide.pdf")[0] == 404
    assert audit_actions(shop) == [
        ("manager1", "document.delete", "canopy-guide.pdf"),
        ("manager1", "document.upload", "canopy-guide.pdf"),
    ]


def test_a_deleted_document_is_gone_before_the_indexer_hears_of_it(shop: Services, api: Api):
    """Found by make fuzz: status and pages were read from the catalog alone, which keeps a deleted document
    until the indexer gets the bucket's event."""
    notify(shop, "warranty-policy.md")
    api.login("manager1")
    assert api.call("GET", "/api/documents/warranty-policy.md")[0] == 200
    assert api.call("DELETE", "/api/documents/warranty-policy.md") == (200, {"status": "deleted"})
    assert shop.catalog.get("warranty-policy.md").status == "indexed"  # no event delivered yet
    assert api.call("GET", "/api/documents/warranty-policy.md/status")[0] == 404
    assert api.call("GET", "/api/documents/warranty-policy.md")[0] == 404


@pytest.mark.parametrize(
    ("name", "body", "limit", "reason"),
    [
        ("locked.pdf", pdf_bytes("secret", encrypt=True), None, "encrypted"),
        ("broken.pdf", b"%PDF-1.4 garbage", None, "corrupt"),
        ("long.pdf", pdf_bytes("one", "two", "three"), ("max_pages", 2), "3 pages; documents of up to 2 pages"),
        ("huge.txt", b"x" * 2048, ("MAX_UPLOAD_BYTES", 1024), "2,048 bytes; documents of up to 1,024 bytes"),
        ("scan.pdf", scanned("Storage fees apply."), ("ocr", None), "1 scanned page(s) and no OCR configured"),
    ],
)
def test_unreadable_documents_are_listed_as_failed_with_the_reason(
    shop: Services, api: Api, monkeypatch, name: str, body: bytes, limit, reason: str
):
    if limit and limit[0] == "MAX_UPLOAD_BYTES":
        monkeypatch.setattr(documents, *limit)
    elif limit:
        monkeypatch.setattr(shop.indexer, "_reader", DocumentReader(**{"ocr": TesseractOcr(), **dict([limit])}))
    shop.s3.put_object(Bucket=shop.settings.documents_bucket, Key=name, Body=body)
    assert notify(shop, name) == {"skipped": [name]}
    api.login("staffnorth")
    listed = {d["name"]: d for d in api.call("GET", "/api/documents")[1]["documents"]}
    assert listed[name]["status"] == "failed" and reason in listed[name]["message"]


def test_a_replacement_that_cannot_be_read_takes_the_old_text_out_of_answers(shop: Services):
    bucket = shop.settings.documents_bucket
    shop.s3.put_object(Bucket=bucket, Key="canopy-guide.pdf", Body=GUIDE)
    notify(shop, "canopy-guide.pdf")
    assert shop.search_index.record_hashes(RecordType.document, "canopy-guide.pdf")
    shop.s3.put_object(Bucket=bucket, Key="canopy-guide.pdf", Body=b"%PDF-1.4 garbage")
    notify(shop, "canopy-guide.pdf")
    assert not shop.search_index.record_hashes(RecordType.document, "canopy-guide.pdf")
    assert shop.catalog.get("canopy-guide.pdf").status == "failed"


def test_the_list_pages(shop: Services, api: Api):
    bucket = shop.settings.documents_bucket
    for n in range(5):
        shop.s3.put_object(Bucket=bucket, Key=f"note-{n}.txt", Body=f"Note {n}.".encode())
        notify(shop, f"note-{n}.txt")
    api.login("staffsouth")
    names, cursor = [], None
    while True:
        status, page = api.call("GET", "/api/documents", query={"limit": "2", **({"cursor": cursor} if cursor else {})})
        assert status == 200 and len(page["documents"]) <= 2
        names += [d["name"] for d in page["documents"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert names == sorted(names) and {f"note-{n}.txt" for n in range(5)} <= set(names)


def test_a_full_reindex_forgets_documents_that_left_the_bucket(shop: Services):
    shop.indexer.rebuild()
    assert shop.catalog.get("warranty-policy.md").status == "indexed"
    shop.s3.delete_object(Bucket=shop.settings.documents_bucket, Key="warranty-policy.md")
    shop.indexer.rebuild(clear=False)
    assert shop.catalog.get("warranty-policy.md") is None


def test_a_scanned_document_is_read_by_ocr_and_its_pages_say_so(shop: Services, api: Api):
    shop.s3.put_object(
        Bucket=shop.settings.documents_bucket,
        Key="storm-notice.pdf",
        Body=scanned("Storm closure notice.", "Awnings must be retracted before winds of 40 mph."),
    )
    notify(shop, "storm-notice.pdf")
    api.login("staffsouth")
    listed = {d["name"]: d for d in api.call("GET", "/api/documents")[1]["documents"]}["storm-notice.pdf"]
    assert (listed["status"], listed["pages"], listed["ocr_pages"]) == ("indexed", 1, 1)
    assert listed["message"] == "1 of 1 scanned page(s) read by OCR"
    status, page = api.call("GET", "/api/documents/storm-notice.pdf", query={"page": "1"})
    assert status == 200 and page["ocr"] is True and "winds of 40 mph" in page["text"]
    reply = ask(api, "When must awnings be retracted in a storm?")
    assert any(s["id"] == "storm-notice.pdf" for s in reply["sources"]) and "40 mph" in reply["response"]


def test_a_failed_document_is_retried_by_managers_only(shop: Services, api: Api, monkeypatch):
    bucket = shop.settings.documents_bucket
    shop.s3.put_object(
        Bucket=bucket,
        Key="notice.pdf",
        Body=scanned("Pickup hours are 8 to 5."),
        Metadata={"uploaded-by": "manager1"},
        ContentType="application/pdf",
    )
    with monkeypatch.context() as patch:  # the first reading has no OCR engine
        patch.setattr(shop.indexer, "_reader", DocumentReader(None))
        notify(shop, "notice.pdf")
    assert shop.catalog.get("notice.pdf").status == "failed"
    api.login("staffnorth")
    assert api.call("POST", "/api/documents/notice.pdf/retry")[0] == 403
    api.login("manager1")
    assert api.call("POST", "/api/documents/missing.pdf/retry")[0] == 404
    status, record = api.call("POST", "/api/documents/notice.pdf/retry")
    assert status == 200 and record["status"] == "processing" and record["uploaded_by"] == "manager1"
    head = shop.s3.head_object(Bucket=bucket, Key="notice.pdf")  # copied onto itself: an ObjectCreated event
    assert head["Metadata"] == {"uploaded-by": "manager1"} and head["ContentType"] == "application/pdf"
    notify(shop, "notice.pdf", "s3_object_created.json")
    done = shop.catalog.get("notice.pdf")
    assert (done.status, done.ocr_pages, done.uploaded_by) == ("indexed", 1, "manager1")
    assert ("manager1", "document.retry", "notice.pdf") in audit_actions(shop)


def test_a_document_answers_what_otherwise_reads_as_a_measure_the_records_lack(shop: Services, api: Api):
    question = "What share of the Milpitas plant's employees were affected by the closure?"
    api.login("manager1")
    before = ask(api, question)
    assert before["outcome"] == "declined"  # a share: a measure no plan computes
    shop.s3.put_object(
        Bucket=shop.settings.documents_bucket,
        Key="closure-notice.txt",
        Body=b"Plant closure notice\n\nThe closure of the Milpitas plant affected 40% of its "
        b"employees, 213 people in all, in December 2015.\n",
    )
    notify(shop, "closure-notice.txt")
    after = ask(api, question)
    assert after["outcome"] == "answered" and "40%" in after["response"]
    assert [s["id"] for s in after["sources"]] == ["closure-notice.txt"]
    # A question sharing one word with the notice, or one about the shop's own records, is still declined.
    assert ask(api, "What percentage of the trucks sold in Milpitas were red?")["outcome"] == "declined"
    assert ask(api, "What share of our orders were affected by the closure?")["outcome"] == "declined"


def test_a_file_of_several_scans_stays_processing_until_textracts_message_finishes_it(
    shop: Services, api: Api, monkeypatch
):
    bucket = shop.settings.documents_bucket
    client = textract()
    monkeypatch.setattr(shop.indexer, "_reader", DocumentReader(None, TextractJobs(client, bucket, TOPIC, ROLE)))
    body = scans(("Winter storage", "is 4 dollars a square foot."), ("Storage fees apply after 30 days.",))
    shop.s3.put_object(Bucket=bucket, Key="storage.pdf", Body=body, Metadata={"uploaded-by": "manager1"})
    with Stubber(client) as stub:
        stub.add_response("start_document_text_detection", {"JobId": "job-1"})
        stub.add_response(
            "get_document_text_detection",
            job_page(
                "job-1",
                {1: ["Winter storage", "is 4 dollars a square foot."], 2: ["Storage fees apply after 30 days."]},
            ),
        )
        notify(shop, "storage.pdf")
        waiting = shop.catalog.get("storage.pdf")
        assert (waiting.status, waiting.message) == ("processing", "2 scanned pages are being read by OCR")
        ocr_done(shop, "storage.pdf", "job-0")  # another job's message (an earlier version's) changes nothing
        assert shop.catalog.get("storage.pdf").status == "processing"
        ocr_done(shop, "storage.pdf", "job-1")
        stub.assert_no_pending_responses()
    done = shop.catalog.get("storage.pdf")
    assert (done.status, done.pages, done.ocr_pages, done.uploaded_by) == ("indexed", 2, 2, "manager1")
    assert shop.catalog.page("storage.pdf", 2) == ("Storage fees apply after 30 days.", True)
    ocr_done(shop, "storage.pdf", "job-1")  # delivered twice: the second changes nothing
    assert shop.catalog.get("storage.pdf").status == "indexed"
    api.login("manager1")
    status, listed = api.call("GET", "/api/documents")
    assert (
        status == 200
        and {"name": "storage.pdf", "status": "indexed"}.items()
        <= next(d for d in listed["documents"] if d["name"] == "storage.pdf").items()
    )


def test_a_textract_job_that_failed_lists_its_document_as_failed_with_the_reason(shop: Services, monkeypatch):
    bucket = shop.settings.documents_bucket
    client = textract()
    monkeypatch.setattr(shop.indexer, "_reader", DocumentReader(None, TextractJobs(client, bucket, TOPIC, ROLE)))
    shop.s3.put_object(Bucket=bucket, Key="storage.pdf", Body=scans(("Fees apply after 30 days.",), ("Page two",)))
    with Stubber(client) as stub:
        stub.add_response("start_document_text_detection", {"JobId": "job-9"})
        stub.add_response(
            "get_document_text_detection",
            {**job_page("job-9", {}, status="FAILED"), "StatusMessage": "the file is damaged"},
        )
        notify(shop, "storage.pdf")
        ocr_done(shop, "storage.pdf", "job-9", status="FAILED")
        stub.assert_no_pending_responses()
    failed = shop.catalog.get("storage.pdf")
    assert failed.status == "failed" and "Textract job job-9 ended FAILED: the file is damaged" in failed.message


def test_a_policys_rate_is_worked_out_on_the_order_the_question_names(shop: Services, api: Api):
    """ "RO-2003 just got approved - how much deposit?": the policy's 50 % of that order's own total, for a caller
    who may see the order; one who may not gets the policy alone."""
    api.login("manager1")
    payments = pdf_bytes("Payment policy. Repair orders need a 50% deposit when the quote is approved.")
    upload(api, "payment-policy.pdf", payments)
    notify(shop, "payment-policy.pdf")
    body = ask(api, "RO-2003 just got approved - how much deposit do we take on it?")
    assert "50% of RO-2003's total, $103.00, is **$51.50**" in body["response"], body["response"]
    assert {"RO-2003", "payment-policy.pdf"} <= {s["id"] for s in body["sources"]}
    api.login("staffnorth")  # RO-2003's customer is in Inland
    body = ask(api, "RO-2003 just got approved - how much deposit do we take on it?")
    assert "50%" in body["response"] and "$103.00" not in body["response"] and "$51.50" not in body["response"]
