"""The identifier codes the shapes check, in Python: for tests, synthetic data and tools.

The shapes check the same rules in SHACL (identifiers.ttl); a test runs both over the same codes.

- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from
  `0-9A-HJ-NPQRTUWXY` (no I, O, S, V, Z); positions 3-8 a GB/T 2260 region code; the 18th a check
  character over the first 17 with the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
  check = (31 - sum(value * weight) mod 31) mod 31, written back in the same character set.
- Administrative division code, GB/T 2260: six digits, two per level.
"""

from __future__ import annotations

import re

__all__ = [
    "CREDIT_CODE_CHARACTERS",
    "CREDIT_CODE_PATTERN",
    "credit_code_check_character",
    "is_credit_code",
    "region_prefix",
]

CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_PATTERN = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code that starts with `first17`."""
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARACTERS for c in first17):
        raise ValueError(f"expected 17 characters from {CREDIT_CODE_CHARACTERS}, got {first17!r}")
    total = sum(CREDIT_CODE_CHARACTERS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def is_credit_code(code: str) -> bool:
    """Well-formed and with the right check character."""
    return CREDIT_CODE_PATTERN.fullmatch(code) is not None and credit_code_check_character(code[:17]) == code[17]


def region_prefix(code: str) -> str:
    """What the codes of a region's parts start with: `360000` -> `36`, `360700` -> `3607`."""
    if re.fullmatch(r"[0-9]{6}", code) is None:
        raise ValueError(f"expected a six-digit GB/T 2260 code, got {code!r}")
    return re.sub(r"(00)+$", "", code)
