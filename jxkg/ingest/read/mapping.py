"""Mapping files: how the rows of a source become ontology records (docs/ingest.md); their shape and loading.

A mapping is YAML, one per source (`X.csv` + `X.mapping.yaml`) or one per folder (`mapping.yaml`
with `sources:`, each entry covering files by glob). It is validated twice: its shape by the
pydantic models of `mapping_model`, its names against the ontology (`jxkg.ingest.read.mapping_check`: the class,
every property, every relationship and its ends). Either kind of error raises `MappingError` naming
the mapping file and the key (`properties.研发投入.property: unknown property 'rdSpend'`); nothing is
read then.

    class: Enterprise
    id: {column: 统一社会信用代码, name: 企业名称}   # the code, or enterprise:<name> when it is empty
    properties:
      企业名称: nameZh
      成立年份: foundedYear                       # 2015年 -> 2015
      是否国有: isStateOwned                      # 是/否
    relationships:
      所在地市: {type: LOCATED_IN, target: PrefectureCity}   # 赣州市 -> 360700, by name
    ignore: [序号]
    constants: {provenanceKind: reference}

`format:` names one of the tabular formats of the registry (`jxkg.ingest.read.formats`). How the
rows then become records is `jxkg.ingest.read.map_rows`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from jxkg.errors import MappingError
from jxkg.ingest.read.mapping_check import check_mapping, dotted
from jxkg.ingest.read.mapping_model import (
    Entry,
    IdRule,
    MappingDocument,
    MappingSet,
    PropertyMap,
    RelationshipMap,
    SourceMapping,
)
from jxkg.ontology.schema import GraphSchema

__all__ = [
    "Entry",
    "IdRule",
    "MappingError",
    "MappingSet",
    "PropertyMap",
    "RelationshipMap",
    "SourceMapping",
    "load_mapping",
]


def load_mapping(path: Path, schema: GraphSchema) -> MappingSet:
    """Read and check a mapping file; `MappingError` lists every problem with its key."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc}") from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise MappingError(f"{path}: a mapping is a YAML object (with `class:`, or `sources:` listing several)")
    try:
        if "sources" in document:
            mappings = [(f"sources[{i}]", m) for i, m in enumerate(MappingDocument.model_validate(document).sources)]
        else:
            mappings = [("", SourceMapping.model_validate(document))]
    except ValidationError as exc:
        lines = [f"{dotted(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise MappingError(f"{path}: invalid mapping:\n  " + "\n  ".join(lines)) from None
    entries, errors = [], []
    for where, mapping in mappings:
        constants, found = check_mapping(mapping, schema, where)
        errors += found
        entries.append(Entry(mapping, path, where, constants))
    if errors:
        raise MappingError(f"{path}: the mapping does not fit the ontology:\n  " + "\n  ".join(errors))
    return MappingSet(path, tuple(entries))
