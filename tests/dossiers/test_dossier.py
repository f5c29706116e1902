"""Real dossiers: rendered, extracted back, checked for language, consent, watermark and package."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile

import jsonschema
import pikepdf
import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from referral.consent import operations as consent_ops
from referral.dossiers import operations
from referral.dossiers.enums import DossierStatus
from referral.dossiers.models import Dossier, DossierBlob
from referral.extensions import db
from tests.referrals.fixtures import CANARY_NAME, CANARY_PHONE, give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "support"]


@pytest.fixture
def sent(world):
    consent = give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    return {**world, "consent": consent, "referral": referral}


def render(sent, language: str | None = None) -> tuple[Dossier, bytes]:
    dossier = operations.request_dossier(sent["officer"], sent["referral"], language)
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.ready, dossier.error_code
    return dossier, operations.download(sent["officer"], dossier)


def text_of(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def test_dossier_is_pdf_a_with_watermark_and_valid_package(sent) -> None:
    dossier, pdf = render(sent)
    reader, pages = text_of(pdf)
    assert pdf.startswith(b"%PDF-")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp
    assert "3" in xmp.split("pdfaid:part", 1)[1][:12]
    for page in pages:
        assert str(dossier.uuid) in page
    assert "Referral dossier" in pages[0]
    assert reader.metadata.title == f"Referral dossier {dossier.uuid}"
    assert reader.metadata.author is None
    attachments = reader.attachments
    assert list(attachments) == ["referral-package.json"]
    package = json.loads(attachments["referral-package.json"][0])
    jsonschema.validate(package, operations.package_schema())
    assert set(package["visible_categories"]) == set(PACKAGE)
    assert package["referral"]["case_code"] == sent["case"].case_code


def test_no_non_consented_canary_anywhere(sent) -> None:
    _, pdf = render(sent)
    reader, pages = text_of(pdf)
    everything = " ".join(pages) + json.dumps(dict(reader.metadata or {}), default=str)
    everything += " ".join(data[0].decode() for data in reader.attachments.values())
    for canary in (CANARY_NAME, CANARY_PHONE, "asthma canary"):
        assert canary not in everything
        assert canary.encode() not in pdf
    assert "I fear the madam canary" in everything  # risk was consented


def test_recipient_language_and_arabic_text_stays_intact(sent) -> None:
    sent["ng"].working_languages = ["ar"]
    db.session.commit()
    dossier, pdf = render(sent)
    assert dossier.language == "ar"
    _, pages = text_of(pdf)
    joined = " ".join(pages)
    with force_locale("ar"):
        case_code_label = gettext("Case code")
    assert case_code_label != "Case code"
    assert case_code_label in joined
    assert sent["case"].case_code in joined
    html = operations.render_html(
        dossier,
        {**operations.dossier_context.collect(sent["referral"])},
        "2026-11-27T12:00:00",
        "0" * 64,
    )
    assert '<html lang="ar" dir="rtl">' in html


def test_second_request_reuses_the_stored_file(sent) -> None:
    first, _ = render(sent)
    again = operations.request_dossier(sent["officer"], sent["referral"])
    assert again.id == first.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DossierBlob)) == 1


def test_consent_withdrawal_revokes_and_deletes_the_file(sent) -> None:
    dossier, _ = render(sent)
    consent_ops.withdraw_consent(sent["caseworker"], sent["consent"], {"channel": "phone"})
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.revoked
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DossierBlob)) == 0


def test_qpdf_finds_no_errors(sent, tmp_path) -> None:
    """qpdf's own structural check (through pikepdf, which bundles libqpdf)."""
    _, pdf = render(sent)
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
        assert document.check_pdf_syntax() == []


def test_download_over_http_is_an_attachment_named_by_id(sent, app, clock) -> None:
    from tests.identity.fixtures import WebClient, sign_in

    officer = WebClient(app.test_client())
    sign_in(officer, sent["officer"], clock)
    requested = officer.post(f"/referrals/{sent['referral'].uuid}/dossiers", {"language": "fr"})
    assert requested.status_code == 302
    dossier_url = requested.location
    page = officer.get(dossier_url).get_data(as_text=True)
    assert "Download the PDF" in page or "PDF" in page
    response = officer.get(dossier_url + "/file")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="dossier-')
    assert sent["case"].case_code not in disposition
    consent_ops.withdraw_consent(sent["caseworker"], sent["consent"], {"channel": "phone"})
    assert officer.get(dossier_url + "/file").status_code == 404


def test_consent_information_sheet_in_the_persons_language(sent, app, clock) -> None:
    from tests.identity.fixtures import WebClient, sign_in

    sent["consent"].language = "ar"
    db.session.commit()
    worker = WebClient(app.test_client())
    sign_in(worker, sent["caseworker"], clock)
    response = worker.get(f"/consents/{sent['consent'].uuid}/sheet")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    _, pages = text_of(response.data)
    joined = " ".join(pages)
    assert sent["case"].case_code in joined
    assert "NG NGO" in joined
    assert CANARY_NAME not in joined


def test_dates_follow_the_recipients_locale_and_state_the_zone(sent) -> None:
    sent["ng"].working_languages = ["fr"]
    db.session.commit()
    _, pdf = render(sent)
    _, pages = text_of(pdf)
    joined = " ".join(pages)
    assert "UTC" in joined
    assert "nov." in joined  # 27 nov. 2026, not 2026-11-27T...
    assert "T12:00:00.000000" not in joined


def test_a_new_template_version_is_not_answered_from_the_old_file(sent, monkeypatch) -> None:
    first, _ = render(sent)
    from referral.dossiers import context

    monkeypatch.setattr(context, "TEMPLATE_VERSION", "next")
    again = operations.request_dossier(sent["officer"], sent["referral"])
    assert again.id != first.id


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    """poppler's `pdffonts` rows: BaseFont name, and whether embedded, subset, Unicode-mapped."""
    program = shutil.which("pdffonts")
    assert program, "pdffonts (poppler-utils) is installed by .ci/run"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(  # noqa: S603 - our own file
            [program, file.name], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    rows = []
    for line in out[2:]:
        parts = line.split()
        # name type [encoding words...] emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def embedded_fonts(pdf: bytes) -> set[str]:
    """Font names without the subset tag."""
    return {row["name"].split("+", 1)[-1] for row in pdffonts(pdf)}


def test_only_bundled_noto_fonts_are_embedded(sent) -> None:
    sent["referral"].details = "Arabic العربية, Chinese 中文, Tigrinya ትግርኛ, Greek Ελληνικά"
    db.session.commit()
    _, pdf = render(sent)
    names = embedded_fonts(pdf)
    assert names
    assert all(name.startswith("Noto") for name in names), names
    assert any("Naskh-Arabic" in name for name in names)
    assert any("Ethiopic" in name for name in names)
    assert any(name.startswith("Noto-Sans-SC") for name in names)  # the bundled GB2312 subset
    _, pages = text_of(pdf)
    joined = " ".join(pages)
    for word in ("中文", "ትግርኛ", "Ελληνικά"):
        assert word in joined
