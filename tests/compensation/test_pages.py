"""Compensation pages and API: the lawyer's dashboard, the claim page, CSV, uploads, reminders."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfWriter

from referral.audit.models import AuditEvent
from referral.compensation import documents, tasks
from referral.compensation.models import ClaimDocument
from referral.core.errors import ValidationProblem
from referral.core.http import etag_for
from referral.extensions import db
from referral.notifications.models import Notification
from tests.compensation.fixtures import (
    consent_for_lawyer,
    entry,
    open_claim,
    order_in_enforcement,
    today,
)


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def assigned(claim_world):
    """A Dutch order with a Romanian lawyer, €12,500 awarded, €1,000 paid."""
    worker, case, lawyer = claim_world["caseworker"], claim_world["case"], claim_world["lawyer"]
    consent_for_lawyer(worker, case, lawyer)
    claim = order_in_enforcement(worker, case, 1_250_000, lawyer=lawyer.uuid)
    entry(worker, claim, "paid_by_offender", 100_000)
    db.session.commit()
    return claim_world | {"claim": claim}


def test_lawyer_follows_a_claim_on_the_dashboard_and_claim_page(assigned, web_for) -> None:
    lawyer, claim = assigned["lawyer"], assigned["claim"]
    browser = web_for(user=lawyer)
    page = browser.get("/claims").get_data(as_text=True)
    assert claim.case.case_code in page
    assert "€11,500.00" in page  # still owed
    detail = browser.get(f"/claims/{claim.uuid}")
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert "<svg" in html
    assert 'role="img"' in html
    assert "the state advances the unpaid part" in html
    assert "€11,500.00" in html


def test_an_unassigned_lawyer_gets_404_everywhere(assigned, web_for, api_for) -> None:
    from tests.compensation.fixtures import lawyer_abroad

    stranger = lawyer_abroad("RO")
    claim = assigned["claim"]
    browser = web_for(user=stranger)
    assert browser.get(f"/claims/{claim.uuid}").status_code == 404
    assert claim.case.case_code not in browser.get("/claims").get_data(as_text=True)
    api = api_for(user=stranger)
    assert api.get(f"/api/v1/compensation-claims/{claim.uuid}").status_code == 404
    assert api.get(f"/api/v1/compensation-claims/{claim.uuid}/ledger").status_code == 404
    assert api.get("/api/v1/compensation-claims").get_json()["items"] == []


def test_csv_export_holds_own_claims_without_names_and_defuses_formulas(assigned, web_for) -> None:
    lawyer, claim = assigned["lawyer"], assigned["claim"]
    claim.case.case_code  # noqa: B018 (loaded before the request)
    response = web_for(user=lawyer).get("/claims.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1
    row = rows[0]
    assert row["case_code"] == claim.case.case_code
    assert (row["awarded"], row["paid_by_offender"], row["outstanding"]) == (
        "12500.00",
        "1000.00",
        "11500.00",
    )
    from referral.compensation.export import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("-5.00") == "-5.00"
    assert db.session.scalar(
        sa.select(AuditEvent.id).where(AuditEvent.action == "compensation.exported")
    )


def test_form_errors_re_render_in_the_users_language_and_keep_input(assigned, web_for) -> None:
    browser = web_for(user=assigned["lawyer"])
    browser.post("/language", {"locale": "de"})
    url = f"/claims/{assigned['claim'].uuid}/ledger/new"
    response = browser.post(
        url, {"kind": "paid_by_offender", "amount": "zwölf", "currency": "EUR", "occurred_on": ""}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="zwölf"' in html
    assert 'lang="de"' in html
    before = len(assigned["claim"].entries)
    response = browser.post(
        url,
        {
            "kind": "paid_by_offender",
            "amount": "1.000,50",
            "currency": "EUR",
            "occurred_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert len(assigned["claim"].entries) == before + 1
    assert assigned["claim"].entries[-1].amount_minor == 100_050


def test_api_steps_need_if_match_and_report_field_errors(assigned, api_for) -> None:
    claim = assigned["claim"]
    api = api_for(user=assigned["lawyer"])
    url = f"/api/v1/compensation-claims/{claim.uuid}"
    got = api.get(url)
    assert got.status_code == 200
    body = got.get_json()
    assert body["balances"][0]["outstanding"] == {"amount_minor": 1_150_000, "currency": "EUR"}
    assert body["advance_eligible_on"] == claim.advance_eligible_on.isoformat()
    missing = api.post(
        url + "/transitions", json={"action": "settle"}, headers={"Idempotency-Key": "t0"}
    )
    assert missing.status_code == 428
    refused = api.post(
        url + "/transitions",
        json={"action": "settle"},
        headers={"If-Match": got.headers["ETag"], "Idempotency-Key": "t1"},
    )
    assert refused.status_code == 422
    problem = refused.get_json()
    assert refused.mimetype == "application/problem+json"
    assert problem["errors"][0]["pointer"] == "#/note"
    made = api.post(
        url + "/ledger",
        json={
            "kind": "recovered_by_state_from_offender",
            "amount": {"amount_minor": 5, "currency": "EUR"},
            "occurred_on": today().isoformat(),
        },
        headers={"Idempotency-Key": "k1"},
    )
    assert made.status_code == 422  # nothing was advanced yet
    assert made.get_json()["errors"][0]["pointer"] == "#/amount"
    bad = api.post(
        url + "/ledger",
        json={
            "kind": "claimed",
            "amount": {"amount_minor": 1.5, "currency": "EUR"},
            "occurred_on": "2026-01-01",
        },
        headers={"Idempotency-Key": "k2"},
    )
    assert bad.status_code == 422


def test_team_opens_a_claim_over_the_api(claim_world, api_for) -> None:
    api = api_for(user=claim_world["caseworker"])
    case = claim_world["case"]
    made = api.post(
        f"/api/v1/cases/{case.uuid}/compensation-claims",
        json={"route": "civil_suit", "offence_category": "other", "crime_country": "NL"},
        headers={"Idempotency-Key": "c1"},
    )
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["status"] == "prepared"
    listed = api.get(f"/api/v1/cases/{case.uuid}/compensation-claims").get_json()["items"]
    assert [c["route"] for c in listed] == ["civil_suit"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("judgment.pdf", b"MZ\x90\x00 not a pdf at all", "Only PDF, PNG and JPEG"),
        ("judgment.pdf", b"", "empty"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "larger than 20 MB"),
        ("../../etc/passwd.pdf", None, "not allowed"),
        ("bad\x00name.pdf", None, "not allowed"),
        ("", None, "no name"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "damaged"),
        ("scan.pdf", b"%PDF-1.7\n%%EOF", "damaged"),
    ],
)
def test_bad_uploads_give_a_clear_error_and_store_nothing(assigned, name, data, message) -> None:
    claim, lawyer = assigned["claim"], assigned["lawyer"]
    with pytest.raises(ValidationProblem) as refused:
        documents.upload_document(
            lawyer, claim, name, pdf_bytes() if data is None else data, {"kind": "judgment"}
        )
    ((field, text),) = refused.value.field_errors
    assert field == "file"
    assert message in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClaimDocument)) == 0


def test_upload_is_sniffed_encrypted_and_every_download_audited(assigned, web_for, api_for) -> None:
    claim, lawyer = assigned["claim"], assigned["lawyer"]
    browser = web_for(user=lawyer)
    content = png_bytes()
    response = browser.post(
        f"/claims/{claim.uuid}/documents/new",
        {"kind": "medical_evidence", "language": "ro", "file": (io.BytesIO(content), "report.pdf")},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    document = db.session.scalar(sa.select(ClaimDocument))
    assert document.media_type == "image/png"  # by content, not by the name
    assert content not in document.data_encrypted
    assert b"report" not in document.filename_encrypted
    got = browser.get(f"/claims/{claim.uuid}/documents/{document.uuid}")
    assert got.status_code == 200
    assert got.data == content
    assert (
        got.headers["Content-Disposition"]
        == f'attachment; filename="claim-document-{document.uuid}.png"'
    )
    api_got = api_for(user=lawyer).get(
        f"/api/v1/compensation-claims/{claim.uuid}/documents/{document.uuid}/file"
    )
    assert api_got.data == content
    downloads = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "compensation.document_downloaded")
    ).all()
    assert len(downloads) == 2


def test_reminders_fire_once_for_limitation_deadlines_and_the_advance(claim_world, clock) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = open_claim(
        worker,
        case,
        route="state_scheme_cross_border",
        crime_country="BE",
        residence_country="RO",
        offence_category="other",
        limitation_starts_on=today() - timedelta(days=365 * 3 - 80),
    )
    assert (claim.limitation_on - today()).days <= 90
    assert tasks.remind() == 1
    assert tasks.remind() == 0  # once only
    clock.advance(days=60)
    assert tasks.remind() == 1  # the 30-day reminder
    order = order_in_enforcement(worker, case, 100_000, final_days_ago=250)
    clock.advance(days=20)  # the advance date passes
    fired = tasks.remind()
    assert fired >= 1
    kinds = set(db.session.scalars(sa.select(Notification.kind)))
    assert {"compensation.deadline_due", "compensation.advance_claimable"} <= kinds
    assert order.advance_eligible_on <= today()


def test_application_form_renders_in_the_authoritys_language(claim_world, web_for) -> None:
    worker, case = claim_world["caseworker"], claim_world["case"]
    claim = open_claim(
        worker,
        case,
        route="state_scheme_cross_border",
        crime_country="BE",
        residence_country="RO",
        offence_category="other",
        self_represented=True,
    )
    entry(worker, claim, "claimed", 250_000, head="material", subtype="medical")
    db.session.commit()
    response = web_for(user=worker).get(f"/claims/{claim.uuid}/application.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "2004/80" in text
    assert case.case_code in text
    assert "Demande" in text or "demande" in text  # Belgium's first accepted language: French
    assert etag_for(claim)


def test_lawyer_sees_name_only_by_a_recorded_reveal_within_consent(assigned, web_for) -> None:
    claim, lawyer = assigned["claim"], assigned["lawyer"]
    from referral.cases import operations as case_ops

    case_ops.update_identity(
        assigned["caseworker"], claim.case, {"first_name": "Ioana", "mobile_phone": "+40 7"}
    )
    db.session.commit()
    browser = web_for(user=lawyer)
    page = browser.get(f"/claims/{claim.uuid}").get_data(as_text=True)
    assert "Show name and contact" in page
    assert "Ioana" not in page
    shown = browser.post(f"/claims/{claim.uuid}/reveal", {}).get_data(as_text=True)
    assert "This was recorded" in shown
    assert "Ioana" in shown
    assert "+40 7" not in shown  # contact is not in the consent
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "compensation.client_revealed")
    )
    assert event.categories == ["identity"]  # the consent covers identity, not contact


def test_money_chart_is_mirrored_for_right_to_left_pages(assigned, web_for) -> None:
    import re

    claim = assigned["claim"]
    browser = web_for(user=assigned["lawyer"])
    ltr = browser.get(f"/claims/{claim.uuid}").get_data(as_text=True)
    browser.post("/language", {"locale": "ar"})
    rtl = browser.get(f"/claims/{claim.uuid}").get_data(as_text=True)

    def first_bar_x(html: str) -> int:
        return int(re.search(r'<rect class="bar-awarded" x="(\d+)"', html).group(1))

    assert first_bar_x(ltr) == 4  # bars grow from the left
    assert first_bar_x(rtl) > 200  # and from the right in Arabic
