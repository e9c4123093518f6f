import io

import pytest
from django.core.management import CommandError, call_command

from campus.skills.models import Skill, SkillKind, SkillLabel
from campus.skills.services import esco_load

from .conftest import (
    ENERGY,
    ESCO,
    INITIATIVE,
    PYTHON,
    RENEWABLE,
    SHUFFLED,
    STANDARD,
    row,
    write_csv,
)

pytestmark = pytest.mark.django_db


def labels(uri, language):
    return dict(
        SkillLabel.objects.filter(skill__uri=uri, language=language).values_list(
            "text", "preferred"
        )
    )


def test_load_creates_skills_with_kind_collections_and_description(esco_folder):
    report = esco_load(esco_folder)

    assert report.skills_created == 4
    assert report.languages == ["en", "fr"]
    renewable = Skill.objects.get(uri=RENEWABLE)
    assert renewable.label == "renewable energy technologies"  # English wins over French
    assert renewable.kind == SkillKind.KNOWLEDGE
    assert renewable.reuse_level == "sector-specific"
    assert renewable.description == "Kinds of energy sources that cannot be depleted."
    assert Skill.objects.get(uri=ENERGY).collections == ["digital", "green"]
    initiative = Skill.objects.get(uri=INITIATIVE)
    assert initiative.kind == SkillKind.TRANSVERSAL
    assert initiative.label == "show initiative"  # read by column name, not position


def test_load_splits_alt_labels_by_newline_and_bar_and_labels_each_language(esco_folder):
    esco_load(esco_folder)

    assert labels(RENEWABLE, "en") == {
        "renewable energy technologies": True,
        "renewable energies": False,
        "clean energy technologies": False,
    }
    assert labels(PYTHON, "en") == {
        "Python (computer programming)": True,
        "Python": False,
        "Python 3K": False,
    }
    assert labels(RENEWABLE, "fr") == {
        "technologies des énergies renouvelables": True,
        "énergie renouvelable": False,
    }
    label = SkillLabel.objects.get(text="énergie renouvelable")
    assert label.search_text == " energie renouvelable"


def test_broader_is_the_first_broader_concept_that_is_a_loaded_skill(esco_folder):
    esco_load(esco_folder)

    # The ISCED-F group comes first in the file but is not a skill.
    assert Skill.objects.get(uri=RENEWABLE).broader.uri == ENERGY
    assert Skill.objects.get(uri=PYTHON).broader is None


def test_reload_is_idempotent(esco_folder):
    first = esco_load(esco_folder)
    second = esco_load(esco_folder)

    assert (second.skills_total, second.labels_total) == (first.skills_total, first.labels_total)
    assert (second.skills_created, second.skills_updated, second.skills_unchanged) == (0, 0, 4)
    assert (second.labels_created, second.labels_updated, second.labels_deleted) == (0, 0, 0)
    assert Skill.objects.count() == 4
    assert SkillLabel.objects.count() == first.labels_total


def test_reload_removes_vanished_labels_for_that_language_only(esco_folder):
    esco_load(esco_folder)
    write_csv(
        esco_folder / "greenSkillsCollection_en.csv",
        [
            row(
                RENEWABLE, "renewable energy technologies", alt="renewable energies", broader=ENERGY
            ),
            row(ENERGY, "energy"),
        ],
    )

    report = esco_load(esco_folder)

    assert report.labels_deleted == 1
    assert "clean energy technologies" not in labels(RENEWABLE, "en")
    assert "énergie renouvelable" in labels(RENEWABLE, "fr")


def test_reload_follows_changed_label_description_and_collection(esco_folder):
    esco_load(esco_folder)
    write_csv(
        esco_folder / "digitalSkillsCollection_en.csv",
        [row(PYTHON, "Python", alt="Python (computer programming)", description="A language.")],
    )

    report = esco_load(esco_folder)

    python = Skill.objects.get(uri=PYTHON)
    assert (python.label, python.description) == ("Python", "A language.")
    assert labels(PYTHON, "en") == {
        "Python": True,
        "Python (computer programming)": False,
    }
    # energy left the digital file, so it left the digital collection.
    assert Skill.objects.get(uri=ENERGY).collections == ["green"]
    assert report.skills_updated == 2


def test_full_download_skills_file_adds_skills_in_another_language(esco_folder, tmp_path):
    esco_load(esco_folder)
    new = ESCO + "teamwork"
    other = tmp_path / "de"
    other.mkdir()
    write_csv(
        other / "skills_de.csv",
        [
            {**row(PYTHON, "Python (Computerprogrammierung)"), "broaderConceptUri": ""},
            row(new, "Teamarbeit"),
        ],
        columns=SHUFFLED,
    )

    report = esco_load(other)

    assert report.skills_created == 1
    assert Skill.objects.get(uri=PYTHON).label == "Python (computer programming)"
    assert Skill.objects.get(uri=PYTHON).collections == ["digital"]
    assert Skill.objects.get(uri=new).label == "Teamarbeit"
    assert labels(PYTHON, "de") == {"Python (Computerprogrammierung)": True}
    assert "Python 3K" in labels(PYTHON, "en")


def test_load_esco_command_prints_counts(esco_folder):
    out = io.StringIO()

    call_command("load_esco", str(esco_folder), stdout=out)

    text = out.getvalue()
    assert "Skills: 4 created, 0 updated" in text
    assert "Labels: 13 created" in text


def test_load_esco_command_rejects_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="ESCO folder not found"):
        call_command("load_esco", str(tmp_path / "nowhere"))


def test_load_esco_command_rejects_a_folder_without_skill_files(tmp_path):
    with pytest.raises(CommandError, match="No ESCO skill files"):
        call_command("load_esco", str(tmp_path))


def test_load_esco_command_rejects_a_file_without_concept_uri_and_changes_nothing(esco_folder):
    esco_load(esco_folder)
    before = SkillLabel.objects.count()
    write_csv(
        esco_folder / "researchSkillsCollection_en.csv",
        [{"uri": "x", "preferredLabel": "y"}],
        columns=["uri", "preferredLabel"],
    )

    with pytest.raises(
        CommandError, match="researchSkillsCollection_en.csv has no 'conceptUri' column"
    ):
        call_command("load_esco", str(esco_folder))

    assert SkillLabel.objects.count() == before


def test_rows_that_are_not_skills_are_skipped(tmp_path):
    write_csv(
        tmp_path / "researchOccupationsCollection_en.csv",
        [{**row(ESCO + "occ", "researcher"), "conceptType": "Occupation"}],
        columns=STANDARD,
    )
    report = esco_load(tmp_path)
    assert (report.rows_skipped, Skill.objects.count()) == (1, 0)


def test_the_shipped_esco_extract_loads_2334_skills_quickly():
    report = esco_load()

    assert report.skills_created == Skill.objects.count() == 2334
    assert report.labels_total > 10_000
    assert set(report.collections) == {
        "digcomp",
        "digital",
        "green",
        "language",
        "research",
        "transversal",
    }
    assert Skill.objects.filter(broader__isnull=False).count() > 500
    assert report.seconds < 30  # about one second on a laptop; a guard against per-row queries
    assert esco_load().skills_unchanged == 2334
