"""The `referral` command: Flask's own commands plus the project's own groups."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from referral import create_app


def _create(*_args: object) -> object:
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create, add_version_option=False)
def main() -> None:
    """referral: consent-based transnational referral of victims of trafficking."""


@main.command("check-deploy", with_appcontext=False)
def check_deploy_command() -> None:
    """Check a production configuration and say exactly what is wrong (exit 1 if anything)."""
    from referral.deploy_check import run_checks

    checks = run_checks()
    for check in checks:
        click.echo(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
    failed = [check for check in checks if not check.ok]
    click.echo(f"{len(checks) - len(failed)} of {len(checks)} checks pass.")
    sys.exit(1 if failed else 0)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(target: str) -> None:
    """Copy the database to TARGET (pg_dump custom format, or SQLite's backup API)."""
    from pathlib import Path

    from referral.backup import BackupError, backup

    try:
        seconds = backup(current_app, Path(target))  # type: ignore[arg-type]
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(
        f"backup written to {target} in {seconds:.1f} s ({Path(target).stat().st_size} bytes)"
    )


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, exists=True))
@with_appcontext
def restore_command(source: str) -> None:
    """Load SOURCE into the configured (empty) database, then verify the chain and decrypt."""
    from pathlib import Path

    from referral.backup import BackupError, prove, restore

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        seconds = restore(app, Path(source))
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    from referral.erasure.operations import reapply_erasures
    from referral.extensions import db

    for case_code in reapply_erasures():
        click.echo(f"case {case_code} was erased after this backup was made: erased again")
    db.session.commit()  # end this read before the proof opens its own (SQLite: one writer)
    proof = prove(app)
    click.echo(
        f"restored in {seconds:.1f} s; audit chain {'OK' if proof.chain_ok else 'BROKEN'} "
        f"({proof.events} events); {proof.decrypted} sample fields decrypted"
        + (f"; {proof.detail}" if proof.detail else "")
    )
    if not proof.chain_ok or proof.detail:
        sys.exit(1)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve with waitress (the embedded default)."""
    from waitress import serve

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["JOBS"] != "celery":
        from referral.jobs.scheduler import start_embedded_scheduler

        start_embedded_scheduler(app)
    click.echo(f"Serving referral on http://{host}:{port}/ (Ctrl+C to stop)")
    serve(app, host=host, port=port, threads=threads, ident="referral")


@click.command("worker")
@click.option("--beat", is_flag=True, help="Also run the periodic scheduler (one-node installs).")
@click.option("--concurrency", default=2, show_default=True, type=int)
@click.option(
    "--pool", default="prefork", show_default=True, type=click.Choice(["prefork", "solo"])
)
@with_appcontext
def worker_command(beat: bool, concurrency: int, pool: str) -> None:
    """Run the Celery worker consuming jobs from Redis."""
    from referral.jobs.celery_app import celery_for

    celery = celery_for(current_app._get_current_object())  # type: ignore[attr-defined]
    argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", f"--pool={pool}"]
    if beat:
        argv.append("--beat")
    celery.worker_main(argv)


@click.group("vault")
def vault_group() -> None:
    """The key vault: one seal per case, destroyed when the case is erased."""


@vault_group.command("seal")
@with_appcontext
def vault_seal_command() -> None:
    """Seal the case keys made before the vault existed (safe to run again)."""
    from referral.erasure.operations import seal_unsealed_keys

    click.echo(f"{seal_unsealed_keys()} case keys sealed in the vault")


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@click.option("--expect-head", default=None, help="SEQ:HASH recorded off-site earlier.")
@with_appcontext
def audit_verify_command(expect_head: str | None) -> None:
    """Recompute the hash chain and report the first broken link."""
    from referral.audit.chain import verify_chain

    result = verify_chain(expect_head)
    if result.ok:
        click.echo(
            f"audit chain OK: {result.checked} events, head {result.head_seq}:{result.head_hash}"
        )
        return
    click.echo(
        f"audit chain BROKEN at seq {result.broken_at}: {result.problem} "
        f"({result.checked} events verified before it)",
        err=True,
    )
    sys.exit(1)


@click.group("tokens")
def tokens_group() -> None:
    """API tokens."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="cli", show_default=True)
@click.option("--scope", "scopes", multiple=True, help="Repeat; default: every scope.")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 90))
@with_appcontext
def tokens_create_command(email: str, name: str, scopes: tuple[str, ...], days: int) -> None:
    """Create a token for EMAIL; the token alone is printed on the last line."""
    from referral.identity import operations
    from referral.identity.enums import CreatedVia, TokenScope

    user = operations.find_user_by_email(email)
    if user is None or not user.is_active:
        raise click.ClickException("no active user with that e-mail address")
    valid = {scope.value for scope in TokenScope}
    chosen = list(scopes) or sorted(valid)
    unknown = set(chosen) - valid
    if unknown:
        raise click.ClickException("unknown scope(s): " + ", ".join(sorted(unknown)))
    token, raw = operations.create_token(
        user, {"name": name, "scopes": chosen, "expires_in_days": days}, CreatedVia.cli
    )
    click.echo(
        f"token {token.uuid} for {email}, scopes {' '.join(token.scopes)}, "
        f"expires {token.expires_at:%Y-%m-%d}"
    )
    click.echo(raw)


@click.group("users")
def users_group() -> None:
    """User accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--org", "org_id", required=True, help="Organisation UUID.")
@click.option("--name", "display_name", required=True)
@click.option("--role", "roles", multiple=True, required=True)
@with_appcontext
def users_create_command(
    email: str, org_id: str, display_name: str, roles: tuple[str, ...]
) -> None:
    """Create a user; prints a one-time password they must change at first sign-in."""

    from referral.core.errors import ValidationProblem
    from referral.identity import operations
    from referral.identity.enums import Role
    from referral.identity.queries import organisation_by_uuid

    organisation = organisation_by_uuid(org_id)
    if organisation is None:
        raise click.ClickException("no organisation with that UUID")
    try:
        user, temporary = operations.create_user(
            None,
            organisation,
            {"email": email, "display_name": display_name, "roles": list(roles)},
            allowed_roles=frozenset(Role),
        )
    except ValidationProblem as problem:
        raise click.ClickException(
            "; ".join(f"{f}: {m}" for f, m in problem.field_errors)
        ) from None
    click.echo(f"created {user.email} ({user.uuid}); one-time password:")
    click.echo(temporary)


def register_commands(app: object) -> None:
    """Attach the command groups to the app's CLI."""
    from referral.demo.cli import demo_group
    from referral.i18n.cli import translations_group

    for command in (
        serve_command,
        worker_command,
        audit_group,
        vault_group,
        backup_command,
        restore_command,
        tokens_group,
        users_group,
        demo_group,
        translations_group,
    ):
        app.cli.add_command(command)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
