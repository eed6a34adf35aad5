"""What a resolution returns: ranked candidates, each saying which of its names matched and how."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from jxkg.views import View


class MatchKind(StrEnum):
    """Why a candidate matched, strongest first (the order ranks candidates of equal score)."""

    EXACT_ID = "exact-id"
    EXACT_NAME = "exact-name"
    ALIAS = "alias"
    NORMALISED = "normalised"
    ENGLISH = "english"
    PINYIN = "pinyin"
    PARTIAL = "partial"
    FUZZY = "fuzzy"

    @property
    def exact(self) -> bool:
        return self in _EXACT


_EXACT = frozenset({MatchKind.EXACT_ID, MatchKind.EXACT_NAME, MatchKind.ALIAS})


class Candidate(View):
    id: str = Field(description="the entity's id")
    name: str = Field(description="its canonical name (nameZh; nameEn or the id when it has none)")
    class_name: str = Field(description="its most specific class")
    score: float = Field(ge=0, le=100, description="0-100; exact matches score 100")
    matched: MatchKind = Field(description="how the text matched")
    matched_form: str = Field(description="the stored name, alias, English name or id that matched")


class Resolution(View):
    text: str = Field(description="what was typed")
    normalised: str = Field(description="the text in the form names are compared in")
    class_name: str | None = Field(default=None, description="the class asked for (its subclasses included)")
    candidates: tuple[Candidate, ...] = Field(description="best first")
    confident: bool = Field(description="whether the first candidate is the answer: strong and clearly ahead")

    @property
    def best(self) -> Candidate | None:
        """The answer when confident; None when nothing matched or the candidates cannot be told apart."""
        return self.candidates[0] if self.confident and self.candidates else None
