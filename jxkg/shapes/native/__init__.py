"""The native SHACL engine: the shapes graph compiled once into Python checks, run over a TripleIndex.

It gives the ResultRecords pySHACL gives (tests/shapes/test_native.py holds it to that) at a
fraction of the cost, and leaves to pySHACL every shape it cannot compile (`compile.py`). Each
SHACL constraint component it evaluates is one class in `constraints/`, found through a registry
by its parameters (`constraints.registry`). See docs/validation.md.
"""

from jxkg.shapes.native.compile import CompiledShapes, TopLevel, UnsupportedShapeError, compile_shapes
from jxkg.shapes.native.engine import native_records

__all__ = ["CompiledShapes", "TopLevel", "UnsupportedShapeError", "compile_shapes", "native_records"]
