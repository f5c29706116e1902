"""AES-256-GCM field encryption bound to table, column, row and key id.

Stored form: b"v1" | key id (1 length byte + ascii) | nonce (12) | ciphertext + tag.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from referral.core import vault
from referral.core.keys import decode_master_key

VERSION = b"v1"


class DecryptionError(Exception):
    """Ciphertext that is tampered, misplaced or under a destroyed key."""


@dataclass(frozen=True)
class Key:
    """A 256-bit key with its identifier."""

    key_id: str
    secret: bytes


def _aad(table: str, column: str, row: str, key_id: str) -> bytes:
    return json.dumps([table, column, row, key_id], separators=(",", ":")).encode()


def encrypt(key: Key, plaintext: bytes, *, table: str, column: str, row: str) -> bytes:
    """Encrypt `plaintext` so it only decrypts at (table, column, row) under `key`."""
    nonce = os.urandom(12)
    kid = key.key_id.encode("ascii")
    sealed = AESGCM(key.secret).encrypt(nonce, plaintext, _aad(table, column, row, key.key_id))
    return VERSION + bytes([len(kid)]) + kid + nonce + sealed


def key_id_of(blob: bytes) -> str:
    """The key id a ciphertext was made with."""
    if not blob.startswith(VERSION):
        raise DecryptionError("unknown ciphertext version")
    size = blob[2]
    return blob[3 : 3 + size].decode("ascii")


def decrypt(keys: Mapping[str, Key], blob: bytes, *, table: str, column: str, row: str) -> bytes:
    """Decrypt a ciphertext made by `encrypt` for the same place. :raise DecryptionError:"""
    try:
        key_id = key_id_of(blob)
        key = keys[key_id]
    except (KeyError, IndexError, UnicodeDecodeError) as exc:
        raise DecryptionError("no key for this ciphertext") from exc
    offset = 3 + len(key_id)
    nonce, sealed = blob[offset : offset + 12], blob[offset + 12 :]
    try:
        return AESGCM(key.secret).decrypt(nonce, sealed, _aad(table, column, row, key_id))
    except InvalidTag as exc:
        raise DecryptionError("ciphertext failed authentication") from exc


def master_keys() -> dict[str, Key]:
    """Current and retired master keys by id, from configuration."""
    config = current_app.config
    current = Key(config["MASTER_KEY_ID"], decode_master_key(config["MASTER_KEY"]))
    keys = {current.key_id: current}
    for item in config.get("MASTER_KEYS_OLD") or []:
        key_id, _, value = str(item).partition(":")
        keys[key_id] = Key(key_id, decode_master_key(value))
    return keys


def current_master_key() -> Key:
    """The master key new ciphertexts use."""
    config = current_app.config
    return Key(config["MASTER_KEY_ID"], decode_master_key(config["MASTER_KEY"]))


class SystemEncrypted:
    """Descriptor for a value encrypted with the system (master) key in a LargeBinary column.

    `totp_secret = SystemEncrypted("_totp_secret", "totp_secret")` reads and writes
    the `_totp_secret` column, binding the ciphertext to this table, column and row uuid.
    """

    def __init__(self, storage_attr: str, column: str) -> None:
        self.storage_attr = storage_attr
        self.column = column

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        blob = getattr(obj, self.storage_attr)
        if blob is None:
            return None
        plain = decrypt(
            master_keys(), blob, table=obj.__tablename__, column=self.column, row=str(obj.uuid)
        )
        return plain.decode()

    def __set__(self, obj: Any, value: str | None) -> None:
        if value is None:
            setattr(obj, self.storage_attr, None)
            return
        blob = encrypt(
            current_master_key(),
            value.encode(),
            table=obj.__tablename__,
            column=self.column,
            row=str(obj.uuid),
        )
        setattr(obj, self.storage_attr, blob)


# --- per-case data keys -------------------------------------------------------------------

CASE_KEY_ID = "c1"


def new_data_key() -> bytes:
    """A fresh random 256-bit data key for one case."""
    return os.urandom(32)


def wrap_data_key(data_key: bytes, case_uuid: str) -> bytes:
    """Seal a case's data key with a new seal in the vault, then encrypt it under the
    current master key, bound to the case. Erasure destroys the seal (`referral.core.vault`)."""
    seal = Key(vault.SEAL_KEY_ID, vault.new_seal(case_uuid))
    sealed = encrypt(seal, data_key, table="case_keys", column="sealed_key", row=case_uuid)
    return encrypt(
        current_master_key(), sealed, table="case_keys", column="wrapped_key", row=case_uuid
    )


def unwrap_data_key(blob: bytes, case_uuid: str) -> bytes:
    """Decrypt a wrapped case key. :raise DecryptionError: when it was tampered or moved, or
    its seal was destroyed (the case was erased)."""
    inner = decrypt(master_keys(), blob, table="case_keys", column="wrapped_key", row=case_uuid)
    if is_unsealed(inner):
        return inner
    try:
        seal = Key(vault.SEAL_KEY_ID, vault.seal_of(case_uuid))
    except vault.SealDestroyed as exc:
        raise DecryptionError("the case's seal is destroyed") from exc
    return decrypt(
        {seal.key_id: seal}, inner, table="case_keys", column="sealed_key", row=case_uuid
    )


def is_unsealed(inner: bytes) -> bool:
    """A bare 32-byte data key: wrapped before the vault existed (`referral vault seal`)."""
    return len(inner) == 32


def reseal_data_key(blob: bytes, case_uuid: str) -> bytes | None:
    """The wrapped key again, now sealed in the vault; None when it already was."""
    inner = decrypt(master_keys(), blob, table="case_keys", column="wrapped_key", row=case_uuid)
    return wrap_data_key(inner, case_uuid) if is_unsealed(inner) else None


def _encode(kind: str, value: Any) -> bytes:
    if kind == "bytes":
        return bytes(value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    if kind == "date":
        return value.isoformat().encode()
    return str(value).encode()


def _decode(kind: str, raw: bytes) -> Any:
    if kind == "bytes":
        return raw
    if kind == "json":
        return json.loads(raw)
    if kind == "date":
        return dt.date.fromisoformat(raw.decode())
    return raw.decode()


class CaseEncrypted:
    """Descriptor for a value encrypted with its case's data key (LargeBinary storage).

    The owning model provides `case_data_key() -> Key`. Text, dates and JSON values are
    supported; `None` is stored as NULL. Crypto-shredding the case key makes every value
    unreadable.
    """

    def __init__(self, storage_attr: str, column: str, kind: str = "text") -> None:
        self.storage_attr, self.column, self.kind = storage_attr, column, kind

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        blob = getattr(obj, self.storage_attr)
        if blob is None:
            return None
        key = obj.case_data_key()
        raw = decrypt(
            {key.key_id: key}, blob, table=obj.__tablename__, column=self.column, row=str(obj.uuid)
        )
        return _decode(self.kind, raw)

    def __set__(self, obj: Any, value: Any) -> None:
        if value is None or value == "" or value == []:
            setattr(obj, self.storage_attr, None)
            return
        key = obj.case_data_key()
        blob = encrypt(
            key,
            _encode(self.kind, value),
            table=obj.__tablename__,
            column=self.column,
            row=str(obj.uuid),
        )
        setattr(obj, self.storage_attr, blob)
