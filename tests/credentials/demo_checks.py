"""What the demo promises about credentials; called by the one test that seeds the whole
demo (tests/challenges/test_demo.py), so the suite seeds it once."""

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
    assert Credential.objects.filter(source="stacked").exists()
