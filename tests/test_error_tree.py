"""The error tree is complete and both faces read the one table of outcomes the same way."""

from __future__ import annotations

import importlib
import pkgutil

import jxkg
from jxkg import errors
from jxkg.cli.errors import exit_code_for
from jxkg.errors import FACE_OUTCOMES, JxkgError, outcome_for
from jxkg.graph_api.errors import status_for


def _all_subclasses(cls: type[JxkgError]) -> set[type[JxkgError]]:
    """The package's subclasses of `cls` (not those a test defines)."""
    found: set[type[JxkgError]] = set()
    for sub in cls.__subclasses__():
        found |= _all_subclasses(sub) | ({sub} if sub.__module__.split(".")[0] == "jxkg" else set())
    return found


def test_every_error_a_caller_can_cause_is_a_class_of_the_drawn_tree() -> None:
    for module in pkgutil.walk_packages(jxkg.__path__, "jxkg."):
        importlib.import_module(module.name)
    elsewhere = {
        f"{c.__module__}.{c.__qualname__}" for c in _all_subclasses(JxkgError) if c.__module__ != "jxkg.errors"
    }
    assert elsewhere == set()
    tree = errors.__doc__ or ""
    for cls in _all_subclasses(JxkgError):
        assert f" {cls.__name__} " in tree, f"{cls.__name__} is not drawn in jxkg/errors.py's tree"


def test_every_class_has_its_own_row() -> None:
    assert set(FACE_OUTCOMES) == _all_subclasses(JxkgError) | {JxkgError}


class _Unlisted(errors.StoreUnavailableError):
    """A subclass without a row of its own: it answers as its nearest ancestor, on both faces."""


def test_both_faces_walk_the_same_table_up_the_class_tree() -> None:
    for error in (
        errors.NotFoundError("no entity"),
        errors.ValidationError("no shapes"),
        errors.DataFileError("broken", path=__import__("pathlib").Path("x.ttl")),
        errors.UploadTooLargeError("too big", file="a.csv", limit=1, setting="JXKG_UPLOAD_MAX_BYTES"),
        errors.IngestBusyError("job-1"),
        _Unlisted("down", address="127.0.0.1:6379"),
    ):
        outcome = outcome_for(error)
        assert exit_code_for(error) == outcome.exit_code
        assert status_for(error) == outcome.http_status
    assert outcome_for(_Unlisted) == FACE_OUTCOMES[errors.StoreUnavailableError]
    assert exit_code_for(errors.ValidationError("x")) == errors.EXIT_UNAVAILABLE
    assert status_for(errors.UploadTooLargeError("x", file="f", limit=1, setting="s")) == 413
