"""`make demo` names the address it serves the campus on as the public URL of the demo's
credentials (and e-mail links), unless CAMPUS_PUBLIC_URL says otherwise."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _demo_commands(*args: str, public_url: str | None = None) -> dict[str, str]:
    """The lines `make -n demo` would run, by the command they start."""
    env = {k: v for k, v in os.environ.items() if k not in ("CAMPUS_PUBLIC_URL", "MAKEFLAGS")}
    if public_url is not None:
        env["CAMPUS_PUBLIC_URL"] = public_url
    out = subprocess.run(  # noqa: S603 - make, in our own repository
        ["make", "-n", "demo", *args],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = {}
    for name in ("seed_demo", "demo_logins", "db_worker", "runserver"):
        (line,) = [
            line for line in out.replace("\\\n", " ").splitlines() if f"manage.py {name}" in line
        ]
        commands[name] = line
    return commands


def _names(command: str, url: str) -> bool:
    return re.search(rf"CAMPUS_PUBLIC_URL='{re.escape(url)}'[ ;]", command) is not None


def test_make_demo_on_another_port_names_that_port():
    commands = _demo_commands("PORT=8811")
    for name in ("seed_demo", "demo_logins", "db_worker"):
        assert _names(commands[name], "http://127.0.0.1:8811"), commands[name]
    assert "runserver 127.0.0.1:8811" in commands["runserver"]
    assert "8000" not in " ".join(commands.values())


def test_a_public_url_that_is_set_wins_over_host_and_port():
    commands = _demo_commands("PORT=8811", public_url="https://campus.example")
    for name in ("seed_demo", "demo_logins", "db_worker"):
        assert _names(commands[name], "https://campus.example"), commands[name]
    given = _demo_commands("CAMPUS_PUBLIC_URL=https://heroes.example")
    assert _names(given["seed_demo"], "https://heroes.example")


def test_a_server_on_every_interface_is_named_by_this_machines_address():
    commands = _demo_commands("HOST=0.0.0.0", "PORT=8822")
    assert _names(commands["seed_demo"], "http://127.0.0.1:8822")
    assert "runserver 0.0.0.0:8822" in commands["runserver"]
