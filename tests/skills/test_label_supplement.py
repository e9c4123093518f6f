"""The shipped nl/de/sv/fi labels, and how they give way to ESCO's official per-language files."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from campus.skills.models import Skill, SkillLabel
from campus.skills.services import esco_load

from .conftest import ENERGY, ESCO, PYTHON, RENEWABLE, write_csv

pytestmark = pytest.mark.django_db

SUPPLEMENT_COLUMNS = [
    "conceptUri",
    "language",
    "preferredLabel",
    "altLabels",
    "source",
    "escoVersion",
    "note",
]
# ESCO v1.2.0's skills_<lang>.csv, as the full download package has it.
OFFICIAL_COLUMNS = [
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "scopeNote",
    "definition",
    "inScheme",
    "description",
]


def supplement(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUPPLEMENT_COLUMNS)
        writer.writeheader()
        for uri, language, preferred, alt, *source in rows:
            writer.writerow(
                {
                    "conceptUri": uri,
                    "language": language,
                    "preferredLabel": preferred,
                    "altLabels": alt,
                    "source": source[0] if source else "de",
                    "escoVersion": "1.2.0",
                    "note": "",
                }
            )
    return path


def official(uri, label, alt=""):
    return {
        "conceptType": "KnowledgeSkillCompetence",
        "conceptUri": uri,
        "skillType": "knowledge",
        "reuseLevel": "sector-specific",
        "preferredLabel": label,
        "altLabels": alt,
        "hiddenLabels": "",
        "status": "released",
        "modifiedDate": "2024-01-25T12:00:00Z",
        "scopeNote": "",
        "definition": "",
        "inScheme": "http://data.europa.eu/esco/concept-scheme/skills",
        "description": "",
    }


def labels(uri, language):
    return dict(
        SkillLabel.objects.filter(skill__uri=uri, language=language).values_list(
            "text", "preferred"
        )
    )


@pytest.fixture
def labels_file(tmp_path):
    return supplement(
        tmp_path / "skill_labels.csv",
        [
            (RENEWABLE, "de", "Technologien für erneuerbare Energien", "Erneuerbare Energien"),
            (RENEWABLE, "nl", "technologieën voor hernieuwbare energie", "", "nl-skills"),
            (PYTHON, "de", "Python (Computerprogrammierung)", ""),
            (ESCO + "unknown", "de", "Unbekannt", ""),
        ],
    )


def test_supplement_fills_languages_of_loaded_skills_and_creates_no_skill(esco_folder, labels_file):
    report = esco_load(esco_folder, labels=labels_file)

    assert labels(RENEWABLE, "de") == {
        "Technologien für erneuerbare Energien": True,
        "Erneuerbare Energien": False,
    }
    assert labels(RENEWABLE, "nl") == {"technologieën voor hernieuwbare energie": True}
    assert SkillLabel.objects.get(text="Erneuerbare Energien").search_text == (
        " erneuerbare energien"
    )
    assert SkillLabel.objects.filter(language="nl").get().source == "nl-skills"
    assert not Skill.objects.filter(uri=ESCO + "unknown").exists()
    assert Skill.objects.get(uri=RENEWABLE).label == "renewable energy technologies"
    assert (report.supplement_filled, report.supplement_unknown) == (3, 1)
    assert {"de", "nl"} <= set(report.languages)


def test_supplement_reload_is_idempotent_and_follows_a_changed_file(esco_folder, labels_file):
    esco_load(esco_folder, labels=labels_file)
    again = esco_load(esco_folder, labels=labels_file)
    assert (again.labels_created, again.labels_updated, again.labels_deleted) == (0, 0, 0)

    supplement(labels_file, [(PYTHON, "de", "Python", "Python (Computerprogrammierung)")])
    changed = esco_load(esco_folder, labels=labels_file)

    assert labels(PYTHON, "de") == {"Python": True, "Python (Computerprogrammierung)": False}
    assert (changed.labels_created, changed.labels_updated) == (1, 1)
    # A pair the file no longer lists keeps what it had.
    assert "Erneuerbare Energien" in labels(RENEWABLE, "de")


def test_an_official_download_replaces_supplementary_labels_and_keeps_them_out(
    esco_folder, labels_file, tmp_path
):
    esco_load(esco_folder, labels=labels_file)
    download = tmp_path / "download"
    download.mkdir()
    write_csv(
        download / "skills_de.csv",
        [
            official(
                RENEWABLE,
                "Technologien für erneuerbare Energien",
                alt="regenerative Energien\nÖkoenergie",
            )
        ],
        columns=OFFICIAL_COLUMNS,
    )

    esco_load(download)

    assert labels(RENEWABLE, "de") == {
        "Technologien für erneuerbare Energien": True,
        "regenerative Energien": False,
        "Ökoenergie": False,
    }
    assert set(
        SkillLabel.objects.filter(skill__uri=RENEWABLE, language="de").values_list(
            "source", flat=True
        )
    ) == {"esco"}
    # The shipped labels come back on the next default load, but only where ESCO's file was silent.
    report = esco_load(esco_folder, labels=labels_file)
    assert "Erneuerbare Energien" not in labels(RENEWABLE, "de")
    assert labels(PYTHON, "de") == {"Python (Computerprogrammierung)": True}
    assert report.supplement_official == 1
    assert Skill.objects.get(uri=RENEWABLE).kind == "knowledge"


def test_a_supplement_without_concept_uri_is_refused_and_nothing_changes(esco_folder, tmp_path):
    esco_load(esco_folder)
    before = sorted(SkillLabel.objects.values_list("text", flat=True))
    bad = tmp_path / "bad.csv"
    bad.write_text("uri,language,preferredLabel\nx,de,y\n", encoding="utf-8")

    with pytest.raises(CommandError, match="bad.csv has no 'conceptUri' column"):
        call_command("load_esco", str(esco_folder), "--labels", str(bad))
    with pytest.raises(CommandError, match="Label file not found"):
        call_command("load_esco", str(esco_folder), "--labels", str(tmp_path / "none.csv"))

    assert sorted(SkillLabel.objects.values_list("text", flat=True)) == before


def test_load_esco_command_reports_the_supplement(esco_folder, labels_file):
    out = io.StringIO()

    call_command("load_esco", str(esco_folder), "--labels", str(labels_file), stdout=out)

    assert (
        "Supplementary labels from skill_labels.csv: 3 skill languages filled, "
        "0 left to official ESCO files, 1 for skills not loaded." in out.getvalue()
    )


def test_the_default_load_gives_the_extract_dutch_german_swedish_and_finnish_names():
    report = esco_load()

    initiative = Skill.objects.get(label="show initiative")
    assert initiative.label_in("de") == "Initiative zeigen"
    assert initiative.label_in("nl") == "initiatief aan de dag leggen"
    assert initiative.label_in("lt") == "show initiative"  # no Lithuanian labels: English
    for language, count in {"nl": 2334, "de": 2334, "sv": 2207, "fi": 2207}.items():
        preferred = SkillLabel.objects.filter(language=language, preferred=True)
        assert preferred.values("skill_id").distinct().count() == count
    assert report.supplement == "skill_labels.csv"
    assert report.supplement_filled == 2334 * 2 + 2207 * 2
    assert report.seconds < 30
    again = esco_load()
    assert (again.labels_created, again.labels_updated, again.labels_deleted) == (0, 0, 0)


def test_energy_is_untouched_by_a_supplement_that_does_not_name_it(esco_folder, labels_file):
    esco_load(esco_folder, labels=labels_file)
    assert labels(ENERGY, "de") == {}
    assert Skill.objects.get(uri=ENERGY).label_in("de") == "energy"
