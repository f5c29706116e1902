"""`referral demo load`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from referral.config import is_production


@click.group("demo")
def demo_group() -> None:
    """Fictional demo data."""


@demo_group.command("load")
@with_appcontext
def demo_load_command() -> None:
    """Load the demo organisations and users (idempotent) and print the logins."""
    from referral.demo.data import DEMO_PASSWORD, DemoRefused, load_demo
    from referral.demo.scenarios import load_scenarios

    if is_production(current_app):
        raise click.ClickException("refusing to load demo data with REFERRAL_ENV=production")
    try:
        loaded = load_demo()
    except DemoRefused as exc:
        raise click.ClickException(f"refusing to load demo data: {exc}") from None
    for line in load_scenarios():
        click.echo("  created " + line)
    click.echo("")
    click.echo("Demo logins (demo only; every account starts with the same password):")
    click.echo(f"  password: {DEMO_PASSWORD}")
    click.echo("  At first sign-in you set up two-step verification: scan the QR code, or type")
    click.echo("  the TOTP secret below into an authenticator app. Without a phone:")
    click.echo(
        '    .venv/bin/python -c "import pyotp,sys; print(pyotp.TOTP(sys.argv[1]).now())" SECRET'
    )
    click.echo("")
    width = max(len(user.email) for user, _ in loaded)
    for user, created in loaded:
        state = "set up" if user.mfa_enrolled else "not yet set up"
        mark = " (new)" if created else ""
        click.echo(
            f"  {user.email:<{width}}  roles: {','.join(user.roles):<30} TOTP secret: "
            f"{user.totp_secret or '-'} ({state}){mark}"
        )
    click.echo("")
