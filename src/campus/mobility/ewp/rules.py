"""The rules of omobility-las-get-response 1.2.0 that its grammar leaves to its documentation.

``xml.validate`` checks the XSD; the schema's annotations add MUST and MUST NOT rules that no
validator sees (a receiving HEI's signature outside a changes proposal, a status on every
change and on nothing else, a short description on every virtual component...). The campus
checks its own documents with :func:`problems` before it publishes them; documents read from
partners are only validated, since EWP clients are told to be lenient about them.

Plain data in and out; no Django.
"""

from __future__ import annotations

from .document import (
    Component,
    ComponentStatus,
    LearningAgreement,
    ListOfComponents,
    ReasonCode,
    Signature,
)

_DELETION_REASONS = {
    ReasonCode.NOT_AVAILABLE,
    ReasonCode.LANGUAGE_MISMATCH,
    ReasonCode.TIMETABLE_CONFLICT,
}
# ``global-id`` is left out: the campus does not hold a European Student Identifier for everyone
_REQUIRED_STUDENT_FIELDS = (
    "given_names",
    "family_name",
    "birth_date",
    "citizenship",
    "gender",
    "email",
)


def problems(agreement: LearningAgreement) -> list[str]:
    """Every documented rule ``agreement`` breaks, as ``where: what`` messages; [] when none."""
    found = []
    missing = [
        name.replace("_", "-")
        for name in _REQUIRED_STUDENT_FIELDS
        if getattr(agreement.student, name) is None
    ]
    if missing:
        found.append(f"student: {', '.join(missing)} must be given outside a changes proposal")
    if not agreement.sending_hei.ounit_name:
        found.append("sending-hei: ounit-name must be given for the sending HEI")
    if agreement.first_version is None and agreement.changes_proposal is None:
        found.append("la: a first-version or a changes-proposal must be given")
    first = agreement.first_version
    if (
        agreement.changes_proposal is not None
        and first is not None
        and (first.blended_mobility_components or first.short_term_doctoral_components)
    ):
        found.append(
            "changes-proposal: a blended or short-term doctoral mobility must not change "
            "after its first version is agreed"
        )
    versions = (
        # (element, version, whether its components are changes to the first version)
        ("first-version", agreement.first_version, False),
        ("approved-changes", agreement.approved_changes, True),
        ("changes-proposal", agreement.changes_proposal, agreement.first_version is not None),
    )
    for where, version, changes in versions:
        if version is not None:
            found.extend(_version_problems(where, version, changes))
    return found


def _version_problems(where: str, version: ListOfComponents, changes: bool) -> list[str]:
    found = []
    if version.receiving_hei_signature is None and where != "changes-proposal":
        found.append(f"{where}: the receiving HEI's signature must be given")
    for tag, signature in (
        ("sending-hei-signature", version.sending_hei_signature),
        ("receiving-hei-signature", version.receiving_hei_signature),
    ):
        if signature is not None and not _names_the_signer(signature):
            found.append(
                f"{where}/{tag}: signer-name, signer-position and signer-email must be set"
            )
    for tag, components in version.component_lists():
        if components is None:
            continue
        if not components and tag in (
            "blended-mobility-components",
            "short-term-doctoral-components",
        ):
            found.append(f"{where}/{tag}: must hold at least one component when present")
        if (
            tag == "blended-mobility-components"
            and components
            and not any(component.short_description for component in components)
        ):
            found.append(f"{where}/{tag}: at least one component needs a short-description")
        for n, component in enumerate(components, start=1):
            path = f"{where}/{tag}/component[{n}]"
            found.extend(f"{path}: {p}" for p in _component_problems(tag, component, changes))
    return found


def _names_the_signer(signature: Signature) -> bool:
    return bool(signature.signer_name and signature.signer_position and signature.signer_email)


def _component_problems(tag: str, component: Component, changes: bool) -> list[str]:
    found = []
    if changes and component.status is None:
        found.append("a change must have a status (inserted or deleted)")
    if not changes and component.status is not None:
        found.append("only a change to the first version has a status")
    if component.reason_code is not None and component.status is not None:
        deleted = component.status is ComponentStatus.DELETED
        if (component.reason_code in _DELETION_REASONS) != deleted:
            found.append(
                f"reason-code {component.reason_code} is not for a {component.status} component"
            )
    if tag in ("components-studied", "components-recognized"):
        if component.term_id is None:
            found.append("term-id must be given")
        if component.short_description is not None:
            found.append("short-description is only for virtual, blended and doctoral components")
    if tag == "components-studied" and component.recognition_conditions is not None:
        found.append("recognition-conditions must not be given for a component studied")
    if tag == "virtual-components" and not component.short_description:
        found.append("a virtual component needs a short-description")
    return found
