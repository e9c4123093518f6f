"""python -m campus.mobility.ewp: checking files offline."""

from dataclasses import replace

from campus.mobility.ewp import xml as ewp_xml
from campus.mobility.ewp.__main__ import main
from tests.mobility.ewp.samples import agreement

EXAMPLE = ewp_xml.SCHEMA_DIR / "omobility-las-get-response-example.xml"


def test_a_valid_file_is_reported_valid(capsys):
    assert main([str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == f"{EXAMPLE}: valid, 1 learning agreement(s)\n"


def test_invalid_files_and_broken_rules_are_each_reported(tmp_path, capsys):
    invalid = tmp_path / "invalid.xml"
    invalid.write_bytes(EXAMPLE.read_bytes().replace(b"<gender>1</gender>", b"<gender>5</gender>"))
    unsigned = tmp_path / "unsigned.xml"
    unsigned_version = replace(agreement().first_version, receiving_hei_signature=None)
    unsigned.write_bytes(ewp_xml.render([agreement(first_version=unsigned_version)]))

    assert main([str(EXAMPLE), str(invalid), str(unsigned), str(tmp_path / "missing.xml")]) == 1

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{EXAMPLE}: valid, 1 learning agreement(s)"
    assert out[1].startswith(f"{invalid}: not a valid EWP omobility-las-get-response 1.2.0")
    assert "/la/student/gender: value must be one of [0, 1, 2, 9]" in out[1]
    assert out[2] == (
        f"{unsigned}: heroes-la-42: first-version: the receiving HEI's signature must be given"
    )
    assert out[3].startswith(f"{tmp_path / 'missing.xml'}: [Errno 2]")
