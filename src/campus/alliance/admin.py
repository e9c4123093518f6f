"""The back office for the alliance. Every save and delete goes through the services,
and every permission question through ``can``, so the admin obeys the same rules as
the pages and the API."""

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from campus.permissions import COORDINATOR, Action, can, is_alliance_admin

from . import services
from .models import GovernanceBody, Institution, Membership, Organisation, Region


def _formfield(field, **kwargs):
    # Web addresses typed without a scheme are taken to be https (Django 6's default).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ServiceCheckedForm(forms.ModelForm):
    """A model form that also runs the service's own check, so its errors show on the form."""

    service_check = None  # a function of the instance that raises ValidationError

    def _post_clean(self):
        super()._post_clean()
        # With field errors the instance is incomplete; errors of the whole form (such as
        # a violated constraint) are replaced by the service's clearer ones when it has any.
        if self.service_check is None or set(self.errors) - {NON_FIELD_ERRORS}:
            return
        try:
            type(self).service_check(self.instance)
        except ValidationError as exc:
            self.errors.pop(NON_FIELD_ERRORS, None)
            self._update_errors(exc)


class ServiceAdmin(admin.ModelAdmin):
    """Writes through ``create`` / ``update`` / ``delete`` services; permissions from ``can``."""

    create_service = None  # (by=..., **form fields) -> instance
    update_service = None  # (<instance_kwarg>=..., by=..., **changed fields) -> instance
    delete_service = None  # (<instance_kwarg>=..., by=...) -> None
    instance_kwarg = ""
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request):
        return request.user.is_staff and can(request.user, Action.CHANGE, self.model)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return can(request.user, Action.CREATE, self.model)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.CHANGE, obj if obj is not None else self.model)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.DELETE, obj if obj is not None else self.model)

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            type(self).update_service(**{self.instance_kwarg: obj}, by=request.user, **fields)
            return
        created = type(self).create_service(by=request.user, **form.cleaned_data)
        # The admin goes on with its own instance (for the message and the log entry).
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def delete_model(self, request, obj):
        type(self).delete_service(**{self.instance_kwarg: obj}, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Region)
class RegionAdmin(ServiceAdmin):
    list_display = ["code", "name", "country", "code_2021"]
    list_filter = ["country"]
    search_fields = ["code", "name"]
    create_service = services.region_create
    update_service = services.region_update
    delete_service = services.region_delete
    instance_kwarg = "region"


class InstitutionForm(ServiceCheckedForm):
    service_check = services.institution_check

    class Meta:
        model = Institution
        formfield_callback = _formfield
        fields = [
            "code",
            "other_codes",
            "slug",
            "short_name",
            "name",
            "local_name",
            "country",
            "city",
            "lat",
            "lon",
            "region",
            "schac",
            "website",
            "languages",
        ]


def _coordinates_some_institution(user) -> bool:
    return bool(user.is_authenticated and user.institution_id and user.has_role(COORDINATOR))


@admin.register(Institution)
class InstitutionAdmin(ServiceAdmin):
    form = InstitutionForm
    list_display = ["short_name", "code", "name", "city", "country", "region"]
    list_filter = ["country"]
    search_fields = ["short_name", "name", "local_name", "code", "schac"]
    list_select_related = ["region"]
    create_service = services.institution_create
    update_service = services.institution_update
    delete_service = services.institution_delete
    instance_kwarg = "institution"

    # The identity and place of a partner are the alliance's to change, not the coordinator's.
    coordinator_readonly_fields = ["code", "other_codes", "slug", "country", "region"]

    def get_readonly_fields(self, request, obj=None):
        if is_alliance_admin(request.user):
            return []
        return self.coordinator_readonly_fields

    def get_queryset(self, request):
        institutions = super().get_queryset(request)
        if is_alliance_admin(request.user):
            return institutions
        # A coordinator sees only their own institution.
        return institutions.filter(pk=request.user.institution_id)

    def has_module_permission(self, request):
        return request.user.is_staff and (
            is_alliance_admin(request.user) or _coordinates_some_institution(request.user)
        )

    def has_change_permission(self, request, obj=None):
        if obj is None and _coordinates_some_institution(request.user):
            return True  # to reach the list, which holds their own institution only
        return super().has_change_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "type", "region", "partner_institution"]
    list_filter = ["type", "region__country"]
    search_fields = ["name", "description"]
    list_select_related = ["region", "partner_institution"]
    readonly_fields = ["slug"]
    create_service = services.organisation_create
    update_service = services.organisation_update
    delete_service = services.organisation_delete
    instance_kwarg = "organisation"


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(ServiceAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    create_service = services.governance_body_create
    update_service = services.governance_body_update
    delete_service = services.governance_body_delete
    instance_kwarg = "body"


class MembershipForm(ServiceCheckedForm):
    service_check = services.membership_check

    class Meta:
        model = Membership
        formfield_callback = _formfield
        fields = ["body", "person", "role", "start", "end"]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    form = MembershipForm
    list_display = ["person", "body", "role", "start", "end"]
    list_filter = ["body", "role"]
    search_fields = ["person__display_name", "person__email", "body__name"]
    list_select_related = ["person", "body"]
    raw_id_fields = ["person"]
    date_hierarchy = "start"
    create_service = services.membership_add
    update_service = services.membership_update
    delete_service = services.membership_delete
    instance_kwarg = "membership"
