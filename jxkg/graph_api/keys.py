"""Roles and key hashing: what `jxkg api-key` needs of the API's security, without the web framework.

Kept apart from `security` so the command line can make a key without importing FastAPI.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

__all__ = ["MIN_KEY_CHARS", "Role", "hash_key", "key_file_line"]

# The shortest key an API reachable from other machines takes: `jxkg api-key` makes 43 characters
# (`secrets.token_urlsafe(32)`, 256 random bits); 32 of its alphabet still hold 192 bits.
MIN_KEY_CHARS = 32


class Role(StrEnum):
    """What a key may do; each role may do all that the ones before it may."""

    READER = "reader"  # schema, stats, search, entities, named queries
    ANALYST = "analyst"  # also POST /api/v1/cypher (read-only Cypher)
    STEWARD = "steward"  # also the data stewards' endpoints

    def covers(self, needed: Role) -> bool:
        order = list(Role)  # declaration order is the rank
        return order.index(self) >= order.index(needed)


def hash_key(key: str) -> str:
    """The SHA-256 hex digest of `key`: what a line of `JXKG_API_KEYS_FILE` holds."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_file_line(role: Role, key: str, name: str = "") -> str:
    """One line of `JXKG_API_KEYS_FILE` for `key`."""
    return f"{role.value} {hash_key(key)} {name}".rstrip()
