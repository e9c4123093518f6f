"""Issue a credential when the catalogue records a passing result."""

from campus.catalog.signals import result_recorded


def _on_result(sender, enrolment, by, **kwargs) -> None:
    from .services import issue_for_result

    issue_for_result(enrolment=enrolment, by=by)


def connect() -> None:
    result_recorded.connect(_on_result, dispatch_uid="credentials-issue-on-result")
