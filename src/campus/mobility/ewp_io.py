"""The campus's learning agreements as Erasmus Without Paper documents, both ways.

``agreement_document`` turns a learning agreement (its versions, components and signatures)
into the plain EWP document of ``campus.mobility.ewp.document``; ``agreements_xml`` renders
several as one ``omobility-las-get-response`` and checks it against the EWP schema before it
leaves the campus. ``agreements_import`` reads such a response back into learning agreements.

How the campus's model meets EWP's (docs/decisions/0012-ewp-learning-agreements.md):

- A version of the campus holds whole tables; in EWP only the first version does, and both
  ``approved-changes`` and a ``changes-proposal`` list their components as changes to the first
  version (``status`` inserted or deleted). Export compares each later version with the first;
  import adds the inserted components to the first version's and drops the deleted ones.
- EWP shows a version only once the student and the sending institution have signed it: the
  first version once both did (the receiving institution may not yet have), the latest
  approved later version as ``approved-changes``, and the latest version after it as the
  ``changes-proposal`` once its student and sending signatures are there. An agreement with
  nothing signed so far has no EWP document yet.
- Institutions are named by their SCHAC code (``Institution.schac``); the sending
  institution's organisational unit is the institution itself (the campus has no units).
- A component's term is its ``term`` when written "1/2" (term 1 of 2), else the half of the
  academic year in which the mobility starts (August to January: 1 of 2).
- A mobility given in months (``start-year-month``) is kept as its first and last days.
- Not modelled, so not kept through an import: organisational units, the student's global id,
  the ISCED clarification, learning-opportunity ids, phone numbers, reason codes and texts of
  changes, the signers' application names, a contact person who is not a campus person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campus.alliance.models import Institution
from campus.people.models import Person
from campus.permissions import coordinates, is_alliance_admin

from .ewp import document as doc
from .ewp import xml as ewp_xml
from .models import (
    Component,
    ComponentTable,
    LearningAgreement,
    LearningAgreementVersion,
    MobilityEvent,
    Signature,
    SignatureRole,
    VersionKind,
    VersionStatus,
)

SIGNER_APP = "HEROES Virtual Campus"
# The campus's tables and EWP's lists of components, in the schema's order.
LISTS = {
    ComponentTable.STUDIED: "components_studied",
    ComponentTable.RECOGNISED: "components_recognized",
    ComponentTable.VIRTUAL: "virtual_components",
    ComponentTable.BLENDED: "blended_mobility_components",
}
_TERM = re.compile(r"^\s*(\d{1,2})\s*(?:/|of)\s*(\d{1,2})\s*$")


class NotInEwp(ValueError):
    """The agreement has nothing EWP may show yet (no version signed by student and sender)."""


# --- export ------------------------------------------------------------------------------------


def academic_year(day: date) -> str:
    """The academic year a day falls in, as EWP writes it: 2026-09-01 -> '2026/2027'."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}/{first + 1}"


def _term_id(term: str, starts_on: date) -> doc.TermId:
    found = _TERM.match(term or "")
    if found and 1 <= int(found[1]) <= int(found[2]):
        return doc.TermId(term_number=int(found[1]), total_terms=int(found[2]))
    return doc.TermId(
        term_number=1 if starts_on.month >= 8 or starts_on.month == 1 else 2, total_terms=2
    )


def _names(full: str) -> tuple[str, str]:
    given, _space, family = (full or "").strip().rpartition(" ")
    return (given, family) if given else (family, family)


def _key(component: Component) -> tuple:
    return (component.table, component.code, component.title, component.ects)


def _component(component: Component, agreement: LearningAgreement, status=None) -> doc.Component:
    table = component.table
    tabled = table in (ComponentTable.STUDIED, ComponentTable.RECOGNISED)
    return doc.Component(
        title=component.title,
        los_code=component.code or None,
        term_id=_term_id(component.term, agreement.starts_on) if tabled else None,
        credits=(doc.Credit(scheme=doc.ECTS, value=Decimal(component.ects)),),
        recognition_conditions=(
            component.recognition_conditions or None if table != ComponentTable.STUDIED else None
        ),
        short_description=None if tabled else component.title,
        status=status,
    )


def _lists(components: dict[str, list[doc.Component]]) -> dict:
    # Tables A and B are always present (empty ones too); C and D only when used.
    found = {}
    for table, field in LISTS.items():
        entries = components.get(table, [])
        if entries or table in (ComponentTable.STUDIED, ComponentTable.RECOGNISED):
            found[field] = tuple(entries)
    return found


def _signature(signature: Signature | None) -> doc.Signature | None:
    if signature is None:
        return None
    student = signature.role == SignatureRole.STUDENT
    return doc.Signature(
        timestamp=signature.signed_at,
        signer_name=None if student else signature.name,
        signer_position=None if student else (signature.position or _("Coordinator")),
        signer_email=None if student else signature.email,
        signer_app=SIGNER_APP,
    )


def _signed(version: LearningAgreementVersion) -> dict[str, Signature]:
    return {s.role: s for s in version.signatures.all()}


def _publishable(version: LearningAgreementVersion) -> bool:
    signed = _signed(version)
    return SignatureRole.STUDENT in signed and SignatureRole.SENDING in signed


def _version(
    version: LearningAgreementVersion,
    agreement: LearningAgreement,
    first: LearningAgreementVersion | None,
    *,
    proposal: bool,
):
    by_table: dict[str, list[doc.Component]] = {}
    mine = list(version.components.all())
    if first is None:  # the first version itself (or proposed as the first)
        for c in mine:
            by_table.setdefault(c.table, []).append(_component(c, agreement))
    else:  # changes to the first version
        before = {_key(c): c for c in first.components.all()}
        after = {_key(c): c for c in mine}
        for key, c in after.items():
            if key not in before:
                by_table.setdefault(c.table, []).append(
                    _component(c, agreement, doc.ComponentStatus.INSERTED)
                )
        for key, c in before.items():
            if key not in after:
                by_table.setdefault(c.table, []).append(
                    _component(c, agreement, doc.ComponentStatus.DELETED)
                )
    signed = _signed(version)
    fields = {
        "student_signature": _signature(signed[SignatureRole.STUDENT]),
        "sending_hei_signature": _signature(signed[SignatureRole.SENDING]),
        "receiving_hei_signature": _signature(signed.get(SignatureRole.RECEIVING)),
        **_lists(by_table),
    }
    if not proposal:
        return doc.ListOfComponents(**fields)
    draft = doc.ChangesProposal(id="-", **fields)
    return doc.ChangesProposal(id=ewp_xml.changes_proposal_id(draft), **fields)


def _contact(person: Person | None, signature: Signature | None) -> doc.ContactPerson:
    if person is not None:
        given, family = _names(person.display_name or person.email)
        return doc.ContactPerson(given_names=given, family_name=family, email=person.email)
    if signature is not None:
        given, family = _names(signature.name)
        return doc.ContactPerson(given_names=given, family_name=family, email=signature.email)
    raise NotInEwp(_("The agreement names no contact person."))


def _subject_area(agreement: LearningAgreement) -> str:
    fields = agreement.opportunity.isced_fields if agreement.opportunity_id else []
    found = agreement.isced_field or next(iter(fields or []), "")
    if not found:
        raise NotInEwp(_("EWP needs the subject area (ISCED-F) of the mobility."))
    return found


def agreement_document(agreement: LearningAgreement) -> doc.LearningAgreement:
    """The EWP document of an agreement whose versions, components and signatures are loaded
    (``selectors.agreement_detail``); NotInEwp when it has nothing EWP may show yet."""
    versions = sorted(agreement.versions.all(), key=lambda v: v.number)
    approved = [v for v in versions if v.status == VersionStatus.APPROVED]
    first = approved[0] if approved else None
    latest_approved = approved[-1] if approved else None
    later = [
        v
        for v in versions
        if v.status == VersionStatus.PENDING
        and (latest_approved is None or v.number > latest_approved.number)
    ]
    proposal = later[-1] if later and _publishable(later[-1]) else None
    if first is None and proposal is None:
        raise NotInEwp(
            _("EWP shows a learning agreement once its student and sending institution signed it.")
        )
    signed_any = {
        role: s for v in versions for role, s in _signed(v).items()
    }  # the latest signature of each party, for a contact person's fallback
    gender = agreement.student_gender
    return doc.LearningAgreement(
        omobility_id=agreement.omobility_id,
        sending_hei=doc.MobilityInstitution(
            hei_id=agreement.sending.schac,
            ounit_name=agreement.sending.name,
            contact_person=_contact(
                agreement.sending_contact, signed_any.get(SignatureRole.SENDING)
            ),
        ),
        receiving_hei=doc.MobilityInstitution(
            hei_id=agreement.receiving.schac,
            contact_person=_contact(
                agreement.receiving_contact, signed_any.get(SignatureRole.RECEIVING)
            ),
        ),
        receiving_academic_year_id=academic_year(agreement.starts_on),
        student=doc.Student(
            given_names=agreement.student_given_names,
            family_name=agreement.student_family_name or None,
            birth_date=agreement.student_birth_date,
            citizenship=agreement.student_citizenship or None,
            gender=doc.Gender(int(gender)) if gender else None,
            email=agreement.student_email,
        ),
        start=agreement.starts_on,
        end=agreement.ends_on,
        eqf_level_studied_at_departure=agreement.eqf_level,
        isced_f_code=_subject_area(agreement),
        student_language_skill=doc.LanguageSkill(
            language=agreement.language, cefr_level=agreement.language_level
        ),
        first_version=_version(first, agreement, None, proposal=False) if first else None,
        approved_changes=(
            _version(latest_approved, agreement, first, proposal=False)
            if latest_approved is not None and latest_approved is not first
            else None
        ),
        changes_proposal=(
            _version(proposal, agreement, first, proposal=True) if proposal is not None else None
        ),
    )


def agreements_xml(agreements: Iterable[LearningAgreement]) -> bytes:
    """One omobility-las-get-response of these agreements (those EWP may show)."""
    documents = []
    for agreement in agreements:
        try:
            documents.append(agreement_document(agreement))
        except NotInEwp:
            continue
    return documents_xml(documents)


def documents_xml(documents: list[doc.LearningAgreement]) -> bytes:
    """The response holding these documents, checked against the EWP schema before it is
    returned (EwpXmlInvalid would be a campus bug)."""
    data = ewp_xml.render(documents)
    ewp_xml.validate(data)
    return data


# --- import ------------------------------------------------------------------------------------


def _institution(hei_id: str) -> Institution:
    found = Institution.objects.filter(schac__iexact=hei_id).first()
    if found is None:
        raise ValidationError(
            _("No institution of the campus has the SCHAC code “%(hei)s”.") % {"hei": hei_id}
        )
    return found


def _person(email: str | None) -> Person | None:
    return Person.objects.filter(email__iexact=email).first() if email else None


def _import_components(agreement, version, components: dict[str, tuple]) -> None:
    rows = []
    for table, field in LISTS.items():
        for position, c in enumerate(components.get(field) or ()):
            term = f"{c.term_id.term_number}/{c.term_id.total_terms}" if c.term_id else ""
            rows.append(
                Component(
                    version=version,
                    table=table,
                    position=position,
                    code=c.los_code or "",
                    title=c.title,
                    term=term,
                    ects=c.ects if c.ects is not None else Decimal(0),
                    recognition_conditions=c.recognition_conditions or "",
                )
            )
    for row in rows:
        row.full_clean(exclude=["version"])
    Component.objects.bulk_create(rows)


def _tables(version: doc.ListOfComponents) -> dict[str, tuple]:
    return {field: getattr(version, field) or () for field in LISTS.values()}


def _applied(first: dict[str, tuple], changes: doc.ListOfComponents) -> dict[str, tuple]:
    """The first version's tables with a version's changes applied (EWP lists only changes)."""
    found = {}
    for field in LISTS.values():
        entries = list(first.get(field, ()))
        for c in getattr(changes, field) or ():
            if c.status == doc.ComponentStatus.DELETED:
                # A deletion names the component, not always with its term.
                entries = [e for e in entries if _same(e) != _same(c)]
            else:
                entries.append(_plain(c))
        found[field] = tuple(entries)
    return found


def _same(c: doc.Component) -> tuple:
    return (c.title, c.los_code or "", c.ects)


def _plain(c: doc.Component) -> doc.Component:
    return doc.Component(
        title=c.title,
        los_code=c.los_code,
        term_id=c.term_id,
        credits=c.credits,
        recognition_conditions=c.recognition_conditions,
    )


def _import_signatures(version, signatures: dict[str, doc.Signature | None], agreement) -> None:
    for role, signature in signatures.items():
        if signature is None:
            continue
        if role == SignatureRole.STUDENT:
            person, name, email = agreement.student, str(agreement.student), agreement.student_email
        else:
            person = _person(signature.signer_email)
            name, email = signature.signer_name or "", signature.signer_email or ""
        Signature.objects.create(
            version=version,
            role=role,
            person=person,
            name=name[:120],
            position=(signature.signer_position or "")[:120],
            email=email,
            signed_at=signature.timestamp,
        )


def _signatures_of(version: doc.ListOfComponents) -> dict:
    return {
        SignatureRole.STUDENT: version.student_signature,
        SignatureRole.SENDING: version.sending_hei_signature,
        SignatureRole.RECEIVING: version.receiving_hei_signature,
    }


def _day(when: date | doc.YearMonth, *, first: bool) -> date:
    """A date as it is; a month (``start-year-month``) as its first or last day: the campus
    keeps days, so such a mobility comes back out with ``start-date`` and ``end-date``."""
    if isinstance(when, date):
        return when
    if first:
        return date(when.year, when.month, 1)
    following = date(when.year + when.month // 12, when.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _import_one(la: doc.LearningAgreement, by: Person) -> LearningAgreement:
    sending, receiving = _institution(la.sending_hei.hei_id), _institution(la.receiving_hei.hei_id)
    if not (is_alliance_admin(by) or coordinates(by, sending.pk) or coordinates(by, receiving.pk)):
        raise PermissionDenied(
            _("Only a coordinator of its sending or receiving institution may import it.")
        )
    if LearningAgreement.objects.filter(omobility_id=la.omobility_id).exists():
        raise ValidationError(
            _("The learning agreement %(id)s is on the campus already.") % {"id": la.omobility_id}
        )
    student = _person(la.student.email)
    if student is None:
        raise ValidationError(
            _("The student %(email)s has no account on the campus.") % {"email": la.student.email}
        )
    starts_on, ends_on = _day(la.start, first=True), _day(la.end, first=False)
    agreement = LearningAgreement(
        omobility_id=la.omobility_id,
        student=student,
        student_given_names=la.student.given_names or "",
        student_family_name=la.student.family_name or "",
        student_email=la.student.email or student.email,
        student_birth_date=la.student.birth_date,
        student_citizenship=la.student.citizenship or "",
        student_gender=str(int(la.student.gender)) if la.student.gender is not None else "",
        eqf_level=la.eqf_level_studied_at_departure,
        isced_field=la.isced_f_code,
        sending=sending,
        receiving=receiving,
        sending_contact=_person(la.sending_hei.contact_person.email),
        receiving_contact=_person(la.receiving_hei.contact_person.email),
        starts_on=starts_on,
        ends_on=ends_on,
        language=la.student_language_skill.language,
        language_level=la.student_language_skill.cefr_level,
    )
    agreement.full_clean()
    agreement.save()
    number = 0
    first_tables: dict[str, tuple] = {}
    for version, kind, approved in (
        (la.first_version, VersionKind.FIRST, True),
        (la.approved_changes, VersionKind.CHANGES, True),
        (
            la.changes_proposal,
            VersionKind.FIRST if la.first_version is None else VersionKind.CHANGES,
            False,
        ),
    ):
        if version is None:
            continue
        number += 1
        if kind == VersionKind.FIRST:
            tables = _tables(version)
            first_tables = tables
        else:
            tables = _applied(first_tables, version)
        saved = LearningAgreementVersion.objects.create(
            agreement=agreement,
            number=number,
            kind=kind,
            status=VersionStatus.APPROVED if approved else VersionStatus.PENDING,
            approved_at=version.receiving_hei_signature.timestamp
            if approved and version.receiving_hei_signature
            else None,
            comment=_("Imported from EWP"),
        )
        _import_components(agreement, saved, tables)
        _import_signatures(saved, _signatures_of(version), agreement)
    MobilityEvent.objects.create(actor=by, action="imported_from_ewp", agreement=agreement)
    return agreement


def agreements_import(data: bytes, *, by: Person) -> list[LearningAgreement]:
    """The learning agreements of an omobility-las-get-response, saved all or none.

    Raises ewp.xml.EwpXmlError for a document that is not one (with the failing element's
    path), ValidationError for one the campus cannot hold (an unknown institution or student,
    an agreement already here), PermissionDenied unless ``by`` coordinates an institution of
    each agreement."""
    documents = ewp_xml.parse(data)
    with transaction.atomic():
        return [_import_one(la, by) for la in documents]
