"""Dossier benchmark: pipeline vs bare WeasyPrint, cached repeat vs render, scripts vs English.

    .venv/bin/python benchmarks/dossier.py

Runs on a throw-away SQLite database. Every ratio compares two timings taken in this same run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REPEATS = 5
#: Repetitions of the sample text that give about 5 and 20 A4 pages.
REPS = {5: 45, 20: 330}
TEXTS = {
    "en": "She was recruited with a promise of work in a hair salon and kept in debt bondage. ",
    "zh_Hans": "她以在美发店工作的承诺被招募，并因债务而被控制。她希望回到家乡重新开始生活。",
    "ar": "تم تجنيدها بوعد بالعمل في صالون تجميل واحتُجزت بسبب دين. تريد العودة إلى بلدها. ",
    "ti": "ኣብ ናይ ጸጉሪ ቤት ስራሕ ክትሰርሕ ተባሂላ ተመልሚላ ብዕዳ ተታሒዛ። ናብ ዓዳ ክትምለስ ትደሊ። ",
}


def timed(func: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time in seconds."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="referral-bench-")
    os.environ["REFERRAL_INSTANCE_PATH"] = workdir
    from flask_migrate import upgrade
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from referral import create_app
    from referral.core import pdf as pdf_module
    from referral.dossiers import context as dossier_context
    from referral.dossiers import operations
    from tests.conftest import make_config
    from tests.identity.fixtures import make_org, make_user
    from tests.referrals.fixtures import give_consent, make_case, make_service, submitted_referral

    app = create_app(make_config(f"sqlite:///{workdir}/bench.sqlite3"))
    with app.app_context(), app.test_request_context():
        upgrade()
        nl, ng = make_org("NL"), make_org("NG")
        caseworker, officer = make_user(nl, ("caseworker",)), make_user(ng, ("receiving_officer",))
        service = make_service(ng)

        def referral_with(text: str, pages: int) -> object:
            case = make_case(caseworker)
            package = ["demographics", "risk", "support", "health"]
            give_consent(caseworker, case, ng, package)
            referral = submitted_referral(caseworker, case, service, package)
            from referral.cases import operations as case_ops
            from referral.core.time import now_utc

            case_ops.add_risk_assessment(
                caseworker,
                case,
                {
                    "method": "interview",
                    "level_victim": "high",
                    "level_family": "medium",
                    "level_staff": "low",
                    "victim_views": text * REPS[pages],
                    "safety_plan": text * REPS[pages],
                    "next_review_on": (now_utc() + timedelta(days=7)).date(),
                },
            )
            referral.details = text * REPS[pages]
            from referral.extensions import db

            db.session.commit()
            return referral

        def pipeline(referral: object, language: str) -> tuple[float, float]:
            dossier = operations.Dossier(
                kind="referral",
                case_id=referral.case_id,
                referral_id=referral.id,
                recipient_org_id=referral.referred_org_id,
                language=language,
                template_version="1",
                categories=[],
                content_key="x" * 64,
                status="queued",
                requested_by_id=officer.id,
            )
            dossier.referral, dossier.case = referral, referral.case
            full = timed(lambda: operations.build_pdf(dossier))
            context = dossier_context.collect(referral)
            html = operations.render_html(dossier, context, "2026-01-01T00:00:00", "0" * 64)
            css = pdf_module.font_css(pdf_module.fonts_for(html))

            def bare() -> bytes:
                fetcher = pdf_module.SafeFetcher()
                fonts = FontConfiguration()  # the same bundled fonts, loaded the same way
                return HTML(string=html, url_fetcher=fetcher).write_pdf(
                    stylesheets=[CSS(string=css, url_fetcher=fetcher, font_config=fonts)],
                    font_config=fonts,
                    pdf_variant="pdf/a-3b",
                )

            return full, timed(bare)

        print("referral dossier benchmark (median of %d runs)" % REPEATS)
        for pages in (5, 20):
            referral = referral_with(TEXTS["en"], pages)
            full, bare = pipeline(referral, "en")
            count = len(
                __import__("pypdf")
                .PdfReader(
                    __import__("io").BytesIO(
                        operations.build_pdf(
                            operations.Dossier(
                                kind="referral",
                                case_id=referral.case_id,
                                referral_id=referral.id,
                                recipient_org_id=referral.referred_org_id,
                                language="en",
                                template_version="1",
                                categories=[],
                                content_key="y" * 64,
                                status="queued",
                                requested_by_id=officer.id,
                                referral=referral,
                                case=referral.case,
                            )
                        )
                    )
                )
                .pages
            )
            print(
                f"  {pages:>2}-page target ({count} pages): pipeline {full:.3f}s, bare WeasyPrint {bare:.3f}s, "
                f"ratio {full / bare:.2f} (target <= 1.15)"
            )

        referral = referral_with(TEXTS["en"], 5)
        first = operations.request_dossier(officer, referral)
        fresh = timed(lambda: operations.build_pdf(first), 3)
        cached = timed(lambda: operations.request_dossier(officer, referral))
        print(
            f"  cached repeat request {cached * 1000:.1f} ms vs fresh render {fresh * 1000:.1f} ms: "
            f"{fresh / cached:.0f}x faster (target >= 20x)"
        )

        english = None
        for language, text in TEXTS.items():
            referral = referral_with(text, 5)
            label_language = language if language in app.config["LOCALES"] else "en"
            full, _bare = pipeline(referral, label_language)
            english = english or full
            print(
                f"  {language:<8} {full:.3f}s, ratio to English {full / english:.2f} (target <= 1.5)"
            )


if __name__ == "__main__":
    main()
