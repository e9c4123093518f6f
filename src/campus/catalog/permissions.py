"""Who may do what in the catalogue; registered with the one permission helper.

Courses belong to their host institutions: a coordinator of any host acts on the course
and its runs. Lecturers teaching a run see its participants and record their results.
Learners act on their own enrolments.
"""

from campus.people.models import Role
from campus.permissions import Action, coordinates, register_rule


def _coordinates_any(user, institution_ids) -> bool:
    return any(coordinates(user, institution_id) for institution_id in institution_ids)


def _host_ids(course) -> list[int]:
    return [host.pk for host in course.hosts.all()]


def course_rule(user, action, course) -> bool:
    if (
        course is None
    ):  # creating: a coordinator, for their own institution (checked again by the service)
        return (
            action == Action.CREATE
            and user.has_role(Role.COORDINATOR)
            and user.institution_id is not None
        )
    return action in (Action.VIEW, Action.CHANGE, Action.CREATE) and _coordinates_any(
        user, _host_ids(course)
    )


def run_rule(user, action, run) -> bool:
    if run is None:
        return False
    if _coordinates_any(user, _host_ids(run.course)):
        return action in (Action.VIEW, Action.CHANGE, Action.CREATE, Action.ASSESS, Action.DELETE)
    teaches = any(teacher.pk == user.pk for teacher in run.teachers.all())
    return teaches and action in (Action.VIEW, Action.ASSESS)


def enrolment_rule(user, action, enrolment) -> bool:
    if enrolment is None:
        return False
    if enrolment.person_id == user.pk and action in (Action.VIEW, Action.CHANGE):
        return True
    return run_rule(user, action, enrolment.run)


def recognised_credit_rule(user, action, credit) -> bool:
    if credit is None:
        return False
    if credit.person_id == user.pk:
        return action == Action.VIEW
    return action in (Action.VIEW, Action.CREATE) and coordinates(user, credit.institution_id)


def register() -> None:
    register_rule("catalog.course", course_rule)
    register_rule("catalog.run", run_rule)
    register_rule("catalog.enrolment", enrolment_rule)
    register_rule("catalog.recognisedcredit", recognised_credit_rule)
    register_rule("catalog.programme", lambda user, action, obj: False)
    register_rule("catalog.learningoutcome", lambda user, action, obj: False)
