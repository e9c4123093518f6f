"""The fixed demo accounts that `make demo` prints, and their one published password."""

from campus.people.models import Role
from campus_demo.datasets import read

DEMO_PASSWORD = "heroes-demo"  # noqa: S105 (published demo password, shown by `make demo`)

# (e-mail, name, roles, where, label): where is "first" (first institution), "second", "org"
# or None.
DEMO_ACCOUNTS = [
    (a["email"], a["name"], [Role(r) for r in a["roles"]], a["where"], a["label"])
    for a in read("accounts.json")
]
# The seeders leave these people out of the crowds they draw, so what each fixed account
# shows is what the seeders give it on purpose.
DEMO_EMAILS = frozenset(email for email, *_rest in DEMO_ACCOUNTS)
