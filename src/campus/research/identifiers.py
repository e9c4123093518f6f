"""Research identifiers: ORCID iDs (ISO 7064 MOD 11-2 check character) and DOIs.

Plain Python, no Django: models, forms and the API all validate through these two functions.
"""

import re

ORCID_PATTERN = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "doi:",
)


def orcid_check_character(base_digits: str) -> str:
    """The ISO 7064 11,2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_normalise(value: str) -> str | None:
    """The ORCID iD as 0000-0000-0000-000X, or None when it is not one (shape or checksum)."""
    text = (value or "").strip().upper()
    for prefix in ORCID_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    match = ORCID_PATTERN.match(text)
    if not match:
        return None
    digits = "".join(match.groups())
    if orcid_check_character(digits[:15]) != digits[15]:
        return None
    return "-".join(match.groups())


def doi_normalise(value: str) -> str | None:
    """The DOI in its bare lower-case form (10.1234/abc), or None when it is not one.

    DOIs are case-insensitive (ISO 26324); resolver addresses and the ``doi:`` prefix are
    taken off.
    """
    text = (value or "").strip()
    lowered = text.lower()
    for prefix in DOI_PREFIXES:
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :]
            break
    lowered = lowered.strip()
    if len(lowered) > 200 or not DOI_PATTERN.match(lowered):
        return None
    return lowered
