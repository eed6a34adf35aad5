"""A bounded set of entities worth scoring, fetched through the engines' indexes only.

- the unique index on `id`: the text as an id, and as `<type-slug>:<text>` of the class asked for;
- the range index on `nameZh`: the folded text with each optional administrative suffix put back
  (赣州 → 赣州市), so the commonest shortening is an indexed lookup, not a search;
- the full-text index (`GraphStore.search_text`, the same call `explore.search` makes): the text's
  forms as a whole (folded, abbreviations written out or shortened, affixes dropped), then
  overlapping three-character windows of it, each searched on its own, so that a name typed with
  one wrong, missing or extra character, or without 国家 or a dash, still shares whole windows
  with the stored name (the index needs every bigram of a search to match);
- for Latin-keyboard text, its words: English names match word by word (by prefix).

Every call carries a limit, so a resolution reads at most `_WHOLE_LIMIT * forms + _WINDOW_LIMIT *
windows` nodes however large the graph is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jxkg.ontology.conventions import QUOTE_BIGRAMS, type_slug
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore, IndexKind, IndexSpec, Row

Node = dict[str, Any]

_WHOLE_LIMIT = 50  # hits per whole form of the text
_WINDOW_LIMIT = 25  # hits per window
_MAX_WINDOWS = 8
_MAX_WORDS = 4
_SUFFIXES = ("市", "省", "县", "区")


def by_ids(store: GraphStore, ids: Iterable[str], label: str | None) -> dict[str, Node]:
    rows = store.read(
        "MATCH (n:Entity) WHERE n.id IN $ids WITH n WHERE $label IS NULL OR $label IN labels(n) RETURN n",
        {"ids": sorted(set(ids)), "label": label},
    )
    return _nodes(rows)


def by_names(store: GraphStore, names: Iterable[str], label: str | None) -> dict[str, Node]:
    rows = store.read(
        "MATCH (n:Entity) WHERE n.nameZh IN $names WITH n WHERE $label IS NULL OR $label IN labels(n) RETURN n",
        {"names": sorted(set(names)), "label": label},
    )
    return _nodes(rows)


def id_forms(text: str, folded: str, schema: GraphSchema, class_name: str | None) -> set[str]:
    forms = {text, folded}
    if class_name is not None and not schema.node_type(class_name).abstract:
        forms |= {f"{type_slug(class_name)}:{text}", f"{type_slug(class_name)}:{folded}"}
    return {form for form in forms if form}


def name_forms(text: str, folded: str, key: str) -> set[str]:
    """What the canonical name may literally be: as typed, folded, and the key with a suffix back."""
    forms = {text, folded, key}
    forms |= {key + suffix for suffix in _SUFFIXES}
    forms |= {"江西省" + key, "国家" + key}
    return {form for form in forms if form}


def windows(text: str) -> list[str]:
    """Overlapping windows covering `text`: size 3, step 2 (pairs for text of four characters or fewer)."""
    size = 2 if len(text) <= 4 else 3
    if len(text) <= size:
        return []
    starts = list(range(0, len(text) - size + 1, size - 1))
    if starts[-1] != len(text) - size:
        starts.append(len(text) - size)
    if len(starts) > _MAX_WINDOWS:  # spread the kept windows over the whole text
        step = (len(starts) - 1) / (_MAX_WINDOWS - 1)
        starts = [starts[round(i * step)] for i in range(_MAX_WINDOWS)]
    return [text[start : start + size] for start in starts]


def name_index(schema: GraphSchema) -> tuple[IndexSpec, tuple[str, ...]]:
    """The full-text index and its name fields: the quotes' bigrams share the index, not the names' search."""
    index = next(spec for spec in schema.index_specs() if spec.kind is IndexKind.FULLTEXT)
    return index, tuple(name for name in index.properties if name != QUOTE_BIGRAMS)


def by_search(
    store: GraphStore,
    schema: GraphSchema,
    forms: Iterable[str],
    parts: Iterable[str],
    label: str | None,
    whole_limit: int | None = None,
) -> dict[str, Node]:
    """Full-text hits for each whole form (all its bigrams), then for each part (a window or a word)."""
    index, fields = name_index(schema)
    whole = max(whole_limit or 0, _WHOLE_LIMIT)
    found: dict[str, Node] = {}
    for text, limit in [(form, whole) for form in dict.fromkeys(forms)] + [
        (part, _WINDOW_LIMIT) for part in dict.fromkeys(parts)
    ]:
        for hit in store.search_text(index, text, label=label, limit=limit, fields=fields):
            found.setdefault(_node_id(hit.node), hit.node)
    return found


# Neo4j's `cjk` analyzer leaves English stop words out of its index, so a search that requires
# `of*` finds nothing there: the content words are asked for as one more whole form
_STOP_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"})


def _words(surface: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in surface).split()


def content_words(surface: str) -> str:
    """Latin-keyboard text without English stop words."""
    return " ".join(word for word in _words(surface) if word not in _STOP_WORDS)


def latin_words(surface: str) -> list[str]:
    """The words of Latin-keyboard text worth searching alone (three letters or more), longest first."""
    words = {word for word in _words(surface) if len(word) >= 3 and word not in _STOP_WORDS}
    return sorted(words, key=lambda word: (-len(word), word))[:_MAX_WORDS]


def _nodes(rows: list[Row]) -> dict[str, Node]:
    return {_node_id(row["n"]): row["n"] for row in rows}


def _node_id(node: Node) -> str:
    return str(node["properties"].get("id", node.get("id")))
