"""The demo's data files (``data/*.json``): what the demo alliance says, apart from how it is built."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def read(name: str) -> Any:
    """The parsed content of one data file, read once per process."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
