"""Passwords (Argon2id), TOTP codes with replay protection, recovery codes and random tokens."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
TOTP_STEP_SECONDS = 30
TOTP_WINDOW = 1
RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "rfl_"  # noqa: S105 (a prefix, not a secret)


@functools.cache
def _hasher(profile: str) -> PasswordHasher:
    if profile == "cheapest":  # tests only: keeps the suite fast
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


def password_hasher() -> PasswordHasher:
    """The Argon2id hasher for the configured profile."""
    return _hasher(current_app.config["ARGON2_PROFILE"])


def hash_secret(secret: str) -> str:
    """Argon2id hash of a password or recovery code."""
    return password_hasher().hash(secret)


def verify_secret(stored_hash: str, candidate: str) -> bool:
    """True when `candidate` matches; never raises on a bad hash."""
    try:
        return password_hasher().verify(stored_hash, candidate)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash(profile: str) -> str:
    return _hasher(profile).hash(secrets.token_urlsafe(16))


def burn_verification_time(candidate: str) -> None:
    """Spend the same time as a real check, so unknown accounts answer like known ones."""
    verify_secret(_dummy_hash(current_app.config["ARGON2_PROFILE"]), candidate)


@functools.cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    """True when the password is on the bundled list of ~30,000 leaked passwords."""
    return password.lower() in _common_passwords()


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def totp_uri(secret: str, email: str, issuer: str = "referral") -> str:
    """The otpauth:// URI for authenticator apps."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_totp_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step `code` belongs to within ±1 step of `at`, or None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = int(at.timestamp()) // TOTP_STEP_SECONDS
    for candidate in range(step - TOTP_WINDOW, step + TOTP_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def current_totp(secret: str, at: datetime) -> str:
    """The code an authenticator shows at `at` (demo output and tests)."""
    return pyotp.TOTP(secret).generate_otp(int(at.timestamp()) // TOTP_STEP_SECONDS)


def new_recovery_codes() -> list[str]:
    """Ten codes like `7f3k-9q2m-x4tb`, easy to read aloud and type."""
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return [
        "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def normalise_recovery_code(code: str) -> str:
    """Lower-case, hyphenated form, so spaces and case do not matter."""
    raw = "".join(ch for ch in code.lower() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def new_token(prefix: str = "") -> str:
    """32 random bytes, URL-safe, with an optional prefix."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 hex digest used to store and look up tokens."""
    return hashlib.sha256(token.encode()).hexdigest()
