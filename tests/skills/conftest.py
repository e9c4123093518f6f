import csv
from pathlib import Path

import pytest

# Column orders as in ESCO's files: most collections put preferredLabel third, the language
# and transversal collections put skillType and reuseLevel first.
STANDARD = [
    "conceptType",
    "conceptUri",
    "preferredLabel",
    "status",
    "skillType",
    "reuseLevel",
    "altLabels",
    "description",
    "broaderConceptUri",
    "broaderConceptPT",
]
SHUFFLED = [
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "status",
    "altLabels",
    "description",
    "broaderConceptUri",
    "broaderConceptPT",
]

ESCO = "http://data.europa.eu/esco/skill/"
RENEWABLE = ESCO + "renewable"
PYTHON = ESCO + "python"
ENERGY = ESCO + "energy"
INITIATIVE = ESCO + "initiative"


def row(
    uri,
    label,
    *,
    alt="",
    skill_type="knowledge",
    reuse="sector-specific",
    broader="",
    description="",
):
    return {
        "conceptType": "KnowledgeSkillCompetence",
        "conceptUri": uri,
        "preferredLabel": label,
        "status": "released",
        "skillType": skill_type,
        "reuseLevel": reuse,
        "altLabels": alt,
        "description": description,
        "broaderConceptUri": broader,
        "broaderConceptPT": "",
    }


def write_csv(path: Path, rows: list[dict], columns: list[str] = STANDARD) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def esco_folder(tmp_path) -> Path:
    """A small ESCO folder: two collections in English, one in French, and a skill-groups file."""
    folder = tmp_path / "esco"
    folder.mkdir()
    write_csv(
        folder / "greenSkillsCollection_en.csv",
        [
            row(
                RENEWABLE,
                "renewable energy technologies",
                alt="renewable energies\nclean energy technologies",
                broader=f"http://data.europa.eu/esco/isced-f/0713 | {ENERGY}",
                description="Kinds of energy sources that cannot be depleted.",
            ),
            row(ENERGY, "energy"),
        ],
    )
    write_csv(
        folder / "digitalSkillsCollection_en.csv",
        [
            row(PYTHON, "Python (computer programming)", alt="Python | Python 3K"),
            row(ENERGY, "energy"),
        ],
    )
    write_csv(
        folder / "transversalSkillsCollection_en.csv",
        [
            row(
                INITIATIVE,
                "show initiative",
                alt="take the initiative | be a driving force",
                skill_type="skill/competence",
                reuse="transversal",
            )
        ],
        columns=SHUFFLED,
    )
    write_csv(
        folder / "greenSkillsCollection_fr.csv",
        [
            row(
                RENEWABLE,
                "technologies des énergies renouvelables",
                alt="énergie renouvelable",
                broader=ENERGY,
                description="Types de sources d'énergie inépuisables.",
            ),
            row(ENERGY, "énergie"),
        ],
    )
    with (folder / "skillGroups_en.csv").open("w", encoding="utf-8") as handle:
        handle.write(
            "conceptType,conceptUri,preferredLabel\nSkillGroup,http://data.europa.eu/esco/isced-f/07,engineering\n"
        )
    return folder
