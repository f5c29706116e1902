"""The progress page: a refresh without JavaScript, a small same-origin script with it."""

from __future__ import annotations

import re

from referral.dossiers import operations
from referral.dossiers.enums import DossierStatus
from referral.extensions import db
from tests.identity.fixtures import WebClient, sign_in
from tests.referrals.fixtures import give_consent, submitted_referral

PACKAGE = ["demographics", "risk", "support"]


def test_pending_page_refreshes_without_script_and_loads_the_script_under_the_nonce(
    world, app, clock
) -> None:
    give_consent(world["caseworker"], world["case"], world["ng"], PACKAGE)
    referral = submitted_referral(world["caseworker"], world["case"], world["service"], PACKAGE)
    dossier = operations.request_dossier(world["officer"], referral)
    dossier.status = DossierStatus.rendering
    db.session.commit()
    officer = WebClient(app.test_client())
    sign_in(officer, world["officer"], clock)
    response = officer.get(f"/dossiers/{dossier.uuid}")
    page = response.get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    script = re.search(r'<script src="([^"]+)" nonce="([^"]+)"', page)
    assert script.group(1) == "/static/js/dossier-progress.js"
    assert script.group(2) == nonce
    assert 'id="dossier-progress"' in page
    served = officer.get(script.group(1))
    assert served.status_code == 200
    assert "javascript" in served.mimetype
    assert "dossier-state" in served.get_data(as_text=True)
    served.close()

    dossier.status = DossierStatus.ready
    db.session.commit()
    ready = officer.get(f"/dossiers/{dossier.uuid}").get_data(as_text=True)
    assert "refresh" not in ready
    assert "dossier-progress" not in ready
