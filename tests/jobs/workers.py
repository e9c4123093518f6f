"""A campus database and real ``manage.py db_worker`` processes against it (no pytest-django:
the workers are other processes, which must see committed rows in a real database)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def postgres_url_beside(url: str, suffix: str) -> str:
    """A database on the same PostgreSQL server as ``url``, named after it with ``suffix``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}{suffix}"))


class Campus:
    """One database; run commands and workers on it and read it with plain SQL."""

    def __init__(self, url: str, var_dir: Path, stale_seconds: float = 4) -> None:
        self.url, self.var_dir = url, var_dir
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "campus.settings",
            "CAMPUS_ENV": "development",
            "CAMPUS_VAR_DIR": str(var_dir),
            "CAMPUS_JOB_STALE_SECONDS": str(stale_seconds),
            "EMAIL_HOST": "",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("EMAIL_HOST")
        self.workers: list[subprocess.Popen] = []

    # --- the database ---------------------------------------------------------------------

    def create(self) -> None:
        if self.url.startswith("postgres"):
            import psycopg

            name = urlsplit(self.url).path.lstrip("/")
            server = postgres_url_beside(self.url, "").rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
        self.manage("migrate", "--no-input", "-v", "0", timeout=600)

    def drop(self) -> None:
        if self.url.startswith("postgres"):
            import psycopg

            name = urlsplit(self.url).path.lstrip("/")
            server = postgres_url_beside(self.url, "").rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def rows(self, sql: str) -> list[tuple]:
        if self.url.startswith("postgres"):
            import psycopg

            with psycopg.connect(self.url) as conn:
                return conn.execute(sql).fetchall()
        path = self.url.removeprefix("sqlite:///")
        with sqlite3.connect(path, timeout=30) as conn:
            return conn.execute(sql).fetchall()

    def row(self, sql: str) -> tuple:
        return self.rows(sql)[0]

    def wait_for(self, sql: str, ok, *, timeout: float, every: float = 0.05) -> tuple:
        """Poll ``sql`` until ``ok(row)``; the last row, or AssertionError after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            row = self.row(sql)
            if ok(row):
                return row
            if time.monotonic() > deadline:
                raise AssertionError(f"still {row!r} after {timeout} s: {sql}")
            time.sleep(every)

    # --- processes ------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(  # noqa: S603 - this interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if done.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def shell(self, code: str, timeout: float = 300) -> str:
        return self.manage("shell", "--no-imports", "-c", code, timeout=timeout).strip()

    def worker(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                "--interval", "0.2", "-v", "0",
            ],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.workers.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: the worker gets no chance to tidy up, as when a machine dies."""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.workers.clear()
