"""Browser origins as the settings list them (`JXKG_CORS_ORIGINS`, `JXKG_ANONYMOUS_ORIGINS`): the
one rule of what an origin is written as, so that what is configured can match what browsers send."""

from __future__ import annotations

import re

from jxkg.errors import ConfigurationError

_ORIGIN = re.compile(r"https?://[^/\s]+")


def parse_origins(text: str, setting: str, *, wildcard: bool) -> list[str]:
    """`text`, comma-separated, as a list; an origin is scheme://host[:port] with no path, or `*`
    where `wildcard` allows it. A bad entry is a `ConfigurationError` naming `setting`."""
    origins = [origin.strip() for origin in text.split(",") if origin.strip()]
    for origin in origins:
        if origin == "*" and not wildcard:
            raise ConfigurationError(f"{setting}: `*` is not allowed here; list each origin, e.g. https://example.org")
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            # a trailing slash or a path would silently never match what browsers send
            raise ConfigurationError(
                f"{setting}: {origin!r} is not an origin; write scheme://host[:port], e.g. https://example.org"
            )
    return origins
