"""What the demo promises about credentials; called by the one test that seeds the whole
demo (tests/challenges/test_demo.py), so the suite seeds it once."""

from campus.catalog.selectors import programme_detail, programme_progress
from campus.credentials.models import Credential
from campus.credentials.verification import forget_keys, verify


def the_demo_credentials_are_signed_and_one_is_revoked():
    forget_keys()
    sam = list(Credential.objects.filter(person__email="student@campus.test"))
    assert len(sam) >= 3
    assert len({c.issuer_id for c in sam}) >= 2
    assert all(verify(c.document).verified for c in sam)
    lea = Credential.objects.filter(
        person__email="learner@campus.test", achievement__course__type="flexible"
    )
    assert lea.exists() and verify(lea.first().document).verified
    revoked = Credential.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == 1
    result = verify(revoked.get().document)
    assert not result.verified and "revoked" in result.check("status").message
    every_stacked_credential_was_earned_by_its_programmes_rules()


def every_stacked_credential_was_earned_by_its_programmes_rules():
    """Sam is half-way through the climate minor (core done, electives not): no minor yet.
    Lea completed the applied-AI certificate by its rules: she holds it, and every stacked
    credential in the demo is one its holder's progress page shows complete."""
    stacked = list(
        Credential.objects.filter(source="stacked", revoked_at__isnull=True).select_related(
            "person", "achievement__programme"
        )
    )
    assert stacked
    for credential in stacked:
        programme = programme_detail(credential.achievement.programme.code)
        assert programme_progress(programme, credential.person).complete, credential
    assert "learner@campus.test" in {c.person.email for c in stacked}
    assert not Credential.objects.filter(
        person__email="student@campus.test", source="stacked"
    ).exists()
