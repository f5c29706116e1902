"""Identity models."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from referral.core.crypto import SystemEncrypted
from referral.core.db import (
    INTERNAL,
    PUBLIC,
    PublicIdMixin,
    StringList,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    label,
)
from referral.extensions import db
from referral.identity.enums import CreatedVia, DataRegime, OrgStatus, OrgType, Role, SessionEnd

PERSONAL = label("personal")


class Organisation(PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """An organisation taking part: NGO, shelter, authority, law firm."""

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(sa.String(200), info=PUBLIC)  # org_Name
    org_type: Mapped[OrgType] = mapped_column(enum_column(OrgType), info=PUBLIC)  # org_Type
    #: ISO 3166-1 alpha-2 (org_ShippingCountry).
    country: Mapped[str] = mapped_column(sa.String(2), index=True, info=PUBLIC)
    #: ISO 3166-2 subdivision, optional.
    region: Mapped[str | None] = mapped_column(sa.String(6), info=PUBLIC)
    #: E.164 (org_Phone).
    phone: Mapped[str | None] = mapped_column(sa.String(16), info=PUBLIC)
    email: Mapped[str | None] = mapped_column(sa.String(254), info=PUBLIC)
    #: 24/7 emergency line, E.164.
    emergency_phone: Mapped[str | None] = mapped_column(sa.String(16), info=PUBLIC)
    working_languages: Mapped[list[str]] = mapped_column(StringList, default=list, info=PUBLIC)
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", info=PUBLIC)
    data_regime: Mapped[DataRegime] = mapped_column(
        enum_column(DataRegime), default=DataRegime.gdpr, info=PUBLIC
    )
    status: Mapped[OrgStatus] = mapped_column(
        enum_column(OrgStatus), default=OrgStatus.active, info=INTERNAL
    )

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.uuid} {self.country} {self.status}>"


class User(PublicIdMixin, TimestampMixin, VersionedMixin, db.Model):
    """A person who signs in; belongs to exactly one organisation."""

    __tablename__ = "users"

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id"), index=True, info=INTERNAL
    )
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, info=PERSONAL)
    display_name: Mapped[str] = mapped_column(sa.String(120), info=PERSONAL)
    password_hash: Mapped[str] = mapped_column(sa.String(200), info=INTERNAL)
    locale: Mapped[str] = mapped_column(sa.String(12), default="en", info=INTERNAL)
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", info=INTERNAL)
    roles: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    is_active: Mapped[bool] = mapped_column(default=True, info=INTERNAL)
    #: Set for one-time passwords from an administrator; cleared by a password change.
    must_change_password: Mapped[bool] = mapped_column(default=False, info=INTERNAL)
    #: Encrypted with the system key; see `totp_secret`.
    totp_secret_encrypted: Mapped[bytes | None] = mapped_column(
        sa.LargeBinary, info=label("internal")
    )
    #: Last accepted TOTP time step; a step is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger, info=INTERNAL)
    mfa_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    totp_secret = SystemEncrypted("totp_secret_encrypted", "totp_secret")

    def has_role(self, *roles: Role | str) -> bool:
        """True when the user holds any of `roles`."""
        return any(str(role) in self.roles for role in roles)

    @property
    def mfa_enrolled(self) -> bool:
        """True once TOTP has been set up and verified."""
        return self.mfa_enrolled_at is not None

    # Flask-Login protocol: the id is the login session token, never the user id, so a
    # revoked session cannot be replayed.
    is_authenticated = True
    is_anonymous = False
    login_token = None

    def get_id(self) -> str | None:
        """The raw login-session token for Flask-Login's cookie session."""
        return self.login_token

    def __repr__(self) -> str:
        return f"<User {self.uuid} active={self.is_active}>"


class LoginSession(PublicIdMixin, db.Model):
    """A server-side sign-in; the cookie only carries its random token."""

    __tablename__ = "login_sessions"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True, info=INTERNAL)
    #: SHA-256 of the 32 random bytes in the cookie.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    mfa_verified_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    revoke_reason: Mapped[SessionEnd | None] = mapped_column(enum_column(SessionEnd), info=INTERNAL)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<LoginSession {self.uuid} revoked={self.revoked_at is not None}>"


class RecoveryCode(PublicIdMixin, db.Model):
    """A single-use code that replaces a TOTP code once."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True, info=INTERNAL)
    code_hash: Mapped[str] = mapped_column(sa.String(200), info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.uuid} used={self.used_at is not None}>"


class ApiToken(PublicIdMixin, db.Model):
    """A bearer token for the API: shown once, stored as SHA-256, scoped and expiring."""

    __tablename__ = "api_tokens"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True, info=INTERNAL)
    name: Mapped[str] = mapped_column(sa.String(80), info=INTERNAL)
    #: First characters of the token, shown so people can tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(12), info=INTERNAL)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, info=INTERNAL)
    scopes: Mapped[list[str]] = mapped_column(StringList, default=list, info=INTERNAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, info=INTERNAL)
    created_via: Mapped[CreatedVia] = mapped_column(enum_column(CreatedVia), info=INTERNAL)

    user: Mapped[User] = relationship()

    def is_usable(self, at: datetime) -> bool:
        """Not revoked and not expired at `at`."""
        return self.revoked_at is None and at < self.expires_at

    def __repr__(self) -> str:
        return f"<ApiToken {self.uuid} {self.prefix}>"


class LoginThrottle(db.Model):
    """Failed sign-in attempts per e-mail digest, known account or not, so answers match."""

    __tablename__ = "login_throttles"

    id: Mapped[int] = mapped_column(primary_key=True, info=INTERNAL)
    #: SHA-256 of the lower-cased e-mail address that was tried.
    email_digest: Mapped[str] = mapped_column(sa.String(64), unique=True, info=INTERNAL)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, info=INTERNAL)
    failures: Mapped[int] = mapped_column(default=0, info=INTERNAL)

    def __repr__(self) -> str:
        return f"<LoginThrottle {self.id} failures={self.failures}>"


#: Role names as stored, for validation.
ROLE_VALUES = frozenset(role.value for role in Role)
