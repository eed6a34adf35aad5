"""Response models: the API's contract with front-end developers."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HealthResponse(BaseModel):
    status: str = Field(description='"ok" when the database answers, "unavailable" otherwise')
    engine: str = Field(description="falkordb or neo4j")
    version: str = Field(description="the engine's version")
    reachable: bool
    address: str = Field(description="where the API looks for the database")
    nodes: int | None = Field(default=None, description="number of nodes in the graph")
    relationships: int | None = Field(default=None, description="number of relationships in the graph")
    detail: str = ""


class ErrorResponse(BaseModel):
    error: str = Field(description="the kind of error, e.g. QueryError")
    message: str
