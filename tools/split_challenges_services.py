"""Split a version of src/campus/challenges/services.py into the services/ package.

For merging issue 9 only (delete it afterwards): other branches changed the old single
file while it was being split. Resolve their edits on the old file first (take their
services.py), then run

    .venv/bin/python tools/split_challenges_services.py src/campus/challenges/services.py
    git rm -q --cached src/campus/challenges/services.py; rm src/campus/challenges/services.py
    .venv/bin/ruff check --fix -q src/campus/challenges/services
    .venv/bin/ruff format -q src/campus/challenges/services

It cuts the file at its section comments exactly as commit a93d7d0 did, gives each part
the whole import header (ruff removes what a part does not use) and imports from the
sibling parts every top-level name a part uses but does not define. services/__init__.py
is not rewritten: add any new public service to it.
"""

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src/campus/challenges/services"

# part: (docstring, first marker, constants that move with it)
PARTS = {
    "state": (
        "What every change of a challenge shares: the row lock, the state machine with its audit\n"
        "entry (ChallengeEvent), and who is told (notifications).",
        "# --- helpers",
        ["S"],
    ),
    "challenges": (
        "Posting and review of challenges: the fields a stakeholder writes, checked, and the steps\n"
        "draft → submitted → approved / returned / rejected → open.",
        "# --- validation of a challenge",
        ["EDITABLE_STATES"],
    ),
    "applications": (
        "Applying to an open challenge (students, lecturers, researchers) and withdrawing.",
        "# --- applications",
        [],
    ),
    "formation": (
        "Team formation: a run of the engine over the applicants of one or more challenges (a task),\n"
        "its report, the coordinator's moves, and the confirmation that makes the teams.",
        "# --- team formation",
        [],
    ),
    "workspace": (
        "The teams' work: starting it, milestones, deliverables (confidential files), delivering.",
        "# --- the teams' work",
        ["ALLOWED_EXTENSIONS"],
    ),
    "evaluation": (
        "The end of a challenge: the stakeholder's evaluation of each team, the students' credits\n"
        "in the challenge-based module (a catalogue run), and closing.",
        "@transaction.atomic\ndef team_evaluate",
        ["GRADE_FOR_RATING"],
    ),
}
ORDER = list(PARTS)


def top_level_names(source: str) -> set[str]:
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def used_names(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


def split(text: str) -> dict[str, str]:
    lines = text.split("\n")
    doc_end = lines.index('"""')
    first_code = next(i for i, line in enumerate(lines) if line.startswith("S = ChallengeState"))
    header = "\n".join(lines[doc_end + 1 : first_code]).strip("\n")
    # The parts sit one package deeper than the old module.
    header = re.sub(r"^from \.( import|\w)", r"from ..\1", header, flags=re.MULTILINE)
    constants = {}
    first_section = next(i for i, line in enumerate(lines) if line.startswith(PARTS["state"][1]))
    for line in lines[first_code:first_section]:
        if line.strip():
            constants[line.split(" = ")[0]] = line
    starts = []
    for name in ORDER:
        marker = PARTS[name][1]
        starts.append(text.index("\n" + marker) + 1)
    bodies = {}
    for k, name in enumerate(ORDER):
        end = starts[k + 1] if k + 1 < len(ORDER) else len(text)
        body = text[starts[k] : end].strip("\n") + "\n"
        body = re.sub(r"^(\s+)from \.( import|\w)", r"\1from ..\2", body, flags=re.MULTILINE)
        own = "\n".join(constants.pop(c) for c in PARTS[name][2] if c in constants)
        bodies[name] = (own + "\n\n\n" if own else "") + body
    leftover = "\n".join(constants.values())
    if leftover:  # a constant added by a branch goes to the shared part
        bodies["state"] = leftover + "\n" + bodies["state"]
    defined = {name: top_level_names(body) for name, body in bodies.items()}
    parts = {}
    for k, name in enumerate(ORDER):
        needed = used_names(bodies[name]) - defined[name]
        siblings = []
        for other in ORDER[:k]:  # a part imports only from the parts before it
            names = sorted(needed & defined[other])
            if names:
                siblings.append(f"from .{other} import {', '.join(names)}")
        parts[name] = (
            f'"""{PARTS[name][0]}"""\n\n{header}\n' + "\n".join(siblings) + "\n\n\n" + bodies[name]
        )
    return parts


def main(path: str) -> None:
    PACKAGE.mkdir(exist_ok=True)
    for name, text in split(Path(path).read_text()).items():
        (PACKAGE / f"{name}.py").write_text(text)


if __name__ == "__main__":
    main(sys.argv[1])
