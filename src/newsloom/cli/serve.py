"""`newsloom serve`: the web app and its JSON API, served by uvicorn on 127.0.0.1 by default."""

from __future__ import annotations

from pathlib import Path

import typer

from newsloom.cli.common import DbOption, db_path, err_console, fail, markup_safe
from newsloom.errors import NewsloomError

# Where the app listens unless told otherwise: this machine only. Serving others is a choice.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
# Addresses that keep the server on this machine (anything else is announced as exposed).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# uvicorn's exit status when the server cannot start (uvicorn.config.STARTUP_FAILURE).
UVICORN_STARTUP_FAILURE = 3


def serve_command(
    db: Path | None = DbOption,
    host: str = typer.Option(DEFAULT_HOST, help="Address to listen on (this machine only)."),
    port: int = typer.Option(DEFAULT_PORT, min=1, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(
        None,
        help="Token that writes (POST /api/articles) must send as 'Authorization: Bearer …' "
        "(default: $NEWSLOOM_TOKEN; without one, writes are refused).",
    ),
) -> None:
    """Serve the stories, briefs, search and events as web pages with a JSON API."""
    try:
        import uvicorn

        from newsloom.web.app import create_app
    except ImportError as exc:
        fail(
            NewsloomError(
                f"the web app needs FastAPI and uvicorn: pip install 'newsloom[web]' ({exc})"
            )
        )
    path = db_path(db)
    try:
        app = create_app(path, token=token)
    except NewsloomError as exc:
        fail(exc)
    writes = "on (token set)" if app.state.token else "off (no --token or $NEWSLOOM_TOKEN)"
    err_console.print(
        f"serving {markup_safe(path)} on http://{markup_safe(host)}:{port}/ — writes {writes}",
        highlight=False,
    )
    if host not in LOOPBACK_HOSTS:
        err_console.print(
            f"[yellow]note:[/yellow] listening on {markup_safe(host)}: other machines can connect"
        )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except SystemExit as stopped:
        # uvicorn exits 3 when it cannot start (the port taken, an address not here): the
        # user's to fix, not one of newsloom's internal errors, which exit 3 too.
        if stopped.code != UVICORN_STARTUP_FAILURE:
            raise
        fail(f"could not serve on {host}:{port} (the reason is above): try another --port")
