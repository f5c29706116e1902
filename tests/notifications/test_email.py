"""E-mail notices: in the recipient's language, with no names or case codes, sent once."""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa

from referral.extensions import db
from referral.notifications import tasks
from referral.notifications.models import Notification
from tests.referrals.fixtures import CANARY_NAME, give_consent, submitted_referral

PACKAGE = ["demographics", "risk"]


class FakeSMTP:
    sent: ClassVar[list[Any]] = []

    def __init__(self, host: str, port: int, timeout: int) -> None:
        self.host = host

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def starttls(self, context: Any) -> None:
        return None

    def login(self, user: str, password: str) -> None:
        return None

    def send_message(self, message: Any) -> None:
        FakeSMTP.sent.append(message)


def test_email_is_in_the_recipients_language_without_case_data(world, app, monkeypatch) -> None:
    world["officer"].locale = "fr"
    db.session.commit()
    FakeSMTP.sent = []
    monkeypatch.setattr(tasks.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "SMTP_HOST", "smtp.example.org")
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    to_officer = [m for m in FakeSMTP.sent if m["To"] == world["officer"].email]
    assert len(to_officer) == 1
    text = to_officer[0].as_string()
    assert "referral" in text
    assert referral.case.case_code not in text
    assert CANARY_NAME not in text
    assert "Canary" not in text
    body = to_officer[0].get_content()
    assert "Connectez-vous" in body or "connectez-vous" in body.lower()
    notice = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == world["officer"].id)
    )
    assert notice.emailed_at is not None
    assert tasks.send_email(str(notice.uuid)) is False  # never twice


def test_no_smtp_means_no_email(world, app) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    notices = db.session.scalars(sa.select(Notification)).all()
    assert notices
    assert all(notice.emailed_at is None for notice in notices)
