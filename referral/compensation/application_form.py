"""The pre-filled cross-border application (Directive 2004/80/EC), through the dossier pipeline.

It is printed in a language the deciding authority accepts (the first one the platform
ships, else English). The person's name, address and bank details are never pre-filled:
they are completed by hand, so the file carries no identity or whereabouts.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale, format_date

from referral.audit import operations as audit
from referral.compensation.enums import ClaimRoute, EntryKind
from referral.compensation.ledger import balances
from referral.compensation.models import CompensationClaim
from referral.compensation.money import format_money
from referral.compensation.operations import CATEGORIES
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.identity.models import User


def form_language(claim: CompensationClaim) -> str:
    shipped = list(current_app.config["LOCALES"])
    accepted = claim.scheme.accepted_languages if claim.scheme else []
    return next((lang for lang in accepted if lang in shipped), "en")


def has_form(claim: CompensationClaim) -> bool:
    return claim.route == ClaimRoute.state_scheme_cross_border


@operation
def application_pdf(actor: User, claim: CompensationClaim) -> bytes:
    """Render the application form; recorded in the audit trail."""
    from referral.dossiers.operations import render_configured

    language = form_language(claim)
    with force_locale(language):
        money = balances(claim.entries)
        claimed = [
            (entry.head, entry.subtype, format_money(entry.amount_minor, entry.currency, language))
            for entry in claim.entries
            if entry.kind == EntryKind.claimed and entry.reverses_id is None
        ]
        html = render_template(
            "compensation/application_form.html",
            language=language,
            claim=claim,
            claimed=claimed,
            totals={c: format_money(b.claimed, c, language) for c, b in money.items() if b.claimed},
            deducted={
                c: format_money(b.deducted, c, language) for c, b in money.items() if b.deducted
            },
            documents=claim.documents,
            generated_on=format_date(now_utc().date(), "long"),
        )
    pdf = render_configured(html)
    audit.record(
        actor,
        "compensation.application_generated",
        claim,
        case_code=claim.case.case_code,
        categories=CATEGORIES,
        reason_code=language,
    )
    return pdf
