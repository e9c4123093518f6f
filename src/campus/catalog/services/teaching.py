"""Teaching and coordination: the bulk writes (all results of a run, a catalogue import) that go through the catalogue's
services row by row, in one transaction: every row is saved, or none.

A bulk write checks every row before it gives up, so that a preview can list all the
problems at once: each row runs in its own savepoint; when any row fails, the whole
transaction is rolled back and ``RowErrors`` names the rows. ``dry_run=True`` does the
same work and always rolls back: the preview is the real write, undone.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person
from campus.permissions import Action, require
from campus.service_errors import error_messages

from ..models import Course, Enrolment, Run
from . import catalogue, records


class RowErrors(ValidationError):
    """A bulk write failed; ``rows`` maps each failing row number to its messages."""

    def __init__(self, rows: dict[int, list[str]]):
        self.rows = rows
        super().__init__(
            [
                _("row %(row)s: %(message)s") % {"row": row, "message": " ".join(messages)}
                for row, messages in sorted(rows.items())
            ]
        )


# --- results of a run, all at once ---------------------------------------------------------


@dataclass
class ResultRow:
    """One result to record; ``row`` numbers it in the file or request it came from."""

    row: int
    enrolment: Enrolment | None
    ects_grade: str
    local_grade: str = ""
    ects_earned: Any = None
    result_date: datetime.date | None = None
    email: str = ""
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def results_record_all(
    *, run: Run, by: Person, rows: Sequence[ResultRow], dry_run: bool = False
) -> list[Enrolment]:
    """Record the results of many participants of one run: all of them, or none.

    Raises ``RowErrors`` naming every row that fails (including rows whose ``errors`` were
    found while reading them); with ``dry_run`` everything is checked and nothing is kept.
    """
    require(by, Action.ASSESS, run)
    if not rows:
        raise ValidationError(_("There are no results to record."))
    failures: dict[int, list[str]] = {}
    seen: dict[int, int] = {}
    saved = []
    with transaction.atomic():
        for item in rows:
            if item.errors:
                failures[item.row] = list(item.errors)
                continue
            if item.enrolment is None or item.enrolment.run_id != run.pk:
                failures[item.row] = [_("This person is not a participant of this run.")]
                continue
            if item.enrolment.pk in seen:
                failures[item.row] = [
                    _("This participant has a result in row %(row)s already.")
                    % {"row": seen[item.enrolment.pk]}
                ]
                continue
            seen[item.enrolment.pk] = item.row
            try:
                saved.append(
                    records.result_record(
                        enrolment=item.enrolment,
                        by=by,
                        ects_grade=item.ects_grade,
                        local_grade=item.local_grade,
                        ects_earned=item.ects_earned,
                        result_date=item.result_date,
                    )
                )
            except (ValidationError, PermissionDenied) as error:
                failures[item.row] = error_messages(error)
        if failures or dry_run:
            transaction.set_rollback(True)
    if failures:
        raise RowErrors(failures)
    return saved


# --- the catalogue, imported ---------------------------------------------------------------


@dataclass
class CourseRow:
    """One course read from a file: fields for ``course_create``/``course_update``."""

    row: int
    code: str
    fields: dict[str, Any] = field(default_factory=dict)
    hosts: list[Institution] | None = None
    outcomes: list[tuple[str, list[str]]] | None = None
    prerequisite_codes: list[str] | None = None
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "create" or "update", set by catalogue_import


@transaction.atomic
def catalogue_import(
    *, by: Person, rows: Sequence[CourseRow], dry_run: bool = False
) -> list[CourseRow]:
    """Create or update (by code) every course of a file through the catalogue's services,
    then link the prerequisites, which may name courses defined further down the file.

    All or nothing: raises ``RowErrors`` when any row fails; ``dry_run`` checks and keeps
    nothing. Returns the rows, each with its ``action``.
    """
    require(by, Action.CREATE, Course)
    if not rows:
        raise ValidationError(_("The file has no courses."))
    failures: dict[int, list[str]] = {}
    codes = [r.code for r in rows]
    existing = {c.code: c for c in Course.objects.filter(code__in=codes)}
    in_file: dict[str, int] = {}
    saved: dict[str, Course] = {}
    later: list[CourseRow] = []
    with transaction.atomic():
        for item in rows:
            item.action = "update" if item.code in existing else "create"
            if item.code in in_file:
                failures[item.row] = [
                    _("The code %(code)s is in row %(row)s already.")
                    % {"code": item.code, "row": in_file[item.code]}
                ]
                continue
            in_file[item.code] = item.row
            if item.errors:
                failures[item.row] = list(item.errors)
                continue
            prerequisite_codes = item.prerequisite_codes
            defined_here = bool(prerequisite_codes) and any(c in codes for c in prerequisite_codes)
            extra: dict[str, Any] = {}
            if item.outcomes is not None:
                extra["outcomes"] = item.outcomes
            if prerequisite_codes is not None and not defined_here:
                extra["prerequisites"] = list(Course.objects.filter(code__in=prerequisite_codes))
            try:
                with transaction.atomic():
                    if item.action == "update":
                        if item.hosts is not None:
                            extra["hosts"] = item.hosts
                        course = catalogue.course_update(
                            course=existing[item.code], by=by, **item.fields, **extra
                        )
                    else:
                        course = catalogue.course_create(
                            by=by, hosts=item.hosts or [], **item.fields, **extra
                        )
            except (ValidationError, PermissionDenied) as error:
                failures[item.row] = error_messages(error)
                continue
            saved[item.code] = course
            if defined_here:
                later.append(item)
        for item in later:
            prerequisites = [
                saved.get(code) or existing.get(code) for code in item.prerequisite_codes or ()
            ]
            if any(p is None for p in prerequisites):
                failures.setdefault(item.row, []).append(
                    _("A prerequisite of this course could not be imported.")
                )
                continue
            try:
                with transaction.atomic():
                    catalogue.course_update(
                        course=saved[item.code], by=by, prerequisites=prerequisites
                    )
            except (ValidationError, PermissionDenied) as error:
                failures.setdefault(item.row, []).extend(error_messages(error))
        if failures or dry_run:
            transaction.set_rollback(True)
    if failures:
        raise RowErrors(failures)
    return list(rows)
