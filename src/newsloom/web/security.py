"""What keeps the web app safe to run: response headers, the write token, request size."""

from __future__ import annotations

import hmac
import os

from fastapi import HTTPException, Request

# Scripts and styles only from the app itself (no inline script, nothing from elsewhere);
# article text is escaped anyway, so this is the second wall, not the first.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Where the write token is read from when `--token` is not given.
TOKEN_ENV = "NEWSLOOM_TOKEN"


def configured_token(given: str | None) -> str | None:
    """The write token: the one given, else $NEWSLOOM_TOKEN; None (writes refused) when empty."""
    token = given if given is not None else os.environ.get(TOKEN_ENV)
    return token or None


def check_write_token(request: Request, token: str | None) -> None:
    """Allow a write only with `Authorization: Bearer <token>`: 403 when the server has no
    token (writes are off), 401 when the request's is missing or wrong."""
    if token is None:
        raise HTTPException(
            status_code=403,
            detail=f"writes are disabled: start the server with --token or ${TOKEN_ENV}",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        raise HTTPException(
            status_code=401,
            detail="a write needs the header Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # compare_digest: the time taken does not tell how much of a guess was right.
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(
            status_code=401,
            detail="wrong token: it is not the one the server was started with",
            headers={"WWW-Authenticate": "Bearer"},
        )
