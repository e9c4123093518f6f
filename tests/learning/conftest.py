"""A run with a learning space whose numbers the tests know: two sections, three units, two
quizzes (one timed, drawing two of its bank's three questions), a completion rule; a lecturer
teaching it and two enrolled learners."""

import datetime

import pytest
from django.utils import timezone

from campus.catalog import services as catalog
from campus.learning.models import (
    CompletionRule,
    Question,
    QuestionBank,
    Quiz,
    Section,
    Unit,
)
from campus.people.models import Role
from tests.factories import CourseFactory, InstitutionFactory, PersonFactory, RunFactory

SINGLE = {
    "options": [{"key": "a", "text": "Wind"}, {"key": "b", "text": "Coal"}],
    "correct": "a",
    "feedback": {"correct": "Yes: wind is renewable.", "incorrect": "Coal is not renewable."},
}
NUMERIC = {"answer": 3.6, "tolerance": 0.05, "unit": "MJ"}
MULTIPLE = {
    "options": [
        {"key": "a", "text": "Solar"},
        {"key": "b", "text": "Hydro"},
        {"key": "c", "text": "Diesel"},
    ],
    "correct": ["a", "b"],
}
TEXT = {"patterns": ["photo*synthesis"]}
MATCHING = {
    "pairs": [{"left": "kWh", "right": "energy"}, {"left": "kW", "right": "power"}],
    "distractors": ["voltage"],
}


def question(bank, kind, spec, position, points=1):
    return Question.objects.create(
        bank=bank, kind=kind, spec=spec, position=position, points=points, text=f"{kind}?"
    )


@pytest.fixture
def space(db):
    geel = InstitutionFactory(short_name="Thomas More")
    course = CourseFactory(hosts=[geel], title="Energy for citizens", ects=3)
    today = timezone.localdate()
    # Under way: its quizzes are open (a run's quizzes open on its first day).
    run = RunFactory(
        course=course,
        label="MOOC 2027",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=80),
    )
    lecturer = PersonFactory(institution=geel, roles=[Role.LECTURER], display_name="Lena Lecturer")
    run.teachers.add(lecturer)
    learners = [
        PersonFactory(display_name=name, roles=[Role.LIFELONG_LEARNER])
        for name in ("Lea Learner", "Otto Other")
    ]
    enrolments = [catalog.enrol(run=run, person=p, by=p) for p in learners]
    week1 = Section.objects.create(run=run, position=1, title="Week 1")
    week2 = Section.objects.create(run=run, position=2, title="Week 2")
    units = [
        Unit.objects.create(section=week1, position=1, title="What energy is", body="# Energy"),
        Unit.objects.create(section=week1, position=2, title="Power and energy", body="Text."),
        Unit.objects.create(section=week2, position=1, title="Renewables", body="More."),
    ]
    bank1 = QuestionBank.objects.create(run=run, title="Basics")
    q1 = question(bank1, "single", SINGLE, 1)
    q2 = question(bank1, "numeric", NUMERIC, 2, points=2)
    bank2 = QuestionBank.objects.create(run=run, title="Sources")
    q3 = question(bank2, "multiple", MULTIPLE, 1)
    q4 = question(bank2, "text", TEXT, 2)
    q5 = question(bank2, "matching", MATCHING, 3)
    basics = Quiz.objects.create(unit=units[1], title="Basics", bank=bank1, shuffle=False)
    sources = Quiz.objects.create(
        unit=units[2], title="Sources", bank=bank2, pick=2, time_limit_minutes=10
    )
    CompletionRule.objects.create(run=run, quizzes_min_percent=60)
    return {
        "run": run, "lecturer": lecturer, "learners": learners, "enrolments": enrolments,
        "units": units, "quizzes": (basics, sources), "questions": (q1, q2, q3, q4, q5),
    }  # fmt: skip
