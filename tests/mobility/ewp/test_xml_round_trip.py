"""Whatever text, numbers and times a learning agreement holds, it comes back from EWP XML."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.mobility.ewp.document import Credit, Signature, Student
from campus.mobility.ewp.xml import parse, render, validate
from tests.mobility.ewp.samples import agreement, every_kind_first_version

# What XML 1.0 carries as element text and the campus stores: no control characters, no lone
# surrogates, and line ends as "\n" (render writes "\r\n" as "\n", as any parser reads it).
text = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\ufffe\uffff",
        min_codepoint=0x20,
    )
    | st.sampled_from("\t\n"),
    max_size=40,
)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**6)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# hypothesis takes naive bounds and adds the time zones itself
EARLIEST, LATEST = datetime(1900, 1, 1), datetime(2200, 1, 1)  # noqa: DTZ001
moments = st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=offsets)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=text,
    conditions=st.none() | text,
    given_names=text,
    birth_date=st.dates(),
    ects=decimals,
    hours=decimals,
    signed_at=moments,
    signer=st.none() | text,
)
def test_what_the_campus_holds_survives_the_round_trip(
    title, conditions, given_names, birth_date, ects, hours, signed_at, signer
):
    version = every_kind_first_version()
    recognized = replace(
        version.components_recognized[0],
        title=title,
        recognition_conditions=conditions,
        credits=(Credit(scheme="ects", value=ects), Credit(scheme="hours", value=hours)),
    )
    document = agreement(
        student=replace(agreement().student, given_names=given_names, birth_date=birth_date),
        first_version=replace(
            version,
            components_recognized=(recognized,),
            sending_hei_signature=Signature(timestamp=signed_at, signer_name=signer),
        ),
    )

    data = render([document])

    validate(data)
    assert parse(data) == [document]


def test_line_ends_from_a_text_area_are_written_as_xml_reads_them():
    document = agreement(student=Student(given_names="Maria\r\nJosé\rAna"))

    [read] = parse(render([document]))

    assert read.student.given_names == "Maria\nJosé\nAna"


def test_a_signature_time_keeps_its_instant():
    moment = datetime(2027, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    version = replace(every_kind_first_version(), student_signature=Signature(timestamp=moment))

    [read] = parse(render([agreement(first_version=version)]))

    assert read.first_version.student_signature.timestamp == datetime(2027, 3, 2, 4, 30, tzinfo=UTC)
