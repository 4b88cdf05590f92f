"""The report: the summary table and the CSV file."""

import csv

from plone_import.report import Outcome, Report, Row


def sample() -> Report:
    report = Report()
    report.add(
        Row("u1", "Document", "https://plone/sv/a", Outcome.CREATED, "https://ny/a")
    )
    report.add(Row("u2", "Document", "https://plone/sv/b", Outcome.PROTECTED))
    failed = report.add(Row("u3", "File", "https://plone/sv/c.pdf", Outcome.FAILED))
    failed.problem("Plone svarade 500 på https://plone/sv/c.pdf.")
    failed.problem("Plone svarade 500 på https://plone/sv/c.pdf.")
    failed.problem("Andra raden; med semikolon")
    report.add(Row("u4", "Event", "https://plone/sv/d", Outcome.SKIPPED))
    report.unmapped_keywords.update(["Okänt", "Okänt", "Annat"])
    return report


def test_the_summary_counts_outcomes_per_type():
    assert sample().table() == [
        ["typ", "skapade", "uppdaterade", "oförändrade", "misslyckade"],
        ["Document", "1", "0", "1", "0"],
        ["Event", "0", "0", "1", "0"],
        ["File", "0", "0", "0", "1"],
        ["totalt", "1", "0", "2", "1"],
    ]
    text = sample().summary()
    assert "\nDocument        1            0            1            0\n" in text
    assert "lämnades orörda (kör med --overwrite" in text
    assert "Nyckelord utan mappning: Annat (1), Okänt (2)" in text
    assert "Provkörning" not in text


def test_the_csv_has_a_row_per_item_with_its_problems(tmp_path):
    path = tmp_path / "rapport" / "import.csv"
    sample().write_csv(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [
        "Plone-UID",
        "typ",
        "gammal adress",
        "ny adress",
        "resultat",
        "problem",
    ]
    assert rows[1] == [
        "u1",
        "Document",
        "https://plone/sv/a",
        "https://ny/a",
        "skapad",
        "",
    ]
    assert rows[3][4:] == [
        "misslyckades",
        "Plone svarade 500 på https://plone/sv/c.pdf. | Andra raden; med semikolon",
    ]
    assert len(rows) == 5
