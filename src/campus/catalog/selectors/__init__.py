"""Every read of the catalogue app that is more than a ``get()``, one module per part; each
selector is also importable from here (``from campus.catalog import selectors``).

- ``catalogue``: the public catalogue: courses searched, filtered and paged, one course,
  programmes listed (full-text search itself is ``campus.catalog.search``).
- ``programmes``: one programme's structure and a learner's progress through it.
- ``records``: who may take a place in a run, a person's enrolments, waiting-list positions,
  the transcript of records (as data; ``campus.catalog.transcript_pdf`` renders the PDF).
- ``teaching``: runs taught, participants, teacher candidates, the personal calendar feed.

Writes are in ``campus.catalog.services``.
"""

from .catalogue import (
    course_detail,
    courses_filter,
    courses_page,
    institutions_for_filter,
    programmes_list,
    runs_with_places,
    total_in_page,
)
from .programmes import (
    ProgrammeProgress,
    programme_detail,
    programme_list,
    programme_progress,
    programmes_progress,
)
from .records import (
    Transcript,
    enrolment_blockers,
    learner_category,
    may_assess,
    my_records,
    person_enrolments,
    places_left,
    transcript_data,
    transcript_of,
    waitlist_position,
    waitlist_positions,
)
from .teaching import (
    Participant,
    calendar_feed_url,
    calendar_person,
    calendar_run_events,
    calendar_runs,
    calendar_token,
    courses_coordinated,
    run_for_teaching,
    run_participants,
    runs_taught,
    teacher_candidates,
)

__all__ = [
    "Participant",
    "Transcript",
    "calendar_feed_url",
    "calendar_run_events",
    "calendar_person",
    "calendar_runs",
    "calendar_token",
    "course_detail",
    "courses_coordinated",
    "courses_filter",
    "courses_page",
    "enrolment_blockers",
    "institutions_for_filter",
    "learner_category",
    "may_assess",
    "my_records",
    "person_enrolments",
    "places_left",
    "programme_detail",
    "programme_list",
    "programme_progress",
    "programmes_progress",
    "ProgrammeProgress",
    "programmes_list",
    "run_for_teaching",
    "run_participants",
    "runs_taught",
    "runs_with_places",
    "teacher_candidates",
    "total_in_page",
    "transcript_data",
    "transcript_of",
    "waitlist_position",
    "waitlist_positions",
]
