"""Shared dependencies of the routes: the loaded network and router."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from routing.router import Router


def get_router(request: Request) -> Router:
    """The router built at start-up."""
    return request.app.state.router  # type: ignore[no-any-return]


RouterDep = Annotated[Router, Depends(get_router)]
