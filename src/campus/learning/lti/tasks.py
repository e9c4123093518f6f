"""Background work of the LTI tool, run by ``manage.py db_worker``: a recorded result's score
posted to the platform's line item (LTI Assignment and Grade Services, through the library)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector

from .outbound import PlatformSession, hosts_of
from .toolconf import registration_of

log = logging.getLogger(__name__)

# The score a platform's gradebook shows for an ECTS grade: the lower bound of the band the
# learning space's completion rule uses (decision 0015), out of 100; failing grades post 0.
SCORES = {"A": 90, "B": 80, "C": 70, "D": 65, "E": 50, "FX": 0, "F": 0}


@task()
def score_post(line_item_id: int, sub: str, enrolment_id: int) -> int | None:
    """Post an enrolment's result to a platform's line item; returns the score posted."""
    from campus.catalog.models import Enrolment

    from .models import LtiLineItem

    item = LtiLineItem.objects.select_related("resource_link__platform").get(pk=line_item_id)
    platform = item.resource_link.platform
    if not platform.active:
        return None
    enrolment = Enrolment.objects.get(pk=enrolment_id)
    if enrolment.ects_grade not in SCORES:
        return None
    score = SCORES[enrolment.ects_grade]
    session = PlatformSession(hosts_of(platform.auth_token_url, item.url))
    connector = ServiceConnector(registration_of(platform), session)
    service = AssignmentsGradesService(
        connector, {"scope": item.scopes, "lineitem": item.url, "lineitems": item.lineitems_url}
    )
    grade = (
        Grade()
        .set_score_given(score)
        .set_score_maximum(100)
        .set_timestamp(timezone.now().isoformat())
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(sub)
        .set_comment(f"ECTS {enrolment.ects_grade}")
    )
    try:
        service.put_grade(grade)
    except Exception:
        # The worker records the failed run; the log names the score still owed.
        log.exception("LTI: the score of enrolment %s could not reach %s", enrolment_id, item.url)
        raise
    log.info("LTI: posted %s for enrolment %s to %s", score, enrolment_id, item.url)
    return score
