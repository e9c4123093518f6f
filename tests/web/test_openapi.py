"""The OpenAPI document is a reviewed artifact: the committed copy must match the live one."""

import json
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_openapi_snapshot_is_up_to_date(client):
    live = client.get("/api/v1/openapi.json").json()
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert live == committed, (
        "The API changed. Review the difference, then regenerate the snapshot with `make openapi`."
    )


def test_every_operation_declares_its_error_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert codes - {"200", "201", "204"}, (
                f"{method.upper()} {path} declares no error response"
            )
