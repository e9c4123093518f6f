"""Forms of the lecturer's and coordinator's pages. They read and check what was typed;
saving always goes through the catalogue's services, whose errors the views put back on
the fields."""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus.alliance.models import Institution, Theme
from campus.people.languages import LANGUAGES
from campus.people.models import Person
from campus.permissions import is_alliance_admin
from campus.service_errors import error_messages

from ..csv_io import MAX_UPLOAD_BYTES, decode_upload, parse_outcome
from ..models import Assessment, Audience, Course, CourseType, EctsGrade, Mode
from ..selectors.teaching import teacher_candidates
from ..services.catalogue import COURSE_FIELD_ORDER
from ..validation import parse_decimal


def _language_choices():
    return sorted(((code, str(name)) for code, name in LANGUAGES.items()), key=lambda c: c[1])


def _decimal(value: str, field: str, **limits):
    try:
        return parse_decimal(value, field, **limits)
    except ValidationError as error:
        raise forms.ValidationError(error_messages(error)) from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CourseForm(forms.Form):
    """A course as a coordinator enters it."""

    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Unique, e.g. GEEL-ENE-201"))
    type = forms.ChoiceField(label=_("Type"), choices=CourseType.choices)
    title = forms.CharField(label=_("Title (English)"), max_length=200)
    description = forms.CharField(label=_("Description (English)"), widget=forms.Textarea)
    local_language = forms.ChoiceField(
        label=_("Host's language"), required=False, choices=[("", "—"), *_language_choices()]
    )
    title_local = forms.CharField(
        label=_("Title in the host's language"), max_length=200, required=False
    )
    description_local = forms.CharField(
        label=_("Description in the host's language"), widget=forms.Textarea, required=False
    )
    hosts = forms.ModelMultipleChoiceField(
        label=_("Host institutions"),
        queryset=Institution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    ects = forms.CharField(label=_("ECTS credits"), max_length=10, help_text=_("e.g. 5 or 7.5"))
    eqf_level = forms.TypedChoiceField(
        label=_("EQF level"), coerce=int, choices=[(n, n) for n in range(1, 9)], initial=6
    )
    isced_field = forms.CharField(
        label=_("ISCED-F 2013 field"),
        max_length=4,
        help_text=_("2-, 3- or 4-digit code, e.g. 0712"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Teaching languages"),
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    workload_hours = forms.IntegerField(label=_("Workload in hours"), min_value=1, max_value=5000)
    assessment = forms.ChoiceField(label=_("Assessment"), choices=Assessment.choices)
    audience = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    fee_external = forms.CharField(
        label=_("Fee for external learners (EUR)"), max_length=12, required=False, initial="0"
    )
    prerequisites = forms.CharField(
        label=_("Prerequisites (course codes)"),
        required=False,
        help_text=_("Codes of courses to complete first, separated by spaces or commas."),
    )
    prerequisites_text = forms.CharField(
        label=_("Other prerequisites"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcomes = forms.CharField(
        label=_("Learning outcomes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "One outcome a line. To tag it with ESCO skills, add “ | ” and the skill URIs "
            "separated by spaces, e.g. “Assess a building's energy use | "
            "http://data.europa.eu/esco/skill/…”."
        ),
    )
    published = forms.BooleanField(
        label=_("Published in the catalogue"), required=False, initial=True
    )

    SERVICE_FIELDS = COURSE_FIELD_ORDER

    def __init__(self, *args, by: Person, course: Course | None = None, **kwargs):
        self.course = course
        if course is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(course)
        super().__init__(*args, **kwargs)
        if is_alliance_admin(by):
            hosts = Institution.objects.all()
        else:
            # One's own institution, and the partners already hosting a joint course.
            ids = {by.institution_id} | (
                {h.pk for h in course.hosts.all()} if course is not None else set()
            )
            hosts = Institution.objects.filter(pk__in=ids)
        self.fields["hosts"].queryset = hosts.order_by("country", "short_name")
        if course is None and by.institution_id:
            self.fields["hosts"].initial = [by.institution_id]

    @staticmethod
    def initial_for(course: Course) -> dict:
        initial = {name: getattr(course, name) for name in CourseForm.SERVICE_FIELDS}
        initial["ects"] = format(course.ects, "f")
        initial["fee_external"] = format(course.fee_external, "f")
        initial["hosts"] = [h.pk for h in course.hosts.all()]
        initial["prerequisites"] = " ".join(p.code for p in course.prerequisites.order_by("code"))
        initial["outcomes"] = "\n".join(
            f"{o.text} | {' '.join(s.uri for s in o.skills.all())}" if o.skills.all() else o.text
            for o in course.outcomes.prefetch_related("skills")
        )
        return initial

    def clean_ects(self):
        return _decimal(self.cleaned_data["ects"], "ects", maximum=Decimal("180"))

    def clean_fee_external(self):
        return _decimal(self.cleaned_data["fee_external"] or "0", "fee_external")

    def clean_prerequisites(self):
        codes = list(dict.fromkeys(self.cleaned_data["prerequisites"].replace(",", " ").split()))
        found = {c.code: c for c in Course.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown course code: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]

    def clean_outcomes(self):
        lines = [line.strip() for line in self.cleaned_data["outcomes"].splitlines()]
        outcomes = [parse_outcome(line) for line in lines if line]
        if any(not text for text, _uris in outcomes):
            raise forms.ValidationError(_("A line has skills but no outcome before “ | ”."))
        return outcomes

    def service_arguments(self) -> dict:
        """Keyword arguments for course_create / course_update."""
        data = self.cleaned_data
        arguments = {name: data[name] for name in self.SERVICE_FIELDS}
        arguments["hosts"] = list(data["hosts"])
        arguments["outcomes"] = data["outcomes"]
        arguments["prerequisites"] = data["prerequisites"]
        return arguments


class RunForm(forms.Form):
    """One offering of a course, as a coordinator enters it."""

    label = forms.CharField(label=_("Label"), max_length=60, help_text=_("e.g. Spring 2027"))
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())
    enrolment_opens = forms.DateField(label=_("Enrolment opens"), widget=DateInput())
    enrolment_closes = forms.DateField(label=_("Enrolment closes"), widget=DateInput())
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100000)
    waitlist = forms.BooleanField(label=_("Waiting list when full"), required=False, initial=True)
    location = forms.CharField(
        label=_("Place"), max_length=200, required=False, help_text=_("Leave empty when online.")
    )
    self_paced = forms.BooleanField(
        label=_("Self-paced"),
        required=False,
        help_text=_("Open all year: each learner starts when they enrol."),
    )
    personal_weeks = forms.IntegerField(
        label=_("Weeks to complete"),
        min_value=1,
        max_value=104,
        required=False,
        help_text=_("Self-paced runs: each learner's time from their enrolment."),
    )
    teachers = forms.ModelMultipleChoiceField(
        label=_("Teachers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Lecturers, researchers and staff of the host institutions."),
    )

    SERVICE_FIELDS = (
        "label",
        "starts_on",
        "ends_on",
        "enrolment_opens",
        "enrolment_closes",
        "capacity",
        "waitlist",
        "location",
        "self_paced",
        "personal_weeks",
    )

    def __init__(self, *args, course: Course, run=None, **kwargs):
        if run is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(run, name) for name in self.SERVICE_FIELDS} | {
                "teachers": [t.pk for t in run.teachers.all()]
            }
        super().__init__(*args, **kwargs)
        candidates = teacher_candidates(course.hosts.all())
        if run is not None:  # keep teachers who have since moved on
            candidates = (
                Person.objects.filter(pk__in=candidates.values("pk"))
                | Person.objects.filter(pk__in=[t.pk for t in run.teachers.all()])
            ).distinct()
        self.fields["teachers"].queryset = candidates.order_by("display_name")
        self.fields["teachers"].label_from_instance = lambda p: f"{p.display_name} ({p.email})"

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.SERVICE_FIELDS} | {
            "teachers": list(data["teachers"])
        }


class ResultForm(forms.Form):
    """One participant's result (the view names the participant and the form's prefix)."""

    ects_grade = forms.ChoiceField(label=_("ECTS grade"), choices=[("", "—"), *EctsGrade.choices])
    local_grade = forms.CharField(label=_("Local grade"), max_length=20, required=False)
    ects_earned = forms.CharField(
        label=_("ECTS earned"),
        max_length=10,
        required=False,
        help_text=_("Empty: the course's ECTS when passed, none when failed."),
    )
    result_date = forms.DateField(label=_("Date"), widget=DateInput(), required=False)

    def __init__(self, *args, course_ects=None, **kwargs):
        self.course_ects = course_ects
        super().__init__(*args, **kwargs)

    def clean_ects_earned(self):
        value = self.cleaned_data["ects_earned"].strip()
        if not value:
            return None
        return _decimal(value, "ects_earned", maximum=self.course_ects)

    def clean_result_date(self):
        return self.cleaned_data["result_date"] or timezone.localdate()


class UploadForm(forms.Form):
    """A CSV file to preview, or (on confirming) the text of the file previewed, which
    travels back in a hidden field (base64, so that it arrives byte for byte)."""

    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def encode(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(kb)s KB.") % {"kb": MAX_UPLOAD_BYTES // 1024}
                )
            try:
                data["text"] = decode_upload(upload.read())
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        elif data.get("content"):
            try:
                data["text"] = base64.b64decode(data["content"], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise forms.ValidationError(
                    _("The previewed file could not be read back; upload it again.")
                ) from None
        else:
            raise forms.ValidationError(_("Choose a CSV file to upload."))
        return data
