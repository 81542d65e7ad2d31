"""Password hashing with Argon2id (argon2-cffi defaults follow RFC 9106's second recommended profile)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from talentseek.errors import InputError

_HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256  # bounds hashing work a request can cause



# Made on first use, not at import: it costs a full Argon2 hash (~0.25 s) that every CLI start paid.
@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A real hash to verify against when the user does not exist, so a failed login takes the same time."""
    return _HASHER.hash("talentseek-dummy-password-不存在")


def check_password_strength(password: str) -> None:
    """Raise InputError when a new password is too short or too long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符，请换一个更长的密码", field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(f"密码不能超过 {MAX_PASSWORD_LENGTH} 个字符", field="password")


def hash_password(password: str) -> str:
    """An Argon2id hash string (salt and parameters included)."""
    check_password_strength(password)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`; False for a mismatch or a malformed hash."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
