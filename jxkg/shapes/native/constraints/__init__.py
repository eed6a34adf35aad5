"""The SHACL constraint components the native engine evaluates: one class per component, in the
module of its family (as SHACL and pySHACL group them), found through a registry by the SHACL
parameters it owns.

A component (`base.Constraint`) says which parameters it owns, compiles itself from a shape's
values of them, checks a focus node's value nodes as pySHACL does, and says what it reads of nodes
other than the focus node. Where SHACL leaves a choice to the engine (which datatypes are checked
for ill-typed values, how literals compare), the choice is pySHACL's, the reference; a component
refuses the forms where pySHACL departs from the SHACL text (a language range with a subtag, regex
flags other than i and m), so those shapes are validated by pySHACL itself.

Adding a component: one class in its family's module, added to `registry.CORE`, and its tests.
"""

from jxkg.shapes.native.constraints.base import (
    Conformance,
    Constraint,
    ReadWalk,
    ShapeParameters,
    UnsupportedShapeError,
    ValueTermConstraint,
    Violation,
    shape_name,
)
from jxkg.shapes.native.constraints.cardinality import MaxCountConstraint, MinCountConstraint
from jxkg.shapes.native.constraints.logical import OrConstraint
from jxkg.shapes.native.constraints.other import ClosedConstraint, InConstraint
from jxkg.shapes.native.constraints.property_pair import EqualsConstraint, LessThanOrEqualsConstraint
from jxkg.shapes.native.constraints.registry import CORE, Registry
from jxkg.shapes.native.constraints.shape_based import QualifiedCountConstraint
from jxkg.shapes.native.constraints.string_based import (
    LanguageInConstraint,
    PatternConstraint,
    UniqueLangConstraint,
)
from jxkg.shapes.native.constraints.value_range import MaxInclusiveConstraint, MinInclusiveConstraint
from jxkg.shapes.native.constraints.value_type import CLASS_READS, ClassConstraint, DatatypeConstraint

__all__ = [
    "CLASS_READS",
    "CORE",
    "ClassConstraint",
    "ClosedConstraint",
    "Conformance",
    "Constraint",
    "DatatypeConstraint",
    "EqualsConstraint",
    "InConstraint",
    "LanguageInConstraint",
    "LessThanOrEqualsConstraint",
    "MaxCountConstraint",
    "MaxInclusiveConstraint",
    "MinCountConstraint",
    "MinInclusiveConstraint",
    "OrConstraint",
    "PatternConstraint",
    "QualifiedCountConstraint",
    "ReadWalk",
    "Registry",
    "ShapeParameters",
    "UniqueLangConstraint",
    "UnsupportedShapeError",
    "ValueTermConstraint",
    "Violation",
    "shape_name",
]
