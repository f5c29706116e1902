"""E-mail job: the event kind and a link, in the recipient's language; no case code or names."""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, gettext

from referral.core.time import now_utc
from referral.extensions import db
from referral.jobs.registry import job
from referral.notifications.kinds import kind_title
from referral.notifications.models import Notification

logger = logging.getLogger(__name__)


def render_email(notice: Notification) -> EmailMessage:
    """Subject and body in the recipient's locale; only the kind and a link to sign in."""
    user = notice.user
    with force_locale(user.locale):
        title = str(kind_title(notice.kind))
        body = gettext(
            "There is news for you on referral: %(event)s.\n\nSign in to see it: %(link)s\n\n"
            "For everyone's safety this e-mail holds no names or case details.",
            event=title,
            link=current_app.config["BASE_URL"].rstrip("/") + "/notifications",
        )
    message = EmailMessage()
    message["Subject"] = "referral: " + title
    message["From"] = current_app.config.get("SMTP_MAIL_FROM") or "referral@localhost"
    message["To"] = user.email
    message.set_content(body)
    return message


@job("notifications.send_email")
def send_email(notification: str) -> bool:
    """Send one notice by e-mail if SMTP is configured; idempotent (sent once)."""
    notice = db.session.scalar(
        sa.select(Notification).where(Notification.uuid == uuid.UUID(notification))
    )
    config = current_app.config
    if notice is None or notice.emailed_at is not None or not config.get("SMTP_HOST"):
        return False
    message = render_email(notice)
    with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 587), timeout=30) as smtp:
        smtp.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    notice.emailed_at = now_utc()
    db.session.commit()
    logger.info("notification %s e-mailed", notice.uuid)
    return True
