"""The free text a referral carries to its recipient: what a translator may see and translate.

Exactly the free-text fields the dossier shows, under the same consent filter, so a translator
never sees more than the recipient will.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from referral.cases.queries import MASKED
from referral.referrals import operations as referral_ops
from referral.referrals.models import Referral


@dataclass(frozen=True)
class SourceText:
    """One free-text value: where it lives, what it says and (when known) its language."""

    table: str
    column: str
    row_uuid: uuid.UUID
    label: LazyString
    text: str
    lang: str | None

    @property
    def key(self) -> str:
        """Stable reference used by forms and the API: `table.column.row-uuid`."""
        return f"{self.table}.{self.column}.{self.row_uuid}"

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sources_for(referral: Referral) -> list[SourceText]:
    """The referral's free text its recipient may see now, in dossier order."""
    shown = referral_ops.recipient_categories(referral) - MASKED
    case = referral.case
    found: list[SourceText] = []
    if "health" in shown and case.special_needs:
        found.append(
            SourceText(
                "cases",
                "special_needs",
                case.uuid,
                _l("Health and special needs"),
                case.special_needs,
                None,
            )
        )
    risk = case.current_risk
    if "risk" in shown and risk is not None:
        for column, title in (
            ("victim_views", _l("The person's own view of the risks")),
            ("safety_plan", _l("Safety plan")),
        ):
            value = getattr(risk, column)
            if value:
                found.append(SourceText("risk_assessments", column, risk.uuid, title, value, None))
    if "support" in shown and referral.details:
        found.append(
            SourceText(
                "referrals",
                "details",
                referral.uuid,
                _l("Reason and details"),
                referral.details,
                referral.text_lang,
            )
        )
    return found
