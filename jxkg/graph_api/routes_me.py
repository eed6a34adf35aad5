"""`GET /me`: who the caller is, by the key it sent: the key's name, its role, and whether the API
runs keyless (the loopback demo, where every caller is a steward)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from jxkg.graph_api.keys import Role
from jxkg.graph_api.security import KeyRing, Principal, require_role
from jxkg.views import Sent

router = APIRouter(tags=["auth"])


class Caller(Sent):
    name: str = Field(description="the key's name where it was configured (never the key); keyless: the demo's")
    role: Role = Field(description="what the key may do: reader, analyst (also Cypher) or steward")
    keyless: bool = Field(description="true when the API runs without keys (loopback only): every caller is a steward")


@router.get("/me", response_model=Caller)
def me(request: Request, caller: Annotated[Principal, Depends(require_role(Role.READER))]) -> Caller:
    """Who the key sent belongs to; any valid key will do."""
    keys: KeyRing = request.app.state.keyring
    return Caller(name=caller.name, role=caller.role, keyless=keys.keyless)
