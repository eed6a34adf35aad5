"""What the API tests share: settings that point an app at a test database, and an app to call."""

from __future__ import annotations

from typing import Any

from jxkg.settings import Settings
from tests.conftest import free_port, settings_for

__all__ = ["no_database", "settings_for"]


def no_database(**overrides: Any) -> Settings:
    """Settings for tests that need no database: FalkorDB on a port where nothing listens.

    Keys and host are given explicitly, so the environment of the test run cannot change them.
    """
    defaults: dict[str, Any] = {
        "JXKG_ENGINE": "falkordb",
        "JXKG_FALKORDB_PORT": free_port(),
        "JXKG_API_HOST": "127.0.0.1",
        "JXKG_API_KEYS": "",
        "JXKG_API_KEYS_FILE": "",
    }
    return Settings(**(defaults | overrides))


# the reads of the graph a front end calls, by operation id: what docs/frontend.md lists, all the
# anonymous reader may use, and the operations that declare one set of problems
PUBLIC_READS = frozenset(
    {
        "searchEntities",
        "getEntity",
        "getNeighbours",
        "findPaths",
        "getSubgraph",
        "listQuestions",
        "getQuestion",
        "runQuestion",
        "getSchema",
        "getStats",
    }
)
