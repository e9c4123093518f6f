"""Every operation of /api/v1 under schemathesis: anonymous, as a student, as a coordinator.

The cases run in-process against the WSGI application on the test database (SQLite or
PostgreSQL, as the suite runs), derandomised so that a failure comes back on the next run.
Checks: no server error, and every answer inside what the OpenAPI document declares (status
code, content type, body schema). The figures print at the end of the module (``-s``).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from campus.api import api
from campus.people import services as people_services
from campus.people.models import Role
from campus.wsgi import application
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

pytestmark = pytest.mark.django_db

#: Cases per operation and caller: 40 operations x 3 callers x this, within about a minute.
CASES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
SCHEMA.app = application
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
FIGURES = {"operations": set(), "cases": 0, "server errors": 0, "schema violations": 0}


@pytest.fixture(scope="module", autouse=True)
def _print_figures():
    yield
    print(
        f"\nschemathesis: {len(FIGURES['operations'])} operations, {FIGURES['cases']} cases, "
        f"{FIGURES['server errors']} server errors, "
        f"{FIGURES['schema violations']} schema violations"
    )


@pytest.fixture
def callers():
    """Request headers for each kind of caller, with a course, a run and people to find."""
    home = InstitutionFactory()
    student = PersonFactory(institution=home, roles=[Role.STUDENT])
    coordinator = PersonFactory(institution=home, roles=[Role.COORDINATOR])
    RunFactory(course=CourseFactory(hosts=[home]))
    headers = {"anonymous": {}}
    for name, person in (("student", student), ("coordinator", coordinator)):
        _token, secret = people_services.api_token_create(person=person, name="fuzz", by=person)
        headers[name] = {"Authorization": f"Bearer {secret}"}
    return headers


@pytest.mark.parametrize("caller", ["anonymous", "student", "coordinator"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_answers_within_its_schema(operation, caller, callers):
    failures: list[Failure] = []
    headers = callers[caller]

    @settings(
        max_examples=CASES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        FIGURES["cases"] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            failures.extend(group.exceptions)
        except Failure as failure:
            failures.append(failure)

    run()
    FIGURES["operations"].add(operation.label)
    FIGURES["server errors"] += sum(f.code == "server_error" for f in failures)
    FIGURES["schema violations"] += sum(f.code != "server_error" for f in failures)
    assert not failures, "\n\n".join(f"{f.title}: {f.message}" for f in failures[:5])
