"""Response models: the API's contract with front-end developers."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from jxkg.export.duplicates import DuplicatesReport
from jxkg.queries.entity_params import ResolvedName
from jxkg.queries.explore import MAX_SUBGRAPH_IDS
from jxkg.queries.views import Subgraph
from jxkg.views import Omissible, Sent, View

_GRAPH_FLAG = (
    f"also answer `graph`: the entities the rows name (columns and keys `id` or ending in `Id`, nodes) and "
    f"the relationships among them, the first {MAX_SUBGRAPH_IDS}; ignored for CSV"
)


class HealthResponse(Sent):
    status: str = Field(description='"ok" when the database answers, "unavailable" otherwise')
    engine: str = Field(description="falkordb or neo4j")
    version: str = Field(description="the engine's version")
    reachable: bool
    address: str = Field(description="where the API looks for the database")
    nodes: int | None = Field(default=None, description="number of nodes in the graph")
    relationships: int | None = Field(default=None, description="number of relationships in the graph")
    detail: str = ""


class Problem(Omissible):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    # further extension members may appear; clients ignore the ones they do not know (RFC 9457 §3.2)
    model_config = ConfigDict(extra="allow")

    type: str = Field(
        default="about:blank", description="URI of the problem type; about:blank when the status says it all"
    )
    title: str = Field(description="short summary of the problem type")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(default="", description="what went wrong in this occurrence")
    detailZh: str | None = Field(default=None, description="the detail in Chinese, where the problem gives one")  # noqa: N815
    instance: str = Field(default="", description="the request path the problem occurred on")
    error: str = Field(description="machine-readable kind of error, e.g. StoreUnavailableError or NotFound")
    suggestions: list[str] | None = Field(default=None, description="known names close to an unknown one")
    parameter: str | None = Field(default=None, description="the query parameter at fault")
    hint: str | None = Field(default=None, description="what the client can do about it")
    errors: list[dict[str, Any]] | None = Field(default=None, description="each problem of an invalid request")
    file: str | None = Field(default=None, description="the uploaded file at fault, by its name")
    limit: int | None = Field(
        default=None, description="the limit the request went over (an upload's, a query text's, a budget's)"
    )
    setting: str | None = Field(default=None, description="the setting that holds that limit")
    job: str | None = Field(default=None, description="the ingest job concerned: the running one, for a 409")


class Text(Sent):
    """A text in Chinese and English."""

    zh: str
    en: str


class NodeTypeInfo(Sent):
    name: str = Field(description="the class name, also the most specific label")
    iri: str
    labels: list[str] = Field(description="every label a node of this type carries, root first")
    parents: list[str] = Field(description="direct superclasses")
    abstract: bool = Field(description="true when only subclasses have instances")
    label: Text
    definition: Text
    properties: list[str] = Field(description="properties a node of this type may have")


class RelationshipTypeInfo(Sent):
    type: str = Field(description="the relationship type in the graph, e.g. SUPPORTS_CHAIN")
    name: str = Field(description="the ontology's object property, e.g. supportsChain")
    iri: str
    domain: list[str] = Field(description="node types a relationship of this type starts from")
    range: list[str] = Field(description="node types it ends at")
    label: Text
    definition: Text
    symmetric: bool = Field(description="true when the relationship holds both ways")


class PropertyInfo(Sent):
    name: str
    iri: str
    datatype: str = Field(description="XML Schema datatype, local name (string, integer, date, ...)")
    label: Text
    definition: Text
    allowed_values: list[str] = Field(description="the only values allowed; empty: any value of the datatype")
    multi_valued: bool = Field(description="true when the value is a list")
    on_relationships: bool = Field(description="true when relationships carry it too")
    domain: list[str] = Field(description="node types that have it")
    indexed: bool
    full_text: bool = Field(description="true when it is in the full-text index")


class SchemaResponse(Sent):
    """The property-graph schema, as the ontology defines it."""

    iri: str = Field(description="the ontology's IRI")
    version: str
    title: Text
    root: str = Field(description="the label every node carries")
    key: str = Field(description="the root's unique key property")
    node_types: list[NodeTypeInfo]
    relationship_types: list[RelationshipTypeInfo]
    properties: list[PropertyInfo]


class StatsResponse(Sent):
    nodes: int = Field(description="number of nodes")
    relationships: int = Field(description="number of relationships")
    labels: dict[str, int] = Field(description="nodes per label (a node counts once for each of its labels)")
    relationship_types: dict[str, int] = Field(description="relationships per type")


class QuerySummary(Sent):
    """A named question, as the catalog lists it."""

    name: str
    title: Text
    description: str = Field(description="what the question answers, in English")
    descriptionZh: str = Field(description="what the question answers, in Chinese")  # noqa: N815
    tags: list[str]
    parameters: list[str] = Field(description="names of its parameters; GET /queries/{name} describes them")


class RunRequest(Omissible):
    """How to run a named question."""

    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(
        default_factory=dict, description="parameter values by name, as JSON; typed by the question's header"
    )
    limit: int = Field(default=1000, ge=1, le=10_000, description="keep at most this many rows")
    graph: bool = Field(default=False, description=_GRAPH_FLAG)


class CypherRequest(Omissible):
    """An analyst's read-only Cypher."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=20_000, description="Cypher; refused if it would write")
    params: dict[str, Any] = Field(default_factory=dict, description="values of its $parameters")
    limit: int = Field(default=1000, ge=1, le=10_000, description="keep at most this many rows")
    graph: bool = Field(default=False, description=_GRAPH_FLAG)


class QueryAnswer(View):
    """The rows of a question."""

    name: str | None = Field(default=None, description="the named question, when one was run")
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="true when the row limit cut the answer short")
    row_limit: int | None
    elapsed_ms: float
    parameters: dict[str, Any] = Field(description="the parameters the query ran with, typed, defaults filled in")
    resolved: dict[str, ResolvedName] = Field(
        default_factory=dict,
        description="what each parameter that names an entity resolved to, by parameter name "
        "(`赣州稀金` -> 赣州稀金科创城); `parameters` holds the ids the question ran with",
    )
    graph: Subgraph | None = Field(
        default=None,
        description=f"with `graph: true` in the request: the entities the rows name and the relationships among "
        f"them (`truncated` when the rows name more than {MAX_SUBGRAPH_IDS}); null otherwise",
    )


class SubgraphRequest(Omissible):
    """Entities to draw together."""

    model_config = ConfigDict(extra="forbid")

    ids: list[str] = Field(
        max_length=MAX_SUBGRAPH_IDS,
        description=f"entity ids, at most {MAX_SUBGRAPH_IDS}; unknown ones are left out",
    )


class AuditResult(Sent):
    """One SHACL result over the live graph (full IRIs)."""

    severity: str = Field(description="Violation, Warning or Info")
    focus: str = Field(description="the entity's IRI")
    path: str | None = Field(description="the property's IRI (^IRI for an inverse path); null for the node itself")
    value: str | None
    sourceShape: str  # noqa: N815 - the JSON `jxkg audit --format json` prints, as it is
    component: str
    messageZh: str  # noqa: N815
    messageEn: str  # noqa: N815
    sourceFile: str | None  # noqa: N815
    sourceRow: int | None  # noqa: N815


class ShapeOnPyshacl(Sent):
    """A shape the native SHACL engine left to pySHACL, and why."""

    shape: str = Field(description="the shape's IRI (or blank node label)")
    reason: str


class KeptCountMismatch(Sent):
    """An entity whose kept degree differs from a recount (its neighbour counts may differ too)."""

    id: str
    keptDegree: int | None = Field(description="the degree kept on it; null: it keeps none")  # noqa: N815
    countedDegree: int = Field(description="the degree a recount gives")  # noqa: N815


class SupportCountMismatch(Sent):
    """A source document whose kept support counts differ from a recount."""

    fileName: str = Field(description="the document's file")  # noqa: N815
    kept: list[str] | None = Field(description="the counts kept on it (node|Class|kind|count, ...); null: none")
    counted: list[str] = Field(description="the counts a recount gives")


class KeptCountsReport(Sent):
    """The counts ingest keeps on entities (degree, neighbour counts) against a recount of the graph."""

    differing: int = Field(description="entities whose kept counts differ from a recount, or that keep none")
    truncated: bool = Field(description="true when more entities differ than are listed")
    repaired: int = Field(description="entities recounted (jxkg audit --repair-counts); 0 otherwise")
    writtenDuringAudit: int = Field(  # noqa: N815 - the JSON `jxkg audit --format json` prints, as it is
        description="relationships written while the recount ran (an ingest at work), left out of it: "
        "entities they touch may be listed as differing until that ingest ends; 0 on a quiet graph"
    )
    entities: list[KeptCountMismatch] = Field(description="the first of them, by id")
    documents: list[SupportCountMismatch] = Field(
        description="the source documents whose kept support counts (what their sections are the source of) "
        "differ from a recount, or that keep none"
    )


class AuditReport(Sent):
    """`jxkg audit --format json`: the shapes over the live graph."""

    conforms: bool = Field(description="true when there is no Violation")
    entities: int = Field(description="entities validated")
    files: list[str]
    counts: dict[str, int] = Field(description="results per severity: Violation, Warning, Info")
    onPyshacl: list[ShapeOnPyshacl] = Field(  # noqa: N815 - the JSON `jxkg audit --format json` prints, as it is
        default_factory=list,
        description="the shapes the native engine did not run itself, left to pySHACL, each with the reason",
    )
    results: list[AuditResult] = Field(description="most severe first")
    duplicates: DuplicatesReport = Field(
        description="likely duplicates: pairs of entities of one class whose names resolve to each other"
    )
    keptCounts: KeptCountsReport = Field(  # noqa: N815 - the JSON `jxkg audit --format json` prints, as it is
        description="the counts ingest keeps on entities against a recount"
    )
