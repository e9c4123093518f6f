"""A programme's credential is issued only when its rules are met, as the programme's
progress page counts them: every required module, and each elective group's ECTS minimum.
Tested at the edge of each rule; a result corrected below a rule revokes it; a credential
issued before the rules counted is revoked by the repair, with a reason, once."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from campus.catalog import services as catalog
from campus.catalog.selectors import programme_detail, programme_progress
from campus.credentials import services
from campus.credentials.models import Credential, CredentialSource
from campus.credentials.verification import verify
from campus.people.models import Role
from tests.factories import CourseFactory, PersonFactory, ProgrammeFactory, RunFactory

pytestmark = pytest.mark.django_db


class Minor:
    """Core: Climate adaptation (5) + Flood risk (5), all required; Electives: at least
    10 ECTS from Wetlands (5), Heat (4), Forests (6) and Soil (1). The student is enrolled in
    every module; ``pass_`` records a result."""

    def __init__(self, setup):
        self.setup = setup
        self.enrolments = {"Climate adaptation": setup.enrolment}
        courses = {"Climate adaptation": setup.course}
        for title, ects in [
            ("Flood risk", 5),
            ("Wetlands", 5),
            ("Heat", 4),
            ("Forests", 6),
            ("Soil", 1),
        ]:
            course = CourseFactory(hosts=[setup.home], title=title, ects=ects)
            run = RunFactory(course=course)
            run.teachers.add(setup.lecturer)
            courses[title] = course
            self.enrolments[title] = catalog.enrol(run=run, person=setup.student, by=setup.student)
        self.programme = ProgrammeFactory(
            institutions=[setup.home, setup.other], ects_total=20, title="Joint Minor in Floods"
        )
        core = self.programme.groups.create(name="Core", required=True, min_ects=10, position=0)
        core.courses.set([courses["Climate adaptation"], courses["Flood risk"]])
        electives = self.programme.groups.create(
            name="Electives", required=False, min_ects=10, position=1
        )
        electives.courses.set([courses[t] for t in ("Wetlands", "Heat", "Forests", "Soil")])
        self.achievement = services.achievement_for_programme(
            programme=self.programme, by=PersonFactory(roles=[Role.ADMIN])
        )

    def pass_(self, title, grade="B", ects_earned=None):
        catalog.result_record(
            enrolment=self.enrolments[title],
            by=self.setup.lecturer,
            ects_grade=grade,
            ects_earned=ects_earned,
        )

    def stacked(self):
        return Credential.objects.filter(
            achievement=self.achievement, person=self.setup.student, revoked_at__isnull=True
        ).first()

    def page_says_complete(self) -> bool:
        """What the programme's progress page shows the student."""
        progress = programme_progress(programme_detail(self.programme.code), self.setup.student)
        return progress.complete


@pytest.fixture
def minor(campus_setup):
    return Minor(campus_setup)


def test_the_core_modules_alone_do_not_earn_the_minor(minor):
    minor.pass_("Climate adaptation")
    minor.pass_("Flood risk")
    assert minor.stacked() is None
    assert not minor.page_says_complete()


def test_exactly_the_elective_minimum_earns_the_minor(minor):
    for title in ("Climate adaptation", "Flood risk", "Wetlands", "Heat"):
        minor.pass_(title)
    assert minor.stacked() is None  # 9 of 10 elective ECTS: one short
    assert not minor.page_says_complete()
    minor.pass_("Soil")  # 5 + 4 + 1 = exactly 10
    stacked = minor.stacked()
    assert stacked is not None and stacked.source == CredentialSource.STACKED
    assert minor.page_says_complete()
    assert verify(stacked.document).verified
    achievement = stacked.document["credentialSubject"]["achievement"]
    assert achievement["creditsAvailable"] == 20  # the whole minor, not only its core
    assert "at least 10 ECTS from Electives" in achievement["criteria"]["narrative"]


def test_electives_without_a_required_module_do_not_earn_the_minor(minor):
    for title in ("Climate adaptation", "Wetlands", "Forests"):
        minor.pass_(title)
    assert minor.stacked() is None
    assert not minor.page_says_complete()
    minor.pass_("Flood risk", grade="F")  # a failed required module is not completed
    assert minor.stacked() is None
    minor.pass_("Flood risk", grade="E")
    assert minor.stacked() is not None and minor.page_says_complete()


def test_partial_credits_count_as_earned_not_as_the_modules_size(minor):
    minor.pass_("Climate adaptation")
    minor.pass_("Flood risk")
    minor.pass_("Wetlands")
    minor.pass_("Forests", ects_earned="4.5")  # 5 + 4.5: half an ECTS short
    assert minor.stacked() is None and not minor.page_says_complete()
    minor.pass_("Forests", ects_earned="5")
    assert minor.stacked() is not None and minor.page_says_complete()


def test_an_elective_corrected_to_a_fail_revokes_the_minor_with_the_rule_it_breaks(minor):
    for title in ("Climate adaptation", "Flood risk", "Wetlands", "Heat", "Soil"):
        minor.pass_(title)
    stacked = minor.stacked()
    minor.pass_("Soil", grade="F")
    stacked.refresh_from_db()
    assert stacked.state == "revoked"
    assert stacked.status_reason == (
        "The programme's rules are no longer met: Electives: 9 of at least 10 ECTS completed."
    )
    assert not verify(stacked.document).verified
    assert not minor.page_says_complete()
    notice = minor.setup.student.notifications.order_by("-pk").first()
    assert "Joint Minor in Floods was revoked" in notice.message
    # another elective makes up for it: the minor is issued again
    minor.pass_("Forests")
    again = minor.stacked()
    assert again is not None and again.pk != stacked.pk


def test_the_repair_revokes_a_minor_issued_on_its_core_alone_once(minor, client):
    minor.pass_("Climate adaptation")
    minor.pass_("Flood risk")
    minor.pass_("Wetlands")
    # what the campus did before the rules counted: holding the core was enough
    (wrong,) = services._issue(
        [
            services.Award(
                minor.setup.student, minor.achievement, services.STACK, CredentialSource.STACKED
            )
        ],
        by=None,
    )
    assert services.stacks_repair() == [wrong]
    wrong.refresh_from_db()
    assert wrong.state == "revoked"
    assert wrong.status_reason == (
        "Issued in error: the programme's rules were not met (Electives: 5 of at least 10 ECTS "
        "completed). It is issued again when they are."
    )
    assert list(wrong.events.values_list("action", flat=True)) == ["issued", "revoked"]
    assert not verify(wrong.document).verified
    notice = minor.setup.student.notifications.order_by("-pk").first()
    assert "was revoked: Issued in error" in notice.message
    assert services.stacks_repair() == []  # idempotent

    # the command runs the same repair and says what it did
    out = StringIO()
    call_command("credentials_repair_stacks", stdout=out)
    assert "No stacked credential was issued in error" in out.getvalue()

    # and the learner who completes the minor after all receives it
    minor.pass_("Forests")
    assert minor.stacked() is not None


def test_the_repair_leaves_earned_minors_alone(minor):
    for title in ("Climate adaptation", "Flood risk", "Forests", "Heat"):
        minor.pass_(title)
    stacked = minor.stacked()
    assert stacked is not None
    assert services.stacks_repair() == []
    stacked.refresh_from_db()
    assert stacked.state == "active"


def test_the_repair_command_names_what_it_revoked(minor):
    minor.pass_("Climate adaptation")
    minor.pass_("Flood risk")
    services._issue(
        [
            services.Award(
                minor.setup.student, minor.achievement, services.STACK, CredentialSource.STACKED
            )
        ],
        by=None,
    )
    out = StringIO()
    call_command("credentials_repair_stacks", stdout=out)
    text = out.getvalue()
    assert "Revoked 1 stacked credential issued in error" in text
    assert "Joint Minor in Floods" in text and minor.setup.student.email in text
    assert Decimal(minor.achievement.ects) == 20
