"""Issue a credential when the catalogue records a passing result.

Issuing runs in a savepoint of the result's transaction: a credential that cannot be issued
(say, a course without a host to award it) never stops the result from being recorded;
it is logged, and the lecturer's "Issue missing credentials" fills the gap later.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from campus.catalog.signals import result_recorded

log = logging.getLogger(__name__)


def _on_result(sender, enrolment, by, **kwargs) -> None:
    from .services import issue_for_result

    try:
        with transaction.atomic():
            issue_for_result(enrolment=enrolment, by=by)
    except ValidationError:
        log.warning("no credential for enrolment %s", enrolment.pk, exc_info=True)


def connect() -> None:
    result_recorded.connect(_on_result, dispatch_uid="credentials-issue-on-result")
