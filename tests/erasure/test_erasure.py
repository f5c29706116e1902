"""Erasing a case: crypto-shredding, what is left, who may, and that nothing reads it again."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from referral.audit.models import AuditEvent
from referral.cases.models import Case, CaseKey, Identity
from referral.consent import operations as consent_ops
from referral.core import vault
from referral.core.crypto import DecryptionError, current_master_key, encrypt, unwrap_data_key
from referral.erasure.operations import seal_unsealed_keys
from referral.extensions import db
from referral.referrals.models import Referral
from tests.identity.fixtures import ApiClient, make_user, sign_in
from tests.referrals.fixtures import CANARY_NAME, give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "support"]


def _closed_referral(world) -> Referral:
    """A referral that ended when the person withdrew consent: nothing is open."""
    consent = give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    consent_ops.withdraw_consent(world["caseworker"], consent, {"channel": "in_person"})
    return referral


def _erase(api: ApiClient, case: Case, **body) -> object:
    payload = {"reason": "person_request", "case_code": case.case_code, **body}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    return api.post(f"/api/v1/cases/{case.uuid}/erasure", json=payload, headers=key)


def test_erasure_shreds_the_key_and_every_reader_loses_the_case(world, api_for) -> None:
    case = world["case"]
    referral = _closed_referral(world)
    coordinator = make_user(world["nl"], ("coordinator",))
    sender, receiver = api_for(user=coordinator), api_for(user=world["ng_coordinator"])
    assert receiver.get(f"/api/v1/referrals/{referral.uuid}").status_code == 200

    answer = _erase(sender, case)

    assert answer.status_code == 200, answer.json
    assert answer.json["case_code"] == case.case_code
    assert answer.json["erasure_reason"] == "person_request"
    with pytest.raises(vault.SealDestroyed):
        vault.seal_of(str(case.uuid))
    key = db.session.scalar(sa.select(CaseKey).where(CaseKey.case_id == case.id))
    assert key.wrapped_key is None
    assert key.destroyed_at is not None
    # Nothing reads it any more, through any path: pages, API, lists.
    assert sender.get(f"/api/v1/cases/{case.uuid}").status_code == 404
    assert receiver.get(f"/api/v1/referrals/{referral.uuid}").status_code == 404
    listed = sender.get("/api/v1/cases").json["items"]
    assert case.case_code not in str(listed)
    assert receiver.get("/api/v1/referrals").json["items"] == []
    # What is left: the code, the plain demographics reset, the ciphertexts overwritten.
    row = db.session.execute(sa.select(Case.__table__).where(Case.__table__.c.id == case.id)).one()
    assert row.case_code == case.case_code
    assert row.erased_at is not None
    assert (row.stated_age, row.citizenship, row.gender) == (None, [], "unknown")
    identity = db.session.execute(
        sa.select(Identity.__table__).where(Identity.__table__.c.case_id == case.id)
    ).one()
    assert identity.first_name_encrypted is None
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "case.erased"))
    assert (event.case_code, event.reason_code) == (case.case_code, "person_request")
    assert CANARY_NAME not in str(event.__dict__)


def test_a_wrong_code_or_an_open_referral_refuses_and_changes_nothing(world, api_for) -> None:
    case = world["case"]
    give_consent(world["caseworker"], case, world["ng"], PACKAGE)
    submitted_referral(world["caseworker"], case, world["service"], PACKAGE)
    api = api_for("coordinator", org=world["nl"])

    wrong = _erase(api, case, case_code="NOT-IT")
    still_open = _erase(api, case)

    assert wrong.status_code == still_open.status_code == 422
    assert wrong.headers["Content-Type"] == "application/problem+json"
    assert {e["pointer"] for e in wrong.json["errors"]} == {"#/case_code"}
    assert "exactly as it is shown" in wrong.json["errors"][0]["detail"]
    [refusal] = still_open.json["errors"]
    assert "open referrals" in refusal["detail"]
    assert vault.seal_of(str(case.uuid))
    assert api.get(f"/api/v1/cases/{case.uuid}").json["case_code"] == case.case_code


def test_only_the_owner_coordinators_with_the_erase_scope(world, api_for) -> None:
    case = world["case"]
    coordinator = make_user(world["nl"], ("coordinator",))
    assert _erase(api_for(user=world["caseworker"]), case).status_code == 403
    assert _erase(api_for(user=world["ng_coordinator"]), case).status_code == 404
    narrow = api_for(user=coordinator, scopes=["cases:read", "cases:write"])
    assert _erase(narrow, case).status_code == 403
    assert db.session.get(Case, case.id).erased_at is None


def test_a_destroyed_key_answers_410_never_500(world, api_for) -> None:
    """Defence in depth: a case whose seal is gone but which is not (yet) marked erased."""
    case = world["case"]
    vault.destroy_seal(str(case.uuid))
    db.session.expire_all()
    api = api_for(user=world["caseworker"])
    answer = api.get(f"/api/v1/cases/{case.uuid}")
    assert answer.status_code == 410
    assert answer.json["type"].endswith("/erased")
    case_id = case.id
    db.session.expunge_all()  # a fresh object: no data key cached from before
    with pytest.raises(DecryptionError):
        _ = db.session.get(Case, case_id).special_needs


def test_the_page_explains_confirms_with_a_code_and_keeps_what_was_typed(
    world, app, web, clock
) -> None:
    case = world["case"]
    coordinator = make_user(world["nl"], ("coordinator",))
    sign_in(web, coordinator, clock)
    page = web.get(f"/cases/{case.uuid}/erase").get_data(as_text=True)
    assert "Erasing cannot be undone." in page
    # isolated inside the hint's sentence, so right-to-left languages keep its full stop after it
    assert f"The case code is \u2068{case.case_code}\u2069." in page
    assert f"/cases/{case.uuid}/erase" in web.get(f"/cases/{case.uuid}").get_data(as_text=True)

    refused = web.post(
        f"/cases/{case.uuid}/erase", {"reason": "person_request", "case_code": "NL-WRONG"}
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Type the case code exactly as it is shown." in body
    assert 'value="NL-WRONG"' in body

    done = web.post(
        f"/cases/{case.uuid}/erase", {"reason": "person_request", "case_code": case.case_code}
    )
    assert done.status_code == 302
    assert web.get(f"/cases/{case.uuid}").status_code == 404


def test_keys_made_before_the_vault_get_sealed_and_then_erase_for_good(world, app) -> None:
    """`referral vault seal`: a key wrapped by the master key alone (before the vault) still
    opens; once sealed, destroying its seal is enough to make it unreadable."""
    case = world["case"]
    key = db.session.scalar(sa.select(CaseKey).where(CaseKey.case_id == case.id))
    data_key = unwrap_data_key(key.wrapped_key, str(case.uuid))
    key.wrapped_key = encrypt(
        current_master_key(), data_key, table="case_keys", column="wrapped_key", row=str(case.uuid)
    )
    assert unwrap_data_key(key.wrapped_key, str(case.uuid)) == data_key  # the old form opens

    assert seal_unsealed_keys() >= 1
    assert seal_unsealed_keys() == 0  # nothing left to seal

    assert unwrap_data_key(key.wrapped_key, str(case.uuid)) == data_key
    vault.destroy_seal(str(case.uuid))
    with pytest.raises(DecryptionError):
        unwrap_data_key(key.wrapped_key, str(case.uuid))
