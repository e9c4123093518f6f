"""Every write of the catalogue app, one module per part; each service is also importable from
here (``from campus.catalog import services``), which is how other apps call them.

- ``catalogue``: courses and runs (coordinators).
- ``programmes``: joint programmes (alliance administrators).
- ``records``: a person's records: enrolment, withdrawal, admission, results.
- ``teaching``: the bulk writes of teachers and coordinators (all results of a run, a
  catalogue import), all rows or none.

Reads are in ``campus.catalog.selectors``.
"""

from .catalogue import (
    COURSE_FIELD_ORDER,
    course_create,
    course_update,
    run_close,
    run_create,
    run_update,
)
from .programmes import programme_create
from .records import (
    CreditLine,
    credits_recognise,
    enrol,
    enrolment_admit,
    enrolment_withdraw,
    result_record,
    result_record_by_rule,
)
from .teaching import CourseRow, ResultRow, RowErrors, catalogue_import, results_record_all

__all__ = [
    "COURSE_FIELD_ORDER",
    "CourseRow",
    "CreditLine",
    "ResultRow",
    "RowErrors",
    "catalogue_import",
    "course_create",
    "course_update",
    "credits_recognise",
    "enrol",
    "enrolment_admit",
    "enrolment_withdraw",
    "programme_create",
    "result_record",
    "result_record_by_rule",
    "results_record_all",
    "run_close",
    "run_create",
    "run_update",
]
