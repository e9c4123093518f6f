"""The demo catalogue: all types and partners, programmes, and the demo accounts' learning."""

from decimal import Decimal

import pytest
from django.utils import timezone

from campus.alliance.models import Institution
from campus.catalog.models import (
    Course,
    CourseType,
    Enrolment,
    EnrolmentStatus,
    LearningOutcome,
    Programme,
    ProgrammeKind,
    Run,
)
from campus.catalog.selectors import programme_detail, programme_progress
from campus.people.models import Person
from campus_demo.catalog import COURSES_PER_SCALE, seed_catalogue
from campus_demo.seed import seed

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "courses": Course.objects.count(),
        "runs": Run.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "outcomes": LearningOutcome.objects.count(),
        "programmes": Programme.objects.count(),
        "results": Enrolment.objects.exclude(ects_grade="").count(),
    }


def test_the_demo_catalogue(client):
    """One seeding (it takes seconds), then every promise of the demo data is checked."""
    seed()  # the demo alliance and people; it ends by adding the catalogue
    seed_catalogue()  # harmless when seed() did it already
    seeded = _counts()
    seeding_again_adds_nothing(seeded)
    the_catalogue_covers_every_type_and_partner_with_outcomes_and_skills(seeded)
    runs_in_past_current_and_next_terms_with_a_full_run()
    programmes_include_two_joint_minors_and_a_joint_master()
    the_demo_student_has_completed_three_courses_at_two_partners(client)
    the_demo_learner_completed_a_flexible_course()
    the_demo_lecturer_teaches_a_current_run_with_participants()


def seeding_again_adds_nothing(seeded):
    report = seed_catalogue()
    assert report.courses_created == 0 and report.enrolments_created == 0
    assert report.programmes_created == 0
    assert _counts() == seeded


def the_catalogue_covers_every_type_and_partner_with_outcomes_and_skills(seeded):
    assert seeded["courses"] >= COURSES_PER_SCALE
    assert set(Course.objects.values_list("type", flat=True)) == set(CourseType.values)
    hosts = set(Course.objects.values_list("hosts__pk", flat=True))
    assert hosts == set(Institution.objects.values_list("pk", flat=True)) and len(hosts) == 9
    assert Course.objects.exclude(title_local="").count() >= seeded["courses"] // 2
    for course in Course.objects.prefetch_related("outcomes__skills")[:20]:
        assert 2 <= len(course.outcomes.all()) <= 4
        assert any(o.skills.all() for o in course.outcomes.all())
        assert Decimal("2.5") <= course.ects <= 15 and 5 <= course.eqf_level <= 7
    assert Course.prerequisites.through.objects.exists()
    flexible = Course.objects.filter(type__in=[CourseType.FLEXIBLE, CourseType.MOOC])
    assert flexible.filter(fee_external__gt=0).exists()


def runs_in_past_current_and_next_terms_with_a_full_run():
    today = timezone.localdate()
    assert Run.objects.filter(ends_on__lt=today, closed_at__isnull=False).exists()
    assert Run.objects.filter(starts_on__lte=today, ends_on__gte=today).exists()
    open_now = Run.objects.filter(enrolment_opens__lte=today, enrolment_closes__gte=today)
    assert open_now.filter(starts_on__gt=today).exists()
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {"enrolled", "waitlisted", "completed", "failed"} <= statuses
    waiting = Enrolment.objects.filter(status=EnrolmentStatus.WAITLISTED).values("run").first()
    full = Run.objects.get(pk=waiting["run"])
    seated = full.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    assert seated == full.capacity and full.closed_at is None


def programmes_include_two_joint_minors_and_a_joint_master():
    kinds = list(Programme.objects.values_list("kind", flat=True))
    assert kinds.count(ProgrammeKind.JOINT_MINOR) >= 2
    assert kinds.count(ProgrammeKind.JOINT_MASTER) >= 1
    master = Programme.objects.get(kind=ProgrammeKind.JOINT_MASTER)
    assert master.ects_total in (90, 120) and master.eqf_level == 7
    for programme in Programme.objects.prefetch_related("groups__courses", "institutions"):
        assert programme.institutions.count() >= 2
        groups = list(programme.groups.all())
        assert any(g.required for g in groups) and any(not g.required for g in groups)
        assert sum(g.min_ects for g in groups) == programme.ects_total


def the_demo_student_has_completed_three_courses_at_two_partners(client):
    student = Person.objects.get(email="student@campus.test")
    done = Enrolment.objects.filter(person=student, status=EnrolmentStatus.COMPLETED)
    assert done.count() >= 3
    assert len(set(done.values_list("run__course__hosts", flat=True))) >= 2
    for enrolment in done.select_related("assessor", "run"):
        if enrolment.assessor_id is None:
            # Completed by its learning space's rules (the demo MOOC): no one assessed it.
            assert enrolment.run.completion_rule is not None
            continue
        assert enrolment.run.teachers.filter(pk=enrolment.assessor_id).exists()
        assert enrolment.local_grade and enrolment.ects_grade in "ABCDE"
        assert enrolment.run.closed_at is not None
    current = Enrolment.objects.get(person=student, status=EnrolmentStatus.ENROLLED)
    minor = Programme.objects.get(groups__courses=current.run.course)
    assert minor.kind == ProgrammeKind.JOINT_MINOR

    progress = programme_progress(programme_detail(minor.code), student)
    assert progress.started and progress.modules_done >= 1 and progress.modules_in_progress == 1
    client.force_login(student)
    html = client.get(minor.get_absolute_url()).content.decode()
    assert "Your progress" in html and "<progress" in html


def the_demo_learner_completed_a_flexible_course():
    learner = Person.objects.get(email="learner@campus.test")
    assert Enrolment.objects.filter(
        person=learner, status=EnrolmentStatus.COMPLETED, run__course__type=CourseType.FLEXIBLE
    ).exists()


def the_demo_lecturer_teaches_a_current_run_with_participants():
    today = timezone.localdate()
    lecturer = Person.objects.get(email="lecturer@campus.test")
    runs = lecturer.teaching_runs.all()
    assert runs.count() >= 2
    current = runs.filter(starts_on__lte=today, ends_on__gte=today)
    assert any(r.enrolments.filter(status=EnrolmentStatus.ENROLLED).exists() for r in current)
