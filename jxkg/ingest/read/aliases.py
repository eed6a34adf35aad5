"""Entity resolution: one node for every name an entity goes by.

The table is built from what is known: the curated data (`data/curated`) and the entities of
the same ingest, each under its `nameZh`, its `aliases` and its `nameEn`. Names are compared by
a key that folds away the differences that do not make a different entity:

- full-width and half-width forms (`（` and `(`, `１` and `1`) and letter case (Unicode NFKC, casefold);
- whitespace, including the ideographic space;
- a short, explicit list of common abbreviations, `ABBREVIATIONS`, and the province prefix
  `PROVINCE_PREFIX` (a name that starts with 省 means 江西省).

Looking up a region (`Region` and its subclasses) also tries the name with an administrative
suffix, in the order of `REGION_SUFFIXES`, when the bare name is not known: 赣州 finds 赣州市.

`resolve(class_name, name)` returns the one id the name stands for among entities of that class
or its subclasses, or None when no entity, or more than one, goes by it (`lookup` returns them all).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from jxkg.ingest.read.link_names import NameResolver
from jxkg.ingest.records import NodeRecord
from jxkg.ontology.schema import GraphSchema, UnknownNameError

__all__ = ["ABBREVIATIONS", "PROVINCE_PREFIX", "REGION_SUFFIXES", "AliasTable", "name_key"]

# (short form, full form): the short form anywhere in a name is read as the full form
ABBREVIATIONS: tuple[tuple[str, str], ...] = (("中科院", "中国科学院"),)
# a name starting with the first is read as starting with the second (省科技厅 = 江西省科技厅)
PROVINCE_PREFIX = ("省", "江西省")
REGION_SUFFIXES: tuple[str, ...] = ("市", "省", "县", "区")
_REGION = "Region"


def name_key(name: str) -> str:
    """The form two names are compared in: 中科院 赣江创新研究院 and 中国科学院赣江创新研究院 share one."""
    key = "".join(unicodedata.normalize("NFKC", name).split()).casefold()
    for short, full in ABBREVIATIONS:
        if short in key and full not in key:
            key = key.replace(short, full)
    short, full = PROVINCE_PREFIX
    if key.startswith(short):
        key = full + key[len(short) :]
    return key


class AliasTable:
    """Names -> ids, per class; built from known entities and grown by each ingest."""

    def __init__(self, schema: GraphSchema, names: NameResolver | None = None) -> None:
        self._schema = schema
        self.names = names  # told every entity added, for the link ends not found exactly (`link_names`)
        self._ids: dict[str, set[tuple[str, str]]] = defaultdict(set)  # key -> {(class, id)}
        self._canonical: dict[str, str] = {}  # id -> nameZh
        self._scopes: dict[str, tuple[frozenset[str], bool]] = {}  # class -> (it and its subclasses, any a region)

    @classmethod
    def from_records(cls, schema: GraphSchema, nodes: Iterable[NodeRecord]) -> AliasTable:
        table = cls(schema)
        table.add_records(nodes)
        return table

    @classmethod
    def from_curated(cls, schema: GraphSchema, folder: Path | None, names: NameResolver | None = None) -> AliasTable:
        """The names of the curated data in `folder` (none when it is not a curated folder)."""
        from jxkg.ingest.read.curated import read_curated

        table = cls(schema, names)
        if folder is not None and (folder / "nodes").is_dir():
            table.add_records(read_curated(folder, schema).nodes)
        return table

    def add_records(self, nodes: Iterable[NodeRecord]) -> None:
        for node in nodes:
            aliases = node.properties.get("aliases") or []
            names = [node.properties.get("nameEn"), *(aliases if isinstance(aliases, list) else [aliases])]
            self.add(node.class_name, node.id, node.properties.get("nameZh"), [str(n) for n in names if n])

    def add(self, class_name: str, entity_id: str, name_zh: object, aliases: Iterable[str] = ()) -> None:
        aliases = list(aliases)
        if self.names is not None:
            self.names.add(class_name, entity_id, name_zh, aliases)
        if name_zh:
            self._canonical.setdefault(entity_id, str(name_zh))
            self._ids[name_key(str(name_zh))].add((class_name, entity_id))
        for alias in aliases:
            if alias.strip():
                self._ids[name_key(alias)].add((class_name, entity_id))

    def canonical_name(self, entity_id: str) -> str | None:
        """The `nameZh` the entity was first known by (the curated one when it is curated)."""
        return self._canonical.get(entity_id)

    def lookup(self, class_name: str, name: str) -> list[str]:
        """Every id the name stands for among entities of the class or its subclasses, sorted."""
        classes, regions = self._scope(class_name)
        found = self._find(name_key(name), classes)
        if not found and regions:
            key = name_key(name)
            for suffix in REGION_SUFFIXES:
                if not key.endswith(suffix):
                    found = self._find(key + suffix, classes)
                    if found:
                        break
        return sorted(found)

    def resolve(self, class_name: str, name: str) -> str | None:
        found = self.lookup(class_name, name)
        return found[0] if len(found) == 1 else None

    def _find(self, key: str, classes: frozenset[str]) -> set[str]:
        return {entity_id for cls, entity_id in self._ids.get(key, ()) if cls in classes}

    def _scope(self, class_name: str) -> tuple[frozenset[str], bool]:
        if class_name not in self._scopes:
            try:
                self._schema.node_type(class_name)
            except UnknownNameError:
                self._scopes[class_name] = (frozenset(), False)
                return self._scopes[class_name]
            types = [t for t in self._schema.node_types if class_name in t.labels]
            self._scopes[class_name] = (frozenset(t.name for t in types), any(_REGION in t.labels for t in types))
        return self._scopes[class_name]
