"""A consent can be recorded with the written text in any shipped language, including one whose
locale names a script (zh_Hans), on every database; a text that does not exist is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from referral.consent import operations as consent_ops
from referral.consent.schemas import ConsentRecordSchema
from referral.consent.texts import available_languages
from referral.core.time import now_utc
from referral.extensions import db
from tests.identity.fixtures import make_org, make_user
from tests.referrals.fixtures import ALL_CHECKLIST, make_case


def _record(text_language: str) -> dict:
    now = now_utc()
    return {
        "language": "zh",
        "text_language": text_language,
        "method": "signature",
        "no_interpreter": "on",
        "checklist": ALL_CHECKLIST,
        "valid_from": (now - timedelta(days=1)).date().isoformat(),
        "valid_until": (now + timedelta(days=30)).date().isoformat(),
    }


def test_every_shipped_text_can_be_chosen_and_stored(app) -> None:
    assert "zh_Hans" in available_languages()
    worker = make_user(make_org(), ("caseworker",))
    case = make_case(worker)
    data = ConsentRecordSchema().load(_record("zh_Hans"))
    consent = consent_ops.start_consent(worker, case, data)
    db.session.commit()
    db.session.refresh(consent)
    assert consent.text_language == "zh_Hans"


@pytest.mark.parametrize("code", ["xx", "zh_Hant", "en;DROP"])
def test_a_text_that_does_not_exist_is_refused(code: str) -> None:
    errors = ConsentRecordSchema().validate(_record(code))
    assert "text_language" in errors
