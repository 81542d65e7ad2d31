"""Users, passwords, sessions, API tokens and the ownership policy."""

from __future__ import annotations

from talentseek.auth.apikeys import create_api_key, lookup_api_key, revoke_api_key
from talentseek.auth.passwords import hash_password, verify_password
from talentseek.auth.policy import can_edit_job, can_view_candidate, can_view_contact, mask_email, mask_phone
from talentseek.auth.users import authenticate, create_user, find_user, random_password, set_password

__all__ = [
    "authenticate",
    "can_edit_job",
    "can_view_candidate",
    "can_view_contact",
    "create_api_key",
    "create_user",
    "find_user",
    "hash_password",
    "lookup_api_key",
    "mask_email",
    "mask_phone",
    "random_password",
    "revoke_api_key",
    "set_password",
    "verify_password",
]
