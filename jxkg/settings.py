"""Settings, read from the environment (and a `.env` file when present).

Every setting has one environment variable; the README's configuration table lists them all.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Defaults that code below the settings needs too (the embedded server's engine limits, the query
# text bounds of jxkg.store.cypher_tokens): one value each, read by both.
DEFAULT_QUERY_TIMEOUT_S = 30.0
DEFAULT_WRITE_TIMEOUT_S = 3600.0
# FalkorDB's parse time doubles with each level of nested brackets in an expression (depth 12:
# 0.06 s, 16: 0.4-1 s, 18: 1.3 s, measured in docs/benchmarks.md), and no time limit covers parsing.
DEFAULT_MAX_QUERY_NESTING = 12
DEFAULT_MAX_QUERY_CHARS = 20_000
# Ad-hoc Cypher queries the API runs at once; the embedded server gets as many threads more than it
# has cores. On two busy cores one heavy query left a reader's p95 at 1.7x-4.9x idle, two at
# 3.7x-12x (docs/benchmarks.md, "Fairness"): 1 there, more with more cores.
DEFAULT_CYPHER_TOTAL = 2


class EngineName(StrEnum):
    FALKORDB = "falkordb"
    NEO4J = "neo4j"


class ShaclEngineName(StrEnum):
    NATIVE = "native"  # the shapes compiled into Python checks (jxkg.shapes.native), pySHACL for the rest
    PYSHACL = "pyshacl"  # pySHACL for every shape: the reference


class Settings(BaseSettings):
    """The effective configuration of one jxkg process."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    engine: EngineName = Field(
        default=EngineName.FALKORDB,
        validation_alias="JXKG_ENGINE",
        description="graph engine: falkordb (embedded) or neo4j",
    )
    data_dir: Path = Field(
        default=Path(".jxkg"),
        validation_alias="JXKG_DATA_DIR",
        description="folder for the embedded database, reports and quarantine",
    )
    falkordb_host: str = Field(
        default="127.0.0.1",
        validation_alias="JXKG_FALKORDB_HOST",
        description="address the embedded FalkorDB server listens on",
    )
    falkordb_port: int = Field(
        default=6380,
        ge=1,
        le=65535,
        validation_alias="JXKG_FALKORDB_PORT",
        description="port of the embedded FalkorDB server",
    )
    graph_name: str = Field(
        default="jxkg",
        min_length=1,
        validation_alias="JXKG_GRAPH",
        description="graph (FalkorDB key) that holds the knowledge graph",
    )
    neo4j_uri: str = Field(
        default="bolt://127.0.0.1:7687",
        validation_alias="NEO4J_URI",
        description="bolt://, neo4j:// or neo4j+s:// URI of Neo4j",
    )
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER", description="Neo4j user")
    neo4j_password: SecretStr = Field(
        default=SecretStr(""),
        validation_alias="NEO4J_PASSWORD",
        description="Neo4j password (empty: no authentication)",
    )
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE", description="Neo4j database name")
    api_host: str = Field(
        default="127.0.0.1", validation_alias="JXKG_API_HOST", description="address the HTTP API binds to"
    )
    api_port: int = Field(
        default=8000, ge=1, le=65535, validation_alias="JXKG_API_PORT", description="port of the HTTP API"
    )
    api_keys: SecretStr = Field(
        default=SecretStr(""),
        validation_alias="JXKG_API_KEYS",
        description="API keys as role:key pairs, comma-separated; roles reader, analyst, steward",
    )
    api_keys_file: str = Field(
        default="",
        validation_alias="JXKG_API_KEYS_FILE",
        description="file of API keys, one `role sha256-hex-of-key [name]` per line (hashes only)",
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        validation_alias="JXKG_WORKERS",
        description="API worker processes of `jxkg serve` (`--workers` overrides it); the rate limit is shared out",
    )
    cors_origins: str = Field(
        default="",
        validation_alias="JXKG_CORS_ORIGINS",
        description="origins allowed to call the API from a browser, comma-separated (empty: none)",
    )
    anonymous_origins: str = Field(
        default="",
        validation_alias="JXKG_ANONYMOUS_ORIGINS",
        description="browser origins whose requests without a key may use the public reads (empty: none)",
    )
    anonymous_rate_limit_per_minute: int = Field(
        default=60,
        ge=1,
        validation_alias="JXKG_ANONYMOUS_RATE_LIMIT",
        description="requests per minute per client address for requests without a key from JXKG_ANONYMOUS_ORIGINS",
    )
    max_request_bytes: int = Field(
        default=1_048_576,
        ge=1,
        validation_alias="JXKG_MAX_REQUEST_BYTES",
        description="largest request body the API accepts, in bytes",
    )
    max_upload_bytes: int = Field(
        default=20_971_520,
        ge=1,
        validation_alias="JXKG_MAX_UPLOAD_BYTES",
        description="largest file a data steward may upload (POST /validate, /ingest), in bytes",
    )
    max_upload_rows: int = Field(
        default=100_000,
        ge=1,
        validation_alias="JXKG_MAX_UPLOAD_ROWS",
        description="most rows (or RDF entities) one uploaded file may hold, counted as it is read",
    )
    max_upload_triples: int = Field(
        default=1_000_000,
        ge=1,
        validation_alias="JXKG_MAX_UPLOAD_TRIPLES",
        description="most triples an uploaded Turtle or JSON-LD file may hold, counted as it is parsed",
    )
    max_upload_property_values: int = Field(
        default=10_000,
        ge=1,
        validation_alias="JXKG_MAX_UPLOAD_PROPERTY_VALUES",
        description="most values one entity of an upload may have for one property (or relationship)",
    )
    max_upload_entity_values: int = Field(
        default=50_000,
        ge=1,
        validation_alias="JXKG_MAX_UPLOAD_ENTITY_VALUES",
        description="most values one entity of an upload may have, all its properties together",
    )
    max_upload_parse_seconds: float = Field(
        default=30.0,
        gt=0,
        validation_alias="JXKG_MAX_UPLOAD_PARSE_SECONDS",
        description="longest an upload's reading (parsing and mapping) may take, in seconds, checked as it reads",
    )
    max_unzipped_bytes: int = Field(
        default=209_715_200,
        ge=1,
        validation_alias="JXKG_MAX_UNZIPPED_BYTES",
        description="largest uncompressed size of an uploaded XLSX workbook (a zip), in bytes",
    )
    rate_limit_per_minute: int = Field(
        default=600,
        ge=0,
        validation_alias="JXKG_RATE_LIMIT",
        description="requests per minute per API key (per client address when keyless); 0: no limit",
    )
    query_timeout_s: float = Field(
        default=DEFAULT_QUERY_TIMEOUT_S,
        gt=0,
        validation_alias="JXKG_QUERY_TIMEOUT",
        description="time limit of one read, reading its rows included, in seconds; the engine stops it too",
    )
    write_timeout_s: float = Field(
        default=DEFAULT_WRITE_TIMEOUT_S,
        gt=0,
        validation_alias="JXKG_WRITE_TIMEOUT",
        description="time limit of one write transaction (an ingest batch, a derive step), in seconds",
    )
    max_query_chars: int = Field(
        default=DEFAULT_MAX_QUERY_CHARS,
        ge=1,
        validation_alias="JXKG_MAX_QUERY_CHARS",
        description="longest ad-hoc Cypher text taken (API, jxkg cypher, the library's read-only door), in characters",
    )
    max_query_nesting: int = Field(
        default=DEFAULT_MAX_QUERY_NESTING,
        ge=1,
        validation_alias="JXKG_MAX_QUERY_NESTING",
        description="deepest bracket nesting taken in ad-hoc Cypher ((, [ and { together)",
    )
    cypher_per_key: int = Field(
        default=1,
        ge=1,
        validation_alias="JXKG_CYPHER_PER_KEY",
        description="ad-hoc Cypher queries (POST /cypher) one API key may run at once; more gets 429",
    )
    cypher_total: int = Field(
        default=DEFAULT_CYPHER_TOTAL,
        ge=1,
        validation_alias="JXKG_CYPHER_TOTAL",
        description="ad-hoc Cypher queries the API runs at once, all keys together; more gets 503",
    )
    serve_source_maps: bool = Field(
        default=False,
        validation_alias="JXKG_SERVE_SOURCE_MAPS",
        description="serve the browser bundles' source maps under /static (development only: they list web/ paths)",
    )
    shacl_engine: ShaclEngineName = Field(
        default=ShaclEngineName.NATIVE,
        validation_alias="JXKG_SHACL_ENGINE",
        description="SHACL validation engine: native (compiled checks, same results) or pyshacl (the reference)",
    )

    def masked(self) -> dict[str, Any]:
        """The settings by environment name, secrets masked, for `jxkg config`."""
        shown: dict[str, Any] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                value = "********" if value.get_secret_value() else ""
            elif isinstance(value, StrEnum):
                value = value.value
            elif isinstance(value, Path):
                value = str(value)
            shown[str(field.validation_alias)] = value
        return shown


def environment_names() -> list[str]:
    """The environment variable of every setting, in declaration order."""
    return [str(field.validation_alias) for field in Settings.model_fields.values()]


def load_settings() -> Settings:
    """The settings from the environment; a bad value is a `ConfigurationError` naming the variable."""
    from pydantic import ValidationError

    from jxkg.errors import ConfigurationError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise ConfigurationError(f"invalid configuration: {problems}") from exc
