"""Erasing a case: crypto-shredding its data key, scrubbing what is left, and keeping erased
cases out of every read.

Erasure destroys the case's seal in the key vault (`referral.core.vault`) and its wrapped data
key, so every encrypted field, translation and stored dossier of the case is unreadable for
good, in this database and in any backup of it. The remaining plain columns that describe
the person are reset, ciphertexts are overwritten, grants end and saved API answers about the
case are deleted. The case code stays, so the audit trail still says who did what and when.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import ORMExecuteState, Session, joinedload, with_loader_criteria

from referral.audit import operations as audit
from referral.cases.enums import ErasureReason
from referral.cases.models import Case, CaseKey, CaseOwned
from referral.consent.models import AccessGrant
from referral.core import vault
from referral.core.crypto import DecryptionError, reseal_data_key
from referral.core.errors import ValidationProblem
from referral.core.idempotency import IdempotencyRecord
from referral.core.operation import operation
from referral.core.time import now_utc
from referral.dossiers.operations import revoke_for
from referral.extensions import db
from referral.identity.models import User
from referral.referrals.enums import OPEN_STATES
from referral.referrals.models import Referral

#: Column sensitivities that describe the person (referral.core.db.label).
PERSONAL = {"personal", "special", "safety"}


def erased_case_ids() -> sa.Select[tuple[int]]:
    """Ids of erased cases (on the table, so no ORM criteria apply to this subquery)."""
    cases = Case.__table__
    return sa.select(cases.c.id).where(cases.c.erased_at.is_not(None))


@sa.event.listens_for(Session, "do_orm_execute")
def _leave_out_erased(state: ORMExecuteState) -> None:
    """Every ORM query, in every module, reads as if erased cases and all they own were gone.
    Relationship and column loads start from rows that already passed this filter."""
    if (
        not state.is_select
        or state.is_column_load
        or state.is_relationship_load
        or state.execution_options.get("include_erased", False)
    ):
        return
    state.statement = state.statement.options(
        with_loader_criteria(Case, lambda cls: cls.erased_at.is_(None), include_aliases=True),
        with_loader_criteria(CaseOwned, lambda cls: _not_erased(cls), include_aliases=True),
    )


def _not_erased(model: type) -> sa.ColumnElement[bool]:
    """Rows with their own `case_id` leave erased cases out. Rows below them (a referral's
    messages, a claim's ledger) are reached through their parent, which is filtered."""
    case_id = getattr(model, "case_id", None)
    return sa.true() if case_id is None else case_id.not_in(erased_case_ids())


def _referrals_of(case: Case) -> list[Referral]:
    return list(db.session.scalars(sa.select(Referral).where(Referral.case_id == case.id)))


def open_referrals(case: Case) -> list[Referral]:
    """Referrals of the case that are still open: they end before the case can be erased."""
    return [referral for referral in _referrals_of(case) if referral.status in OPEN_STATES]


@operation
def erase_case(actor: User, case: Case, reason: ErasureReason, case_code: str) -> Case:
    """Crypto-shred the case, once its code was typed back and no referral of it is open."""
    referrals = _referrals_of(case)
    errors = []
    if case_code.strip().upper() != case.case_code.upper():
        errors.append(("case_code", str(_l("Type the case code exactly as it is shown."))))
    if any(referral.status in OPEN_STATES for referral in referrals):
        errors.append(("case_code", str(_l("Withdraw or close the case's open referrals first."))))
    if errors:
        raise ValidationProblem(errors=errors)
    now = now_utc()
    # The seal goes first, in the vault's own transaction: if anything below fails, the case
    # is unreadable but not yet marked erased (pages answer 410); erasing again finishes it.
    vault.destroy_seal(str(case.uuid), now)
    for referral in referrals:
        revoke_for(referral, "case_erased")
    forgotten = _forget_saved_answers(case, referrals)
    scrubbed = _scrub(case)
    db.session.execute(
        sa.update(AccessGrant)
        .where(AccessGrant.case_id == case.id, AccessGrant.closed_at.is_(None))
        .values(closed_at=now, close_reason="case_erased")
    )
    case.key.wrapped_key, case.key.destroyed_at = None, now
    case.erased_at, case.erased_by_id, case.erasure_reason = now, actor.id, reason
    audit.record(
        actor,
        "case.erased",
        case,
        case_code=case.case_code,
        reason_code=reason.value,
        fields=sorted(scrubbed),
    )
    if forgotten:
        audit.record(actor, "idempotency.forgotten", case, case_code=case.case_code)
    return case


def reapply_erasures() -> list[str]:
    """After a restore: finish the erasure of every case whose seal the vault destroyed
    after the backup was made (the backup still holds it as a live case). Their codes."""
    destroyed = vault.destroyed()
    if not destroyed:
        return []
    found = sa.select(Case).where(Case.uuid.in_([uuid.UUID(key) for key in destroyed]))
    finished = []
    for case in db.session.scalars(found.order_by(Case.id)).all():  # not yet marked erased
        _finish_erasure(case, destroyed[str(case.uuid)])
        finished.append(case.case_code)
    return finished


@operation
def _finish_erasure(case: Case, destroyed: datetime) -> None:
    _scrub(case)
    case.key.wrapped_key, case.key.destroyed_at = None, destroyed
    case.erased_at = destroyed
    audit.record(None, "case.erasure_reapplied", case, case_code=case.case_code)


@operation
def seal_unsealed_keys() -> int:
    """Give every case key wrapped before the vault existed its seal, so that erasing the
    case also reaches backups. How many were sealed."""
    sealed = 0
    live = (
        sa.select(CaseKey)
        .where(CaseKey.wrapped_key.is_not(None))
        .options(joinedload(CaseKey.case, innerjoin=True))
    )
    for key in db.session.scalars(live):
        resealed = reseal_data_key(key.wrapped_key, str(key.case.uuid))
        if resealed is not None:
            key.wrapped_key = resealed
            sealed += 1
    audit.record(None, "vault.keys_sealed", object_type="case_key", reason_code=f"sealed:{sealed}")
    return sealed


def _scrub(case: Case) -> set[str]:
    """Reset the person-describing plain columns and overwrite the ciphertexts of the case and
    of every row it owns; the names of the columns touched."""
    touched = set()
    for mapper in case_mappers():
        model = mapper.class_
        values = {}
        for column in mapper.columns:
            if isinstance(column.type, sa.LargeBinary):
                values[column.key] = None if column.nullable else b""
            elif column.info.get("sensitivity") in PERSONAL:
                if column.nullable:
                    values[column.key] = None
                elif column.default is not None and column.default.is_scalar:
                    values[column.key] = column.default.arg
                elif column.default is not None and column.default.is_callable:
                    values[column.key] = column.default.arg(None)  # e.g. list: []
        if values:
            owned = owned_by(model, case.id)
            db.session.execute(
                sa.update(model).where(owned).values(**values),
                execution_options={"synchronize_session": False},
            )
            touched |= {f"{mapper.local_table.name}.{name}" for name in values}
    db.session.expire_all()
    return touched


def case_mappers() -> list[Any]:
    """The mappers of Case and of every model a case owns."""
    return [
        mapper
        for mapper in db.Model.registry.mappers
        if mapper.class_ is Case or issubclass(mapper.class_, CaseOwned)
    ]


def owned_by(model: type, case_id: int) -> sa.ColumnElement[bool]:
    """Rows of `model` that belong to the case: the case itself, rows with their own
    `case_id`, or rows below a case-owned parent (a claim's events, a referral's messages)."""
    table = model.__table__
    if model is Case:
        return table.c.id == case_id
    if "case_id" in table.c:
        return table.c.case_id == case_id
    for relation in sa.inspect(model).relationships:
        parent = relation.mapper.class_
        if relation.direction.name == "MANYTOONE" and issubclass(parent, CaseOwned):
            [column] = relation.local_columns
            return column.in_(sa.select(parent.__table__.c.id).where(owned_by(parent, case_id)))
    raise LookupError(f"{model.__name__} is case-owned but does not say how")


def _forget_saved_answers(case: Case, referrals: list[Referral]) -> int:
    """Delete saved idempotent answers that name the case or one of its referrals: they are
    kept under the system key, not the case's, so shredding alone would not reach them."""
    names = {str(case.uuid), case.case_code, *(str(r.uuid) for r in referrals)}
    forgotten = 0
    finished = sa.select(IdempotencyRecord).where(IdempotencyRecord.state == "done")
    for record in db.session.scalars(finished):  # not this very request's, still in flight
        try:
            body = record.response_body or ""
        except DecryptionError:
            body = ""
        if any(name in record.route or name in body for name in names):
            db.session.delete(record)
            forgotten += 1
    return forgotten
