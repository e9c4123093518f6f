"""Every operation of /api/v1 under schemathesis: anonymous, as a student, as a coordinator.

The cases run in-process against the WSGI application on the test database (SQLite or
PostgreSQL, as the suite runs), derandomised so that a failure comes back on the next run.
Checks: no server error, and every answer inside what the OpenAPI document declares (status
code, content type, body schema). The figures print at the end of the module (``-s``).
"""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup, ServerError
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from campus.alliance import services as alliance_services
from campus.alliance.models import GovernanceBodyKind, MembershipRole
from campus.api import api
from campus.catalog import services as catalog_services
from campus.challenges import services as challenge_services
from campus.challenges.models import Team, TeamMember
from campus.people import services as people_services
from campus.people.models import Role
from campus.wsgi import application
from tests.challenges.conftest import challenge_fields
from tests.factories import (
    CourseFactory,
    InstitutionFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RunFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

#: Cases per operation and caller (half positive, half negative): 40 operations x 3 callers
#: x 8 = 960 cases, within a minute on two cores on either database.
CASES_PER_OPERATION = 8
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


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called as a WSGI application, Django closes the database connection when a request
    ends, and with it the test's transaction on PostgreSQL; the test client stops that the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world():
    """A small campus for the callers to find: an institution with a student and its
    coordinator, a course run the student takes, a governance body with a member, an open
    challenge with a team the student is in; and each caller's request headers."""
    region = RegionFactory(code="BE21")
    home = InstitutionFactory(region=region)
    student = PersonFactory(institution=home, roles=[Role.STUDENT])
    coordinator = PersonFactory(institution=home, roles=[Role.COORDINATOR])
    admin = PersonFactory(roles=[Role.ADMIN])
    run = RunFactory(course=CourseFactory(hosts=[home]))
    enrolment = catalog_services.enrol(run=run, person=student, by=student)
    body = alliance_services.governance_body_create(
        by=admin, name="Alliance Board", kind=GovernanceBodyKind.BOARD
    )
    alliance_services.membership_add(
        body=body, person=coordinator, role=MembershipRole.CHAIR, start=date(2025, 1, 1), by=admin
    )
    organisation = OrganisationFactory(region=region, partner_institution=home)
    stakeholder = PersonFactory(organisation=organisation, roles=[Role.STAKEHOLDER])
    skills = [SkillFactory(), SkillFactory()]
    challenge = challenge_services.challenge_create(
        by=stakeholder, organisation=organisation, **challenge_fields(skills)
    )
    challenge_services.challenge_submit(challenge=challenge, by=stakeholder)
    challenge_services.challenge_approve(challenge=challenge, by=coordinator, feedback="Good.")
    challenge_services.challenge_open(challenge=challenge, by=coordinator)
    team = Team.objects.create(challenge=challenge, slot=0, name="Team 1")
    TeamMember.objects.create(team=team, person=student, role="student")
    headers = {"anonymous": {}}
    for name, person in (("student", student), ("coordinator", coordinator)):
        _token, secret = people_services.api_token_create(person=person, name="fuzz", by=person)
        headers[name] = {"Authorization": f"Bearer {secret}"}
    known = {
        "code": home.code,
        "course_id": run.course_id,
        "run_id": run.pk,
        "enrolment_id": enrolment.pk,
        "challenge_id": challenge.pk,
        "team_id": team.pk,
    }
    return headers, known


def _strategy(operation, known):
    """Generated cases; for an operation on one object, half of them on an object that exists."""
    generated = st.one_of(
        operation.as_strategy(), operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
    )
    names = [parameter.name for parameter in operation.path_parameters]
    if names and all(name in known for name in names):
        pinned = operation.as_strategy(path_parameters={name: known[name] for name in names})
        return st.one_of(generated, pinned)
    return generated


@pytest.mark.parametrize("caller", ["anonymous", "student", "coordinator"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_answers_within_its_schema(operation, caller, world):
    failures: list[Failure] = []
    callers, known = world
    headers = callers[caller]

    @settings(
        max_examples=CASES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, known))
    def run(case):
        response = case.call(headers=headers)
        FIGURES["cases"] += 1
        FIGURES["server errors"] += response.status_code >= 500
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            failures.extend(group.exceptions)
        except Failure as failure:
            failures.append(failure)

    run()
    FIGURES["operations"].add(operation.label)
    FIGURES["schema violations"] += sum(not isinstance(f, ServerError) for f in failures)
    assert not failures, "\n\n".join(f"{f.title}: {f.message}" for f in failures[:5])
