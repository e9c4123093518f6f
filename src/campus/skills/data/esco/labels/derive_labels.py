"""Derive skill_labels.csv from the alliance's multilingual ESCO label set (see README.md).

    python3 derive_labels.py /path/to/esco_skill_labels.jsonl

Keeps the skills (not the skill groups, which the campus does not store) and every language
but English (the English labels come from the ESCO extract one folder up); one row per skill
and language that has a label, the labels unchanged. Run it again when the label set changes;
the campus never reads the source file itself.
"""

import csv
import json
import sys
from pathlib import Path

COLUMNS = ["conceptUri", "language", "preferredLabel", "altLabels", "source", "escoVersion", "note"]
HERE = Path(__file__).resolve().parent


def derive(source: Path, target: Path) -> int:
    rows = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            concept = json.loads(line)
            if concept["type"] != "skill":
                continue
            for language, label in sorted(concept["labels"].items()):
                if language == "en" or not label or not label.get("pref"):
                    continue
                rows.append(
                    {
                        "conceptUri": concept["uri"],
                        "language": language,
                        "preferredLabel": label["pref"],
                        "altLabels": " | ".join(label.get("alt") or []),
                        "source": label["src"],
                        "escoVersion": label.get("esco") or "",
                        "note": label.get("note") or "",
                    }
                )
    rows.sort(key=lambda row: (row["language"], row["conceptUri"]))
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    count = derive(Path(sys.argv[1]), HERE / "skill_labels.csv")
    print(f"wrote {count} rows to {HERE / 'skill_labels.csv'}")
