"""How much one client may send: a request-size limit and a per-key rate limit (ASGI middleware).

Both answer before any route runs, as problem+json: 413 for a body over `JXKG_MAX_REQUEST_BYTES`,
429 with `Retry-After` past `JXKG_RATE_LIMIT` requests per minute. The anonymous reader's requests
(`security.anonymous_origin`) have a limiter of their own, `JXKG_ANONYMOUS_RATE_LIMIT` per client
address, so that they never take from a key's allowance, nor keys from theirs.

The data stewards' uploads (`UPLOAD_PATHS`) carry files up to `JXKG_MAX_UPLOAD_BYTES`, usually far
more than the request limit: their bodies may hold that plus `JXKG_MAX_REQUEST_BYTES` (the mapping
part and the multipart framing). Past it, 413 names the upload limit; under it, the file part itself
is measured exactly as it is stored (`jxkg.steward.uploads`), which answers 413 naming the same limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jxkg.errors import ConfigurationError
from jxkg.graph_api.errors import ApiProblem, problem_response
from jxkg.graph_api.security import API_KEY_HEADER, KeyRing, anonymous_origin, presented_key
from jxkg.settings import Settings

# Past this many tracked clients, buckets that have refilled are forgotten (they hold no debt).
MAX_TRACKED = 10_000
# The routes that take a file (multipart): their body limit is the upload limit, plus the request limit.
UPLOAD_PATHS = frozenset({"/api/v1/validate", "/api/v1/ingest"})
UPLOAD_SETTING = "JXKG_MAX_UPLOAD_BYTES"
RATE_SETTING = "JXKG_RATE_LIMIT"
ANONYMOUS_RATE_SETTING = "JXKG_ANONYMOUS_RATE_LIMIT"
# the IETF draft's RateLimit fields, as every counted answer carries them (`Allowance.headers`)
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass(frozen=True)
class Allowance:
    """One request's take from its bucket: `wait` seconds until it may go (0.0: it goes now), and
    what the RateLimit header fields announce: the bucket's size, the whole requests left in it, and
    the seconds until it is full again."""

    wait: float
    limit: int
    remaining: int
    reset: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The IETF draft's RateLimit fields (draft-ietf-httpapi-ratelimit-headers): the policy is
        `limit` requests in a 60-second window, which the bucket refills evenly."""
        values = (self.limit, self.remaining, self.reset, f"{self.limit};w=60")
        pairs = zip(RATE_LIMIT_HEADERS, values, strict=True)
        return [(name.lower().encode(), str(value).encode()) for name, value in pairs]


class RateLimiter:
    """A token bucket per subject (a key, or a client address): `per_minute` tokens, refilled evenly.

    A subject may burst up to a minute's allowance, then goes at the refill rate. One limiter lives
    on each app's state; a lock keeps it right should it be called from several threads.

    Under `jxkg serve --workers N` each worker process has its own limiter holding `1/shares` of the
    allowance (`shares` = N, the bucket and its refill both divided, at least one request a bucket): a
    subject gets at most `per_minute` requests a minute in all, however the kernel spreads its
    connections, and at least `per_minute / N` on whichever worker it reaches. Nothing is shared
    between the processes, so no request waits on another process.
    """

    def __init__(self, per_minute: int, *, shares: int = 1, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        if shares < 1:
            raise ValueError("shares must be at least 1")
        self.per_minute = per_minute
        self.capacity = max(1.0, per_minute / shares)
        self._per_second = per_minute / shares / 60.0
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, subject: str) -> float:
        """Take one token: 0.0 when the request may go, else the seconds until it may."""
        return self.take(subject).wait

    def take(self, subject: str) -> Allowance:
        """Take one token, and say what is left (`Allowance`)."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(subject)
            if bucket is None:
                if len(self._buckets) >= MAX_TRACKED:
                    self._forget_refilled(now)
                bucket = self._buckets[subject] = _Bucket(self.capacity, now)
            else:
                refilled = bucket.tokens + (now - bucket.updated) * self._per_second
                bucket.tokens, bucket.updated = min(self.capacity, refilled), now
            wait = 0.0
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
            else:
                wait = (1.0 - bucket.tokens) / self._per_second
            return Allowance(
                wait,
                limit=int(self.capacity),
                remaining=int(bucket.tokens),
                reset=math.ceil((self.capacity - bucket.tokens) / self._per_second),
            )

    def _forget_refilled(self, now: float) -> None:
        for subject, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self._per_second >= self.capacity:
                del self._buckets[subject]


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def rate_subject(scope: Scope, keys: KeyRing) -> str:
    """What the rate limit counts by: the key when it is a configured one, else the client address
    (so made-up keys cannot buy fresh allowances)."""
    headers = Headers(scope=scope)
    key = presented_key(headers.get("authorization"), headers.get(API_KEY_HEADER))
    found = keys.match(key) if key is not None and not keys.keyless else None
    if found is not None:
        return "key:" + found.digest.hex()
    return "client:" + _client_address(scope)


def check_anonymous_limit(settings: Settings, origins: frozenset[str]) -> None:
    """Refuse an anonymous reader allowed more requests than a key (`JXKG_RATE_LIMIT`, when it is on)."""
    keyed, anonymous = settings.rate_limit_per_minute, settings.anonymous_rate_limit_per_minute
    if origins and keyed and anonymous > keyed:
        raise ConfigurationError(
            f"{ANONYMOUS_RATE_SETTING} ({anonymous}) is above {RATE_SETTING} ({keyed}): the anonymous reader "
            f"would be allowed more than a key; lower it, or raise {RATE_SETTING}"
        )


@dataclass(frozen=True)
class AnonymousLimit:
    """The anonymous reader's limiter, and the origins whose keyless requests it counts."""

    limiter: RateLimiter
    origins: frozenset[str]


class RateLimitMiddleware:
    """429 past the allowance; the RateLimit header fields on every answer it counts, 429 or not.

    `limiter` counts keys (and keyless requests by address); None: they are not limited. `anonymous`
    counts the anonymous reader's requests, one bucket per client address."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limiter: RateLimiter | None,
        keys: KeyRing,
        exempt: Collection[str] = (),
        anonymous: AnonymousLimit | None = None,
    ) -> None:
        self.app, self.limiter, self.keys, self.exempt = app, limiter, keys, frozenset(exempt)
        self.anonymous = anonymous

    def _bucket(self, scope: Scope) -> tuple[RateLimiter, str, str] | None:
        """The limiter that counts this request, the subject it counts by, and the setting behind it."""
        if self.anonymous is not None and anonymous_origin(Headers(scope=scope), self.keys, self.anonymous.origins):
            return self.anonymous.limiter, "anonymous:" + _client_address(scope), ANONYMOUS_RATE_SETTING
        if self.limiter is None:
            return None
        return self.limiter, rate_subject(scope, self.keys), RATE_SETTING

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bucket = self._bucket(scope) if scope["type"] == "http" and scope["path"] not in self.exempt else None
        if bucket is None:
            await self.app(scope, receive, send)
            return
        limiter, subject, setting = bucket
        allowance = limiter.take(subject)
        if allowance.wait > 0:
            retry_after = max(1, math.ceil(allowance.wait))
            response = problem_response(
                429,
                instance=scope["path"],
                error="RateLimited",
                detail=f"more than {limiter.per_minute} requests per minute ({setting}); retry in {retry_after} s",
                detailZh=f"每分钟请求超过 {limiter.per_minute} 次（{setting}）；请 {retry_after} 秒后重试",
                headers={"Retry-After": str(retry_after)},
                limit=limiter.per_minute,
                setting=setting,
            )
            response.raw_headers.extend(allowance.headers())
            await response(scope, receive, send)
            return

        async def send_with_allowance(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *allowance.headers()]
            await send(message)

        await self.app(scope, receive, send_with_allowance)


def _too_large(max_bytes: int) -> ApiProblem:
    return ApiProblem(413, f"the request body is larger than {max_bytes} bytes", error="RequestTooLarge")


def _upload_too_large(upload_bytes: int) -> ApiProblem:
    return ApiProblem(
        413,
        f"the upload is larger than the limit of {upload_bytes:,} bytes ({UPLOAD_SETTING})",
        error="UploadTooLargeError",
        extensions={"limit": upload_bytes, "setting": UPLOAD_SETTING},
    )


class BodySizeLimitMiddleware:
    """Refuses a body over `max_bytes`: at once when Content-Length says so, else while it streams in.

    On `upload_paths` the limit is `upload_bytes` (default: the app's `max_upload_bytes` setting) plus
    `max_bytes`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        upload_bytes: int | None = None,
        upload_paths: Collection[str] = UPLOAD_PATHS,
    ) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.upload_bytes, self.upload_paths = upload_bytes, frozenset(upload_paths)

    def _limit(self, scope: Scope) -> tuple[int, ApiProblem]:
        if scope["path"] not in self.upload_paths or scope.get("method") != "POST":
            return self.max_bytes, _too_large(self.max_bytes)
        upload = self.upload_bytes
        if upload is None:  # the app's setting: Starlette puts the app in the scope before any middleware
            settings = getattr(getattr(scope.get("app"), "state", None), "settings", None)
            upload = getattr(settings, "max_upload_bytes", None)
        if not isinstance(upload, int):
            return self.max_bytes, _too_large(self.max_bytes)
        return upload + self.max_bytes, _upload_too_large(upload)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes, too_large = self._limit(scope)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            refusal = None
            if not declared.strip().isdigit():
                refusal = ApiProblem(400, "the Content-Length header is not a number", error="BadContentLength")
            elif int(declared) > max_bytes:
                refusal = too_large
            if refusal is not None:
                response = problem_response(
                    refusal.status_code,
                    instance=scope["path"],
                    error=refusal.error,
                    detail=str(refusal.detail),
                    **refusal.extensions,
                )
                await response(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    # an HTTPException: FastAPI passes it on from body parsing, and the problem handler
                    # answers it like any other
                    raise too_large
            return message

        await self.app(scope, limited_receive, send)
