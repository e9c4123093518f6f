"""The Django admin writes only through services: the alliance's admins call them, every other
registered model is read-only there, even for a superuser, because its services keep an audit."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from campus.alliance.admin import ServiceAdmin
from campus.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return PersonFactory(is_staff=True, is_superuser=True)


def test_every_admin_writes_through_services_or_not_at_all(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    writable = []
    for model, model_admin in admin.site._registry.items():
        # Third-party apps (auth's groups, sign-in throttling) keep their own admins.
        if isinstance(model_admin, ServiceAdmin) or not model.__module__.startswith("campus."):
            continue
        inlines = model_admin.get_inline_instances(request)
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
            or any(
                inline.has_add_permission(request, None)
                or inline.has_change_permission(request)
                or inline.has_delete_permission(request)
                for inline in inlines
            )
        ):
            writable.append(model._meta.label)
    assert writable == []


def test_a_superuser_cannot_change_a_person_in_the_admin(client, superuser):
    person = PersonFactory(display_name="Ana Silva")
    client.force_login(superuser)
    url = reverse("admin:people_person_change", args=[person.pk])
    assert client.get(url).status_code == 200  # still shown
    response = client.post(url, {"email": person.email, "display_name": "Someone else"})
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).display_name == "Ana Silva"
    assert client.get(reverse("admin:people_person_add")).status_code == 403
