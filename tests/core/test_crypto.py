"""Field encryption: bound to its place, tamper-evident, no plaintext at rest."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from referral.core.crypto import DecryptionError, Key, decrypt, encrypt
from referral.extensions import db
from referral.identity.models import User
from tests.identity.fixtures import make_org, make_user

KEY = Key("k1", bytes(range(32)))
KEYS = {"k1": KEY}


def test_round_trip() -> None:
    blob = encrypt(KEY, b"secret", table="t", column="c", row="r")
    assert decrypt(KEYS, blob, table="t", column="c", row="r") == b"secret"


@pytest.mark.parametrize(
    ("table", "column", "row"), [("x", "c", "r"), ("t", "x", "r"), ("t", "c", "x")]
)
def test_inv_31_ciphertext_only_decrypts_in_its_place(table, column, row) -> None:
    blob = encrypt(KEY, b"secret", table="t", column="c", row="r")
    with pytest.raises(DecryptionError):
        decrypt(KEYS, blob, table=table, column=column, row=row)


def test_tampered_ciphertext_fails() -> None:
    blob = bytearray(encrypt(KEY, b"secret", table="t", column="c", row="r"))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError):
        decrypt(KEYS, bytes(blob), table="t", column="c", row="r")


def test_unknown_key_fails() -> None:
    blob = encrypt(Key("k9", bytes(32)), b"secret", table="t", column="c", row="r")
    with pytest.raises(DecryptionError):
        decrypt(KEYS, blob, table="t", column="c", row="r")


def test_totp_secret_is_not_stored_in_clear() -> None:
    user = make_user(make_org())
    raw = db.session.execute(
        sa.text("SELECT totp_secret_encrypted FROM users WHERE id = :id"), {"id": user.id}
    ).scalar()
    assert user.totp_secret.encode() not in bytes(raw)
    assert bytes(raw).startswith(b"v1")


def test_swapping_secrets_between_users_fails() -> None:
    first, second = make_user(make_org()), make_user(make_org())
    second.totp_secret_encrypted = first.totp_secret_encrypted
    db.session.commit()
    with pytest.raises(DecryptionError):
        _ = db.session.get(User, second.id).totp_secret
