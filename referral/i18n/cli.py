"""`referral translations check`."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("translations")
def translations_group() -> None:
    """Message catalogues."""


@translations_group.command("check")
@with_appcontext
def translations_check_command() -> None:
    """Fail when a shipped language has a missing, fuzzy or broken string, or is not compiled."""
    from referral.i18n.check import check_translations

    locales = current_app.config["LOCALES"]
    report = check_translations(locales)
    if report.ok:
        click.echo(f"translations OK: {', '.join(locales)}")
        return
    for locale, problems in report.problems.items():
        click.echo(f"{locale}: {len(problems)} problem(s)", err=True)
        for problem in problems[:20]:
            click.echo(f"  {problem}", err=True)
        if len(problems) > 20:
            click.echo(f"  … and {len(problems) - 20} more", err=True)
    sys.exit(1)
