"""Learning agreements in and out of EWP's ``omobility-las-get-response`` XML (API 1.2.0).

``render`` writes documents, ``parse`` reads one back, ``validate`` checks bytes against the
EWP schemas shipped in ``schemas/`` (README there: sources, and the namespace-to-file map).

Nothing is fetched: every schema the response schema imports is mapped to its local file, the
``xml`` namespace's schema is the one ``xmlschema`` ships, instance location hints are ignored
and the validator may open local files only. XML read from outside is parsed with defusedxml,
which refuses DTDs (so entity expansion and external entities), and only up to ``MAX_BYTES``.

Errors are plain English for developers and partner systems; the API puts them in ``detail``
under a translated lead sentence. Plain data in and out; no Django.
"""

from __future__ import annotations

import functools
import hashlib
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only builds and canonicalises our own XML
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import defusedxml
import defusedxml.ElementTree as SafeET

from .document import (
    COMPONENT_LISTS,
    ChangesProposal,
    Component,
    ComponentStatus,
    ContactPerson,
    Credit,
    Gender,
    LanguageSkill,
    LearningAgreement,
    ListOfComponents,
    MobilityInstitution,
    ReasonCode,
    Signature,
    Student,
    TermId,
    YearMonth,
)

if TYPE_CHECKING:
    import xmlschema

_GITHUB = "https://github.com/erasmus-without-paper/"
NAMESPACE = _GITHUB + "ewp-specs-api-omobility-las/blob/stable-v1/endpoints/get-response.xsd"
TRM_NAMESPACE = _GITHUB + "ewp-specs-types-academic-term/tree/stable-v2"
ROOT = "omobility-las-get-response"

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_FILE = SCHEMA_DIR / "omobility-las-get-response.xsd"
# The namespaces the schemas import, each from its local copy (schemas/README.md).
SCHEMA_LOCATIONS = {
    _GITHUB + "ewp-specs-architecture/blob/stable-v1/common-types.xsd": "common-types.xsd",
    _GITHUB + "ewp-specs-types-phonenumber/tree/stable-v1": "phonenumber.xsd",
    _GITHUB + "ewp-specs-api-courses/tree/stable-v1": "courses-response.xsd",
    TRM_NAMESPACE: "academic-term-v2.xsd",
    _GITHUB + "ewp-specs-types-academic-term/tree/stable-v1": "academic-term-v1.xsd",
}

# A learning agreement is about 5 to 10 kB of XML; this allows some hundreds per document.
MAX_BYTES = 2 * 1024 * 1024
# Enough to say what is wrong without walking all of a document that is wrong everywhere.
MAX_PROBLEMS = 50


class EwpXmlError(ValueError):
    """An EWP document the campus cannot accept; ``str()`` says why."""


class EwpXmlRefused(EwpXmlError):
    """Not read at all: too large, not well-formed, or declaring a DTD or entities."""


@dataclass(frozen=True)
class Problem:
    """One way a document breaks the schema, at an element's path in the document."""

    path: str  # /omobility-las-get-response/la[2]/student/gender
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class EwpXmlInvalid(EwpXmlError):
    """Well-formed XML that is not a valid omobility-las-get-response; ``problems`` lists where."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        listed = "; ".join(str(problem) for problem in self.problems)
        super().__init__(f"not a valid EWP omobility-las-get-response 1.2.0 document: {listed}")


# -- the schema ------------------------------------------------------------------------------


@functools.cache
def schema() -> xmlschema.XMLSchema10:
    """The response schema and everything it imports, built once per process (0.2-0.4 s)."""
    # imported here: xmlschema takes as long again to import, which a process that never
    # reads or writes EWP should not pay at start-up
    import xmlschema

    return xmlschema.XMLSchema10(
        str(SCHEMA_FILE),
        locations={ns: str(SCHEMA_DIR / name) for ns, name in SCHEMA_LOCATIONS.items()},
        allow="local",  # a schema that still names a URL fails instead of reaching out
        defuse="always",
    )


def validate(data: bytes) -> None:
    """Raise :class:`EwpXmlRefused` or :class:`EwpXmlInvalid` unless ``data`` is a valid response."""
    _check_valid(_read(data))


def _check_valid(root: ET.Element) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    problems = []
    for error in schema().iter_errors(root, use_location_hints=False):
        problems.append(Problem(_error_path(error, root, parents), _readable(error.reason or "")))
        if len(problems) == MAX_PROBLEMS:
            break
    if problems:
        raise EwpXmlInvalid(problems)


def _error_path(error, root: ET.Element, parents: dict) -> str:
    """Where the error is: the unexpected child itself when the schema names one."""
    elem = error.elem if ET.iselement(error.elem) else root
    index = getattr(error, "index", None)
    if index is not None and index < len(elem) and "Unexpected child" in (error.reason or ""):
        elem = elem[index]
    steps = []
    while elem is not None:
        parent = parents.get(elem)
        step = _local_name(elem.tag)
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == elem.tag]
            step = _step(step, same.index(elem) + 1, len(same))
        steps.append(step)
        elem = parent
    return "/" + "/".join(reversed(steps))


def _local_name(tag) -> str:
    if not isinstance(tag, str):  # a comment or processing instruction
        return "node()"
    if tag.startswith(f"{{{TRM_NAMESPACE}}}"):
        return "trm:" + tag.split("}", 1)[1]
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def _readable(reason: str) -> str:
    """xmlschema names elements in Clark notation; the schema's own prefixes read better."""
    return reason.replace(f"{{{NAMESPACE}}}", "").replace(f"{{{TRM_NAMESPACE}}}", "trm:")


def _read(data: bytes) -> ET.Element:
    """The parsed root of XML from outside, within the size limit and without a DTD."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError("an EWP document is read from bytes")
    if len(data) > MAX_BYTES:
        raise EwpXmlRefused(f"the document is larger than {MAX_BYTES} bytes")
    try:
        return SafeET.fromstring(bytes(data), forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise EwpXmlRefused(
            "the document declares a DTD or entities, which are not accepted"
        ) from exc
    except ET.ParseError as exc:
        raise EwpXmlRefused(f"the document is not well-formed XML: {exc}") from exc
    except (ValueError, LookupError) as exc:  # e.g. an unknown declared encoding
        raise EwpXmlRefused(f"the document cannot be read: {exc}") from exc


# -- reading ---------------------------------------------------------------------------------


def parse(data: bytes) -> list[LearningAgreement]:
    """The learning agreements of an omobility-las-get-response, after validating it."""
    root = _read(data)
    _check_valid(root)
    agreements = list(root)
    return [
        _Reader(f"/{ROOT}").within(_step("la", n, len(agreements))).agreement(la)
        for n, la in enumerate(agreements, start=1)
    ]


def _step(tag: str, n: int, count: int) -> str:
    """A step of an element's path, numbered (from 1) only among siblings of the same name."""
    return f"{tag}[{n}]" if count > 1 else tag


T = TypeVar("T")
_TIMEZONE = re.compile(r"(Z|[+-]\d\d:\d\d)$")


def _q(tag: str) -> str:
    return f"{{{TRM_NAMESPACE}}}{tag[4:]}" if tag.startswith("trm:") else f"{{{NAMESPACE}}}{tag}"


def _date(text: str) -> date:
    # xs:date may carry a time zone, which a calendar date in the campus does not keep
    return date.fromisoformat(_TIMEZONE.sub("", text.strip()))


def _year_month(text: str) -> YearMonth:
    year, month = _TIMEZONE.sub("", text.strip()).rsplit("-", 1)
    return YearMonth(year=int(year), month=int(month))


def _datetime(text: str) -> datetime:
    return datetime.fromisoformat(text.strip())


def _decimal(text: str) -> Decimal:
    return Decimal(text.strip())


def _integer(text: str) -> int:
    return int(text.strip())


def _gender(text: str) -> Gender:
    return Gender(_integer(text))


# Elements whose children are all text, each child in the schema's order with how its text is
# read; a child is the dataclass field of the same name ("signer-name" is ``signer_name``).
_TEXT_ONLY: dict[type, tuple[tuple[str, Callable[[str], object]], ...]] = {
    ContactPerson: (("given-names", str), ("family-name", str), ("email", str)),
    Student: (
        ("given-names", str),
        ("family-name", str),
        ("global-id", str),
        ("birth-date", _date),
        ("citizenship", str),
        ("gender", _gender),
        ("email", str),
    ),
    LanguageSkill: (("language", str.strip), ("cefr-level", str)),
    TermId: (("trm:term-number", _integer), ("trm:total-terms", _integer)),
    Credit: (("scheme", str), ("value", _decimal)),
    Signature: (
        ("signer-name", str),
        ("signer-position", str),
        ("signer-email", str),
        ("timestamp", _datetime),
        ("signer-app", str),
    ),
}
_SIGNATURES = ("student-signature", "sending-hei-signature", "receiving-hei-signature")


def _field(tag: str) -> str:
    return tag.removeprefix("trm:").replace("-", "_")


class _Reader:
    """Builds documents from a validated tree; ``path`` names the element being read."""

    def __init__(self, path: str):
        self.path = path

    def within(self, tag: str) -> _Reader:
        return _Reader(f"{self.path}/{tag}")

    def value(self, parent: ET.Element, tag: str, convert: Callable[[str], T]) -> T | None:
        """The converted text of ``parent``'s child ``tag``; None when there is none."""
        child = parent.find(_q(tag))
        if child is None:
            return None
        try:
            return convert(child.text or "")
        except (ValueError, InvalidOperation) as exc:
            # valid for the schema, but beyond what Python's types hold (year 10000, 24:00:00)
            raise EwpXmlInvalid([Problem(f"{self.path}/{tag}", str(exc))]) from exc

    def text(self, parent: ET.Element, tag: str) -> str | None:
        return self.value(parent, tag, str)

    def text_only(self, cls: type[T], element: ET.Element) -> T:
        return cls(**{_field(tag): self.value(element, tag, read) for tag, read in _TEXT_ONLY[cls]})

    def child(self, cls: type[T], parent: ET.Element, tag: str) -> T | None:
        """``parent``'s child ``tag`` as a ``cls`` of text-only elements; None when absent."""
        found = parent.find(_q(tag))
        return None if found is None else self.within(tag).text_only(cls, found)

    def agreement(self, la: ET.Element) -> LearningAgreement:
        proposal = la.find(_q("changes-proposal"))
        return LearningAgreement(
            omobility_id=self.text(la, "omobility-id"),
            sending_hei=self.within("sending-hei").institution(la.find(_q("sending-hei"))),
            receiving_hei=self.within("receiving-hei").institution(la.find(_q("receiving-hei"))),
            receiving_academic_year_id=self.text(la, "receiving-academic-year-id"),
            student=self.child(Student, la, "student"),
            start=self.value(la, "start-date", _date)
            or self.value(la, "start-year-month", _year_month),
            end=self.value(la, "end-date", _date) or self.value(la, "end-year-month", _year_month),
            eqf_level_studied_at_departure=self.value(
                la, "eqf-level-studied-at-departure", _integer
            ),
            isced_f_code=self.text(la, "isced-f-code"),
            isced_clarification=self.text(la, "isced-clarification"),
            student_language_skill=self.child(LanguageSkill, la, "student-language-skill"),
            first_version=self.within("first-version").version(la.find(_q("first-version"))),
            approved_changes=self.within("approved-changes").version(
                la.find(_q("approved-changes"))
            ),
            changes_proposal=(
                None if proposal is None else self.within("changes-proposal").proposal(proposal)
            ),
            learning_outcomes_url=self.value(la, "learning-outcomes-url", str.strip),
            provisions_url=self.value(la, "provisions-url", str.strip),
        )

    def institution(self, hei: ET.Element) -> MobilityInstitution:
        return MobilityInstitution(
            hei_id=self.text(hei, "hei-id"),
            ounit_name=self.text(hei, "ounit-name"),
            ounit_id=self.text(hei, "ounit-id"),
            contact_person=self.child(ContactPerson, hei, "contact-person"),
        )

    def _version_fields(self, version: ET.Element) -> dict:
        fields = {_field(tag): self.component_list(version, tag) for tag in COMPONENT_LISTS}
        fields.update({_field(tag): self.child(Signature, version, tag) for tag in _SIGNATURES})
        return fields

    def version(self, version: ET.Element | None) -> ListOfComponents | None:
        return None if version is None else ListOfComponents(**self._version_fields(version))

    def proposal(self, proposal: ET.Element) -> ChangesProposal:
        return ChangesProposal(
            id=proposal.get("id"),
            student=self.child(Student, proposal, "student"),
            **self._version_fields(proposal),
        )

    def component_list(self, version: ET.Element, tag: str) -> tuple[Component, ...] | None:
        found = version.find(_q(tag))
        if found is None:
            return None
        reader = self.within(tag)
        return tuple(
            reader.within(_step("component", n, len(found))).component(element)
            for n, element in enumerate(found, start=1)
        )

    def component(self, element: ET.Element) -> Component:
        credits = element.findall(_q("credit"))
        status = element.get("status")
        reason_code = element.get("reason-code")
        return Component(
            los_id=self.text(element, "los-id"),
            los_code=self.text(element, "los-code"),
            title=self.text(element, "title"),
            loi_id=self.text(element, "loi-id"),
            term_id=self.child(TermId, element, "term-id"),
            credits=tuple(
                self.within(_step("credit", n, len(credits))).text_only(Credit, credit)
                for n, credit in enumerate(credits, start=1)
            ),
            recognition_conditions=self.text(element, "recognition-conditions"),
            short_description=self.text(element, "short-description"),
            status=None if status is None else ComponentStatus(status),
            reason_code=None if reason_code is None else ReasonCode(reason_code),
            reason_text=element.get("reason-text"),
        )


# -- writing ---------------------------------------------------------------------------------
# Elements are named with the schema's own prefixes (the response namespace is the default one,
# "trm:" the academic term's), declared once on the root, so the output reads like the examples.


def render(agreements: Iterable[LearningAgreement]) -> bytes:
    """An omobility-las-get-response holding ``agreements``, as UTF-8 XML.

    It is not validated here: call :func:`validate` on the result where it has to be valid.
    """
    root = ET.Element(ROOT, {"xmlns": NAMESPACE, "xmlns:trm": TRM_NAMESPACE})
    for agreement in agreements:
        _write_agreement(root, agreement)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def changes_proposal_id(proposal: ChangesProposal) -> str:
    """An ``id`` for the proposal's content: the SHA-256 of its canonical XML, without the id.

    The schema asks that the id change if and only if the content does; a signature given for
    one id therefore lands on exactly the content it was given for.
    """
    element = _changes_proposal_element(proposal)
    element.attrib.pop("id")
    element.set("xmlns", NAMESPACE)
    element.set("xmlns:trm", TRM_NAMESPACE)
    canonical = ET.canonicalize(ET.tostring(element, encoding="unicode"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest().upper()


def _sub(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = _lexical(value)
    return element


def _optional(parent: ET.Element, tag: str, value: object) -> None:
    if value is not None:
        _sub(parent, tag, value)


# Characters XML 1.0 cannot hold at all, not even escaped (control characters, lone surrogates)
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _lexical(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")  # never the exponent form, which xs:decimal does not allow
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Gender):
        return str(int(value))
    # A title pasted with a stray control character still makes a well-formed document; the
    # character, which no XML can carry, becomes U+FFFD. Line ends are written as "\n", which
    # is what any XML parser makes of "\r\n" (from a browser's text area) in element text.
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML_CHAR.sub("\ufffd", text)


def _write_agreement(root: ET.Element, agreement: LearningAgreement) -> None:
    la = _sub(root, "la")
    _sub(la, "omobility-id", agreement.omobility_id)
    _write_institution(_sub(la, "sending-hei"), agreement.sending_hei)
    _write_institution(_sub(la, "receiving-hei"), agreement.receiving_hei)
    _sub(la, "receiving-academic-year-id", agreement.receiving_academic_year_id)
    _write_text_only(_sub(la, "student"), agreement.student)
    for name, value in (("start", agreement.start), ("end", agreement.end)):
        _sub(la, f"{name}-year-month" if isinstance(value, YearMonth) else f"{name}-date", value)
    _sub(la, "eqf-level-studied-at-departure", agreement.eqf_level_studied_at_departure)
    _sub(la, "isced-f-code", agreement.isced_f_code)
    _optional(la, "isced-clarification", agreement.isced_clarification)
    _write_text_only(_sub(la, "student-language-skill"), agreement.student_language_skill)
    if agreement.first_version is not None:
        _write_version(_sub(la, "first-version"), agreement.first_version)
    if agreement.approved_changes is not None:
        _write_version(_sub(la, "approved-changes"), agreement.approved_changes)
    if agreement.changes_proposal is not None:
        la.append(_changes_proposal_element(agreement.changes_proposal))
    _optional(la, "learning-outcomes-url", agreement.learning_outcomes_url)
    _optional(la, "provisions-url", agreement.provisions_url)


def _write_text_only(element: ET.Element, record: object) -> None:
    for tag, _read in _TEXT_ONLY[type(record)]:
        _optional(element, tag, getattr(record, _field(tag)))


def _write_institution(element: ET.Element, hei: MobilityInstitution) -> None:
    _sub(element, "hei-id", hei.hei_id)
    _optional(element, "ounit-name", hei.ounit_name)
    _optional(element, "ounit-id", hei.ounit_id)
    _write_text_only(_sub(element, "contact-person"), hei.contact_person)


def _changes_proposal_element(proposal: ChangesProposal) -> ET.Element:
    element = ET.Element("changes-proposal", {"id": proposal.id})
    _write_version(element, proposal)
    if proposal.student is not None:
        _write_text_only(_sub(element, "student"), proposal.student)
    return element


def _write_version(element: ET.Element, version: ListOfComponents) -> None:
    for tag, components in version.component_lists():
        if components is not None:
            listed = _sub(element, tag)
            for component in components:
                _write_component(_sub(listed, "component"), component)
    for tag in _SIGNATURES:
        signature = getattr(version, _field(tag))
        if signature is not None:
            _write_text_only(_sub(element, tag), signature)


def _write_component(element: ET.Element, component: Component) -> None:
    for attribute in ("status", "reason-code", "reason-text"):
        value = getattr(component, _field(attribute))
        if value is not None:
            element.set(attribute, _lexical(value))
    _optional(element, "los-id", component.los_id)
    _optional(element, "los-code", component.los_code)
    _sub(element, "title", component.title)
    _optional(element, "loi-id", component.loi_id)
    if component.term_id is not None:
        _write_text_only(_sub(element, "term-id"), component.term_id)
    for credit in component.credits:
        _write_text_only(_sub(element, "credit"), credit)
    _optional(element, "recognition-conditions", component.recognition_conditions)
    _optional(element, "short-description", component.short_description)
