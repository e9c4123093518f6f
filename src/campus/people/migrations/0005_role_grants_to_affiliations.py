"""Every role a person held becomes a granted affiliation at their home institution or
organisation (decision 0005); the old role grants are removed in the next migration."""

from django.db import migrations

INSTITUTION_ROLES = {"student", "lecturer", "researcher", "staff", "coordinator"}


def role_grants_to_affiliations(apps, schema_editor):
    RoleGrant = apps.get_model("people", "RoleGrant")
    Affiliation = apps.get_model("people", "Affiliation")
    AffiliationEvent = apps.get_model("people", "AffiliationEvent")
    Person = apps.get_model("people", "Person")
    for grant in RoleGrant.objects.select_related("person").iterator():
        person = grant.person
        institution_id = person.institution_id if grant.role in INSTITUTION_ROLES else None
        organisation_id = (
            person.organisation_id if grant.role in ("stakeholder", "learner") else None
        )
        affiliation = Affiliation.objects.create(
            person=person,
            role=grant.role,
            institution_id=institution_id,
            organisation_id=organisation_id,
            state="granted",
            requested_at=grant.granted_at,
            decided_at=grant.granted_at,
            reason="Role held before affiliations were granted (migration 0005).",
        )
        AffiliationEvent.objects.create(
            affiliation=affiliation, state="granted", at=grant.granted_at, reason=affiliation.reason
        )
    # The home institution and organisation are those of granted affiliations only.
    granted = Affiliation.objects.filter(state="granted")
    Person.objects.exclude(
        pk__in=granted.filter(institution__isnull=False).values("person_id")
    ).update(institution=None)
    Person.objects.exclude(
        pk__in=granted.filter(organisation__isnull=False).values("person_id")
    ).update(organisation=None)


def affiliations_to_role_grants(apps, schema_editor):
    RoleGrant = apps.get_model("people", "RoleGrant")
    Affiliation = apps.get_model("people", "Affiliation")
    for person_id, role in (
        Affiliation.objects.filter(state="granted").values_list("person_id", "role").distinct()
    ):
        RoleGrant.objects.get_or_create(person_id=person_id, role=role)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_affiliations")]

    operations = [migrations.RunPython(role_grants_to_affiliations, affiliations_to_role_grants)]
