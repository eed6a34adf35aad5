"""The catalog's models: a named question, its titles and its typed parameters (pydantic, frozen)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import ConfigDict, Field, model_validator

from jxkg.errors import JxkgError
from jxkg.queries.columns import Column, return_columns
from jxkg.queries.names import parameters_used
from jxkg.views import Sent


class ParameterType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    STRING_LIST = "string[]"
    INTEGER_LIST = "integer[]"


class Title(Sent):
    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class QueryParameter(Sent):
    """One typed parameter of a named question."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str = Field(pattern=r"^[a-z][A-Za-z0-9]*$")
    type: ParameterType
    description: str = Field(min_length=1, description="what to give, in English")
    description_zh: str = Field(min_length=1, alias="descriptionZh", description="what to give, in Chinese")
    required: bool = True
    default: Any = None
    allowed: tuple[Any, ...] = Field(default=(), description="the only values accepted, when the list is closed")
    minimum: float | None = None
    maximum: float | None = None
    entity_class: str | None = Field(
        default=None,
        alias="entityClass",
        description="the ontology class (subclasses included) whose entity the value names: the value is "
        "resolved by name (jxkg.queries.resolve) before the query runs",
    )
    empty_means_all: bool = Field(
        default=False,
        alias="emptyMeansAll",
        description="an explicit empty value binds null (every one) although the parameter has a default; "
        "a parameter whose default is null always reads an empty value so",
    )


class NeighbourSummary(Sent):
    """How a question's answer drawn as a graph sums up what it does not draw: around each drawn
    entity of class `around`, its neighbours of `classes` (subclasses included) linked by
    `relationships` in `direction` that are not drawn, one node per relationship and class with their
    count (`jxkg.queries.summaries`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    around: str = Field(min_length=1, description="the class of the drawn entities whose neighbours are summed up")
    relationships: tuple[str, ...] = Field(min_length=1)
    direction: Literal["in", "out"] = Field(description="in: the neighbours are the relationships' start")
    classes: tuple[str, ...] = Field(min_length=1, description="the neighbours' classes, subclasses included")


class AnswerGraphSpec(Sent):
    """What a question adds to its answer drawn as a graph, beyond the entities its rows name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    summarise: NeighbourSummary | None = None


class NamedQuery(Sent):
    """A named question of the catalog: its header and its Cypher."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: Title
    description: str = Field(min_length=1, description="what the question answers, in English")
    description_zh: str = Field(
        min_length=1, alias="descriptionZh", description="what the question answers, in Chinese"
    )
    parameters: tuple[QueryParameter, ...] = ()
    example: dict[str, Any] = Field(default_factory=dict)
    order: int = Field(default=1000, description="place in listings; the headline question comes first")
    tags: tuple[str, ...] = ()
    cypher: str = Field(min_length=1)
    file: str = ""
    graph: AnswerGraphSpec = Field(default_factory=AnswerGraphSpec)
    columns: tuple[Column, ...] = Field(
        default=(),
        description="the answer's columns in order, each with the shape of its values: what each row holds "
        "(empty: not declared yet)",
    )

    @model_validator(mode="after")
    def _example_names_parameters(self) -> Self:
        names = {p.name for p in self.parameters}
        unknown = sorted(set(self.example) - names)
        if unknown:
            raise ValueError(f"example names parameters the query does not declare: {', '.join(unknown)}")
        used = set(parameters_used(self.cypher))
        for parameter in self.parameters:
            if parameter.name not in used:
                raise ValueError(f"parameter {parameter.name} is declared but the query never uses ${parameter.name}")
        undeclared = sorted(used - names)
        if undeclared:
            raise ValueError(f"the query uses ${undeclared[0]} but the header does not declare it")
        return self

    @model_validator(mode="after")
    def _columns_are_the_return_columns(self) -> Self:
        if not self.columns:
            return self
        try:
            returned = return_columns(self.cypher)
        except JxkgError as exc:  # a text the tokenizer refuses: said as the header's error, naming the file
            raise ValueError(f"columns: the query's RETURN cannot be read: {exc}") from exc
        declared = [c.name for c in self.columns]
        if declared != returned:
            missing = [name for name in returned if name not in declared]
            extra = [name for name in declared if name not in returned]
            raise ValueError(
                f"columns: the header declares {declared} but the query returns {returned}"
                + (f"; not declared: {', '.join(missing)}" if missing else "")
                + (f"; not returned: {', '.join(extra)}" if extra else "")
            )
        return self

    def parameter(self, name: str) -> QueryParameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)
