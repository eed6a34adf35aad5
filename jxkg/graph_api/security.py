"""API keys and roles: who may call what.

Keys come from `JXKG_API_KEYS` (`role:key,role:key`) and `JXKG_API_KEYS_FILE` (one
`role sha256-hex-of-key [name]` per line, so the file holds hashes only). In memory only their
SHA-256 digests are kept, and a presented key is compared with every digest in constant time.
A key is sent as `Authorization: Bearer KEY` or `X-API-Key: KEY`.

With no key configured the API is keyless, every request with every role: allowed only when it
is bound to a loopback address (the demo); anywhere else the app refuses to start.

The anonymous reader (off by default): with keys configured, a request that carries no key and whose
`Origin` is one of `JXKG_ANONYMOUS_ORIGINS` may use the public reads (the routes that declare
`require_role(Role.READER, anonymous=True)`), under its own rate limit (`jxkg.graph_api.limits`).
`Origin` is whatever the client says: this is for public data, and the rate limit guards the engine.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers

from jxkg.errors import ConfigurationError
from jxkg.graph_api.errors import ApiProblem
from jxkg.graph_api.keys import MIN_KEY_CHARS, Role
from jxkg.graph_api.origins import parse_origins
from jxkg.settings import Settings

API_KEY_HEADER = "X-API-Key"
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
_CHALLENGE = 'Bearer realm="jxkg"'
ANONYMOUS_SETTING = "JXKG_ANONYMOUS_ORIGINS"
_HOW_TO_SEND = f"sent as `Authorization: Bearer KEY` or `{API_KEY_HEADER}: KEY`"
_HOW_TO_SEND_ZH = f"以 `Authorization: Bearer KEY` 或 `{API_KEY_HEADER}: KEY` 发送"
# what the anonymous reader may read, as its refusals name it (app.py's _PUBLIC_ROUTERS are these)
_PUBLIC_READS = "search, entities, neighbours, paths, subgraph, schema, stats, named questions"
_PUBLIC_READS_ZH = "搜索、实体、邻居、路径、子图、模式、统计、命名问题"

# auto_error=False: a missing key is ours to answer (401 as problem+json); these two only parse
# the headers and put both ways of sending a key into the OpenAPI document.
_bearer = HTTPBearer(auto_error=False, description="an API key as `Authorization: Bearer KEY`")
_api_key_header = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="an API key")


@dataclass(frozen=True)
class ApiKey:
    role: Role
    digest: bytes  # SHA-256 of the key; the key itself is never kept
    name: str  # where it was configured, for messages; never the key
    length: int | None = None  # the key's length in characters, when it was given as itself (not as a hash)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's name and role (every role when keyless)."""

    name: str
    role: Role


KEYLESS = Principal("keyless (loopback)", Role.STEWARD)


class KeyRing:
    """The configured keys, as digests."""

    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self._keys = tuple(keys)
        seen: dict[bytes, str] = {}
        for key in self._keys:
            if key.digest in seen:
                raise ConfigurationError(f"the same API key is configured twice ({seen[key.digest]} and {key.name})")
            seen[key.digest] = key.name

    @property
    def keyless(self) -> bool:
        return not self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def short_keys(self) -> list[str]:
        """Where each key shorter than `MIN_KEY_CHARS` was configured (never the key)."""
        return [k.name for k in self._keys if k.length is not None and k.length < MIN_KEY_CHARS]

    def match(self, presented: str) -> ApiKey | None:
        """The key that `presented` is, if any; every digest is compared, each in constant time."""
        digest = hashlib.sha256(presented.encode("utf-8")).digest()
        found: ApiKey | None = None
        for key in self._keys:
            if hmac.compare_digest(key.digest, digest) and found is None:
                found = key
        return found


def keyring_from_settings(settings: Settings) -> KeyRing:
    keys = list(_keys_from_text(settings.api_keys.get_secret_value()))
    if settings.api_keys_file:
        keys += _keys_from_file(Path(settings.api_keys_file))
    return KeyRing(keys)


def _role(text: str, where: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise ConfigurationError(f"{where}: unknown role {text.strip()!r}; choose one of {roles}") from None


def _keys_from_text(text: str) -> Iterable[ApiKey]:
    """`role:key,role:key` (a key may itself hold colons, not commas)."""
    entries = [entry.strip() for entry in text.split(",")]
    for number, entry in enumerate((e for e in entries if e), start=1):
        where = f"JXKG_API_KEYS, entry {number}"
        role, colon, key = entry.partition(":")
        if not colon or not key.strip():
            # the entry is not echoed: it may be a key
            raise ConfigurationError(f"{where}: not of the form role:key")
        secret = key.strip()
        yield ApiKey(_role(role, where), hashlib.sha256(secret.encode("utf-8")).digest(), where, len(secret))


def _keys_from_file(path: Path) -> Iterable[ApiKey]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"JXKG_API_KEYS_FILE: cannot read {path}: {exc}") from exc
    keys: list[ApiKey] = []
    for number, line in enumerate(lines, start=1):
        fields = line.split("#", 1)[0].split(maxsplit=2)
        if not fields:
            continue
        where = f"{path}:{number}"
        if len(fields) < 2 or not _HEX_DIGEST.fullmatch(fields[1].lower()):
            raise ConfigurationError(
                f"{where}: expected `role sha256-hex-of-key [name]` (64 hex digits; the file holds hashes, not keys)"
            )
        name = fields[2].strip() if len(fields) == 3 else where
        keys.append(ApiKey(_role(fields[0], where), bytes.fromhex(fields[1]), name))
    return keys


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and `localhost`; a name is not looked up (it could resolve elsewhere later)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings, keys: KeyRing) -> None:
    """Refuse a keyless API, or one with a key short enough to guess, on an address other machines can reach."""
    if is_loopback(settings.api_host):
        return
    if keys.keyless:
        raise ConfigurationError(
            f"the API would listen on {settings.api_host} (JXKG_API_HOST) without API keys, open to anyone who "
            "reaches it; set JXKG_API_KEYS or JXKG_API_KEYS_FILE, or bind it to 127.0.0.1"
        )
    short = keys.short_keys()
    if short:
        # the keys are named by where they were configured, never shown
        raise ConfigurationError(
            f"{', '.join(short)}: a key shorter than {MIN_KEY_CHARS} characters, and the API would listen on "
            f"{settings.api_host} (JXKG_API_HOST); make keys with `jxkg api-key ROLE` (43 characters), "
            "or bind the API to 127.0.0.1"
        )


def presented_key(authorization: str | None, api_key: str | None) -> str | None:
    """The key a request carries: `Authorization: Bearer KEY` first, else `X-API-Key`."""
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
    return api_key.strip() if api_key and api_key.strip() else None


def anonymous_origins(settings: Settings) -> frozenset[str]:
    """`JXKG_ANONYMOUS_ORIGINS`: exact origins (no `*`); a bad one is a `ConfigurationError` naming it."""
    return frozenset(parse_origins(settings.anonymous_origins, ANONYMOUS_SETTING, wildcard=False))


def anonymous_origin(headers: Headers, keys: KeyRing, origins: frozenset[str]) -> str | None:
    """The listed origin of a request the anonymous reader takes, else None: keys are configured
    (keyless, every caller has every role already), the request carries no key (one that carries a
    key is that key's, whatever its origin), and its `Origin` is one of `origins`, exactly."""
    if keys.keyless or not origins:
        return None
    if presented_key(headers.get("authorization"), headers.get(API_KEY_HEADER)) is not None:
        return None
    origin = headers.get("origin")
    return origin if origin in origins else None


def authenticate(keys: KeyRing, key: str | None) -> Principal:
    """Who `key` belongs to; 401 when it is missing or unknown (and keys are configured)."""
    if keys.keyless:
        return KEYLESS
    if key is None:
        raise ApiProblem(
            401,
            f"this endpoint needs an API key, {_HOW_TO_SEND}",
            error="MissingApiKey",
            headers={"WWW-Authenticate": _CHALLENGE},
            extensions={"detailZh": f"此接口需要 API 密钥，{_HOW_TO_SEND_ZH}"},
        )
    found = keys.match(key)
    if found is None:
        raise ApiProblem(
            401,
            "the API key is not valid",
            error="InvalidApiKey",
            headers={"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'},
            extensions={"detailZh": "API 密钥无效"},
        )
    return Principal(found.name, found.role)


def require_role(needed: Role, *, anonymous: bool = False) -> Callable[..., Principal]:
    """A dependency that lets a request through when its key has `needed` or a higher role, or, with
    `anonymous` (for the public reads, `needed` being `reader`), when the anonymous reader takes it.

    Declare it on a router or a route: `dependencies=[Depends(require_role(Role.ANALYST))]`, or take
    the caller as a parameter: `caller: Annotated[Principal, Depends(require_role(Role.ANALYST))]`.
    """
    if anonymous and needed is not Role.READER:
        raise ValueError("the anonymous reader reads: anonymous=True goes with Role.READER only")

    def dependency(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
        api_key: Annotated[str | None, Security(_api_key_header)],
    ) -> Principal:
        # `bearer` and `api_key` are declared for the OpenAPI document; the headers are read by
        # `presented_key`, as the rate limit reads them, so both always agree on which key a request carries
        del bearer, api_key
        return check_role(request, needed, anonymous=anonymous)

    return dependency


def check_role(request: Request, needed: Role, *, anonymous: bool = False) -> Principal:
    """The caller when its key has `needed` or a higher role (or, with `anonymous`, when the anonymous
    reader takes the request); 401 or 403 otherwise. For a route that needs a key for some requests
    only (the reconciliation endpoint's manifest needs none)."""
    keys: KeyRing = request.app.state.keyring
    origin = anonymous_origin(request.headers, keys, request.app.state.anonymous_origins)
    if origin is not None:
        if anonymous and needed is Role.READER:
            return Principal(f"anonymous ({origin})", Role.READER)
        raise ApiProblem(
            401,
            f"this endpoint needs an API key, {_HOW_TO_SEND}; without one, a request from {origin} may use "
            f"the public reads only ({_PUBLIC_READS})",
            error="MissingApiKey",
            headers={"WWW-Authenticate": _CHALLENGE},
            extensions={
                "detailZh": f"此接口需要 API 密钥，{_HOW_TO_SEND_ZH}；"
                f"不带密钥时，来自 {origin} 的请求只能使用公开的只读接口（{_PUBLIC_READS_ZH}）"
            },
        )
    key = presented_key(request.headers.get("Authorization"), request.headers.get(API_KEY_HEADER))
    principal = authenticate(keys, key)
    if not principal.role.covers(needed):
        raise ApiProblem(
            403,
            f"this endpoint needs the {needed.value} role; the key has {principal.role.value}",
            error="RoleTooLow",
            extensions={
                "required_role": needed.value,
                "role": principal.role.value,
                "detailZh": f"此接口需要 {needed.value} 角色；该密钥的角色为 {principal.role.value}",
            },
        )
    return principal
