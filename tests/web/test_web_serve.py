"""`newsloom serve`: defaults to this machine only, takes its token from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.web.security import TOKEN_ENV, configured_token

runner = CliRunner()


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, dict[str, Any]]:
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(asgi: Any, **options: Any) -> None:
        seen.update(options, app=asgi)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return runner.invoke(app, ["serve", *args]), seen


def test_serve_binds_loopback_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    result, seen = _serve(monkeypatch, "--db", str(tmp_path / "new.db"))
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8765)
    assert seen["app"].state.token is None and "writes off" in result.output
    assert (tmp_path / "new.db").exists()  # created, so readers can open it read-only


def test_serve_takes_host_port_and_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    db = str(tmp_path / "s.db")
    result, seen = _serve(monkeypatch, "--db", db, "--host", "0.0.0.0", "--port", "9000")
    assert result.exit_code == 0 and "other machines can connect" in result.output
    assert (seen["host"], seen["port"], seen["app"].state.token) == ("0.0.0.0", 9000, "from-env")
    result, seen = _serve(monkeypatch, "--db", db, "--token", "given")
    assert seen["app"].state.token == "given"


def test_serve_refuses_a_bad_store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, seen = _serve(monkeypatch, "--db", str(tmp_path))
    assert result.exit_code == 2 and "directory" in result.output and not seen


def test_a_port_in_use_is_the_users_error_not_an_internal_one(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = runner.invoke(app, ["serve", "--db", str(tmp_path / "p.db"), "--port", port])
    assert result.exit_code == 2, result.output
    assert f"could not serve on 127.0.0.1:{port}" in result.output


def test_an_empty_token_turns_writes_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "")
    assert configured_token(None) is None and configured_token("") is None
    assert configured_token("t") == "t"
