"""Migration people.0005: every earlier role becomes a granted affiliation at its place."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_role_grants_become_granted_affiliations():
    executor = MigrationExecutor(connection)
    before = [
        ("people", "0004_affiliations"),
        ("alliance", executor.loader.graph.leaf_nodes("alliance")[0][1]),
    ]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Region = apps.get_model("alliance", "Region")
    Institution = apps.get_model("alliance", "Institution")
    Organisation = apps.get_model("alliance", "Organisation")
    Person = apps.get_model("people", "Person")
    RoleGrant = apps.get_model("people", "RoleGrant")
    region = Region.objects.create(code="BE21", name="Antwerp", country="BE")
    geel = Institution.objects.create(
        code="B  GEEL07", slug="geel", short_name="TM", name="Thomas More", country="BE",
        city="Geel", lat=51.1, lon=4.9, region=region, schac="tm.example",
        website="https://tm.example",
    )  # fmt: skip
    org = Organisation.objects.create(name="Kempen Water", slug="kw", type="sme", region=region)
    coordinator = Person.objects.create(email="c@x.eu", display_name="C", institution=geel)
    rep = Person.objects.create(email="s@x.eu", display_name="S", organisation=org)
    learner = Person.objects.create(email="l@x.eu", display_name="L", institution=geel)
    RoleGrant.objects.create(person=coordinator, role="coordinator")
    RoleGrant.objects.create(person=coordinator, role="staff")
    RoleGrant.objects.create(person=rep, role="stakeholder")
    RoleGrant.objects.create(person=learner, role="learner")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    after = [("people", "0006_remove_rolegrant")]
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    Affiliation = apps.get_model("people", "Affiliation")
    Person = apps.get_model("people", "Person")
    got = set(
        Affiliation.objects.values_list(
            "person__email", "role", "institution_id", "organisation_id", "state"
        )
    )
    assert got == {
        ("c@x.eu", "coordinator", geel.pk, None, "granted"),
        ("c@x.eu", "staff", geel.pk, None, "granted"),
        ("s@x.eu", "stakeholder", None, org.pk, "granted"),
        ("l@x.eu", "learner", None, None, "granted"),
    }
    # A home institution no granted role stood behind is not kept.
    assert Person.objects.get(email="l@x.eu").institution_id is None
    assert Person.objects.get(email="c@x.eu").institution_id == geel.pk
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
