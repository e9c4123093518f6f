"""The gap ranking on a constructed case, with the numbers behind each rank worked out by hand.

BE21 (Kempen, Belgium: Dutch, French, German) has one partner institution, Geel; Porto is
about 1,600 km away, beyond the 300 km reach.

    skill              demand           supply within reach            score
    weld metal         2 + 4 = 6        k4 at Geel              = 1     6 / 2   = 3.0
    adapt to climate   1 + 3 = 4        k3 teaches a narrower   = 0.6   4 / 1.6 = 2.5
    analyse data       3 + 1 = 4        k1 online               = 1     4 / 2   = 2.0
    restore peatland   1                k5 is unpublished       = 0     1 / 1   = 1.0
"""

from decimal import Decimal

import pytest

from campus.impact.selectors import DemandFilter, region_by_code, skills_gap


def _by_label(report):
    return {row.skill.label: row for row in report.rows}


def test_region_gap_ranks_by_demand_over_supply_within_reach(alliance):
    report = skills_gap(DemandFilter(region=alliance["kempen"]))

    assert [(r.rank, r.skill.label, r.score) for r in report.rows] == [
        (1, "weld metal", 3.0),
        (2, "adapt to climate change", 2.5),
        (3, "analyse data", 2.0),
        (4, "restore peatland", 1.0),
    ]
    rows = _by_label(report)
    weld = rows["weld metal"]
    assert (weld.demand.challenge_weight, weld.demand.survey_weight) == (Decimal(2), Decimal(4))
    assert (weld.supply.courses_in_reach, weld.supply.courses_anywhere) == (1, 2)
    climate = rows["adapt to climate change"]
    assert (climate.demand.requests, climate.demand.total) == (1, Decimal(4))
    assert (climate.supply.courses_in_reach, climate.supply.narrower_in_reach) == (0, 1)
    assert climate.supply.effective == pytest.approx(0.6)
    data = rows["analyse data"]
    assert (data.demand.challenges, data.demand.total) == (1, Decimal(4))
    assert data.supply.experts == 1


def test_the_courses_that_would_close_each_gap_out_of_reach_first(alliance):
    report = skills_gap(DemandFilter(region=alliance["kempen"]))
    rows = _by_label(report)
    courses = alliance["courses"]

    assert [(c.code, c.in_reach) for c in rows["weld metal"].courses] == [
        (courses["k2"].code, False),
        (courses["k4"].code, True),
    ]
    climate = rows["adapt to climate change"].courses
    assert [(c.code, c.related) for c in climate] == [(courses["k3"].code, True)]
    assert rows["restore peatland"].courses == []


def test_skills_no_course_teaches_anywhere(alliance):
    report = skills_gap(DemandFilter(region=alliance["kempen"]))

    # The peatland course is not published; climate adaptation has a course on a narrower skill.
    assert [r.skill.label for r in report.unserved] == ["restore peatland"]


def test_whole_alliance_counts_every_region_and_every_course(alliance):
    report = skills_gap(DemandFilter())

    # weld metal: 2 + 5 (Porto) + 4 = 11 over 1 + 2 courses.
    assert [(r.skill.label, r.score) for r in report.rows] == [
        ("weld metal", 3.667),
        ("adapt to climate change", 2.5),
        ("analyse data", 2.0),
        ("restore peatland", 1.0),
    ]


def test_porto_reaches_portuguese_courses_and_not_distant_english_ones(alliance):
    report = skills_gap(DemandFilter(region=alliance["porto"]))

    weld = _by_label(report)["weld metal"]
    assert (weld.demand.total, weld.supply.courses_in_reach, weld.score) == (Decimal(5), 1, 2.5)


def test_a_theme_counts_its_challenges_only(alliance):
    report = skills_gap(DemandFilter(region=alliance["kempen"], theme="green"))

    assert [(r.skill.label, r.demand.total) for r in report.rows] == [
        ("analyse data", Decimal(3)),
        ("weld metal", Decimal(2)),
    ]


def test_region_codes_are_found_case_aside_and_unknown_ones_are_none(alliance):
    assert region_by_code(" be21 ") == alliance["kempen"]
    assert region_by_code("ZZ99") is None
    assert region_by_code("") is None


def test_catalogue_supply_by_institution_language_mode_and_term(alliance):
    import datetime

    from campus.impact.selectors import catalogue_supply
    from tests.factories import RunFactory

    geel, ipp = alliance["geel"], alliance["ipp"]
    courses = alliance["courses"]
    RunFactory(course=courses["k2"], starts_on=datetime.date(2027, 2, 1))

    def labels(**filters):
        return [(r.skill.label, r.courses) for r in catalogue_supply(**filters)]

    # k5 is not published: restore peatland is supplied nowhere.
    assert labels() == [("weld metal", 2), ("analyse data", 1), ("assess flood risk", 1)]
    assert labels(institution=geel) == [("analyse data", 1), ("weld metal", 1)]
    assert labels(institution=ipp, language="nl") == [("assess flood risk", 1)]
    assert labels(mode="online") == [("analyse data", 1)]
    term = (datetime.date(2027, 1, 1), datetime.date(2027, 7, 31))
    assert labels(term=term) == [("weld metal", 1)]


def test_credentials_earned_count_beside_the_rank_where_the_holder_studies(alliance):
    from campus.catalog import services as catalog
    from campus.people.models import Role
    from tests.factories import PersonFactory, RunFactory

    geel = alliance["geel"]
    run = RunFactory(course=alliance["courses"]["k1"])
    lecturer = PersonFactory(institution=geel, roles=[Role.LECTURER])
    run.teachers.add(lecturer)
    student = PersonFactory(institution=geel, roles=[Role.STUDENT])
    enrolment = catalog.enrol(run=run, person=student, by=student)
    catalog.result_record(enrolment=enrolment, by=lecturer, ects_grade="B")

    kempen = _by_label(skills_gap(DemandFilter(region=alliance["kempen"])))
    alliance_wide = _by_label(skills_gap(DemandFilter()))

    assert kempen["analyse data"].supply.credentials == 1
    assert alliance_wide["analyse data"].supply.credentials == 1
    # A credential says the region has people with the skill; it does not lower the gap.
    assert kempen["analyse data"].score == 2.0
