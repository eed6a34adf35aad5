"""The Reconciliation Service API v0.2's documents, as pydantic models written from the specification
(W3C Entity Reconciliation Community Group, Final Community Group Report, 10 April 2023:
https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/).

Member names are the specification's own (`identifierSpace`, `type_strict`, `service_url`), so
these models take and give exactly its JSON; optional members are left out of answers when unset.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "0.2"


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


class TypeRef(_Answer):
    """A type (here: an ontology class, by its local name)."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    broader: list[TypeRef] | None = Field(default=None, description="its direct superclasses")


class EntityValue(BaseModel):
    """A property value that is an entity: its id, and perhaps its name."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=1000)
    name: str | None = None


Scalar = str | bool | int | float
PropertyValue = Scalar | EntityValue


class PropertyConstraint(BaseModel):
    """One `{pid, v}` of a query: a property (or relationship) and the value(s) it should have."""

    model_config = ConfigDict(extra="ignore")

    pid: str = Field(min_length=1, max_length=200)
    v: PropertyValue | list[PropertyValue]

    def values(self) -> list[PropertyValue]:
        return list(self.v) if isinstance(self.v, list) else [self.v]


class ReconQuery(BaseModel):
    """One reconciliation query. `type` is a type id or an array of them (clients send either)."""

    model_config = ConfigDict(extra="ignore")  # members of later versions are not refused

    query: str | None = None
    type: str | list[str] | None = None
    limit: int | None = None
    properties: list[PropertyConstraint] | None = None
    type_strict: Literal["should", "all", "any"] | None = None

    def types(self) -> list[str]:
        if self.type is None:
            return []
        return [self.type] if isinstance(self.type, str) else list(self.type)


class Feature(_Answer):
    id: str
    value: float | bool


class ReconCandidate(_Answer):
    id: str
    name: str
    type: list[TypeRef]
    score: float = Field(description="higher is better; 0-100 here")
    match: bool = Field(description="true only for the one candidate the service takes for the answer")
    description: str | None = None
    features: list[Feature] | None = None


class ReconResult(_Answer):
    result: list[ReconCandidate] = Field(description="best first")


class ViewTemplate(_Answer):
    url: str = Field(description="a URL template holding {{id}}")


class PreviewMetadata(_Answer):
    url: str = Field(description="a URL template holding {{id}}: an HTML preview of the entity")
    width: int
    height: int


class SuggestMetadata(_Answer):
    service_url: str
    service_path: str


class SuggestServices(_Answer):
    entity: SuggestMetadata
    type: SuggestMetadata
    property: SuggestMetadata


class SecurityScheme(_Answer):
    """An OpenAPI security scheme: how a key is sent."""

    type: Literal["apiKey"] = "apiKey"
    name: str
    in_: Literal["header"] = Field(default="header", serialization_alias="in")
    description: str


class Manifest(_Answer):
    versions: list[str]
    name: str
    identifierSpace: str  # noqa: N815 (the specification's name)
    schemaSpace: str  # noqa: N815
    defaultTypes: list[TypeRef]  # noqa: N815
    documentation: str | None = None
    serviceVersion: str | None = None  # noqa: N815
    view: ViewTemplate | None = None
    preview: PreviewMetadata | None = None
    suggest: SuggestServices | None = None
    batchSize: int | None = None  # noqa: N815
    authentication: SecurityScheme | None = None


class SuggestItem(_Answer):
    id: str
    name: str
    description: str | None = None
    notable: list[TypeRef] | None = Field(default=None, description="entities only: their class")
    broader: list[TypeRef] | None = Field(default=None, description="types only: their direct superclasses")


class SuggestResponse(_Answer):
    result: list[SuggestItem]
