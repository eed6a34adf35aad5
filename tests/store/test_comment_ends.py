"""Where each engine ends a `//` comment: the door's tokenizer ends it at the earliest of them.

`RETURN 1 AS one // note<END>, 2 AS two` answers two columns when the engine ends the comment at
<END>, one column when the comment runs on. The door must see as code any text an engine runs,
so it ends a comment wherever either engine does (tests/queries/test_door.py tries a CREATE there).
"""

from __future__ import annotations

import pytest

from jxkg.store import GraphStore
from jxkg.store.cypher_tokens import COMMENT_ENDS

ENDINGS = {"lf": "\n", "cr": "\r", "crlf": "\r\n", "nel": "\u0085", "ls": "\u2028", "ps": "\u2029", "vt": "\v"}
# what each engine did when asked (FalkorDB 4.16, Neo4j 5): the line ends it ends a comment at
ENGINE_ENDS = {"falkordb": {"lf", "crlf"}, "neo4j": {"lf", "cr", "crlf"}}


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_where_the_engine_ends_a_line_comment(store: GraphStore, ending: str) -> None:
    columns = store.read_result(f"RETURN 1 AS one // note{ENDINGS[ending]}, 2 AS two").columns
    ends_here = columns == ["one", "two"]
    assert ends_here == (ending in ENGINE_ENDS[store.engine])
    # the door ends a comment wherever either engine does, and nowhere else
    either = set().union(*ENGINE_ENDS.values())
    assert (ENDINGS[ending][0] in COMMENT_ENDS) == (ending in either)
