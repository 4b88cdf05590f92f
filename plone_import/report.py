"""The import report: one row per Plone item, a summary table, a CSV file."""

import csv
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # a type the import does not know, a language folder
    PROTECTED = "protected"  # changed in Wagtail after the import
    DELETED = "deleted"  # deleted in Wagtail after the import
    FAILED = "failed"


OUTCOME_LABELS = {
    Outcome.CREATED: gettext_lazy("skapad"),
    Outcome.UPDATED: gettext_lazy("uppdaterad"),
    Outcome.UNCHANGED: gettext_lazy("oförändrad"),
    Outcome.SKIPPED: gettext_lazy("hoppades över"),
    Outcome.PROTECTED: gettext_lazy("ändrad i Wagtail, lämnades orörd"),
    Outcome.DELETED: gettext_lazy("borttagen i Wagtail, skapades inte igen"),
    Outcome.FAILED: gettext_lazy("misslyckades"),
}
# The summary's columns, and the outcomes each counts.
COLUMNS = (
    (gettext_lazy("skapade"), {Outcome.CREATED}),
    (gettext_lazy("uppdaterade"), {Outcome.UPDATED}),
    (
        gettext_lazy("oförändrade"),
        {Outcome.UNCHANGED, Outcome.SKIPPED, Outcome.PROTECTED, Outcome.DELETED},
    ),
    (gettext_lazy("misslyckade"), {Outcome.FAILED}),
)
# Told below the table when they happened: they hide in "oförändrade".
NOTES = {
    Outcome.SKIPPED: gettext_lazy("Hoppades över (okänd typ, språkmapp m.m.): %(n)s"),
    Outcome.PROTECTED: gettext_lazy(
        "Ändrade i Wagtail efter förra importen och lämnades orörda (kör med "
        "--overwrite för att skriva över): %(n)s"
    ),
    Outcome.DELETED: gettext_lazy(
        "Borttagna i Wagtail efter förra importen och inte återskapade (kör med "
        "--overwrite för att skapa dem igen): %(n)s"
    ),
}
CSV_HEADER = (
    gettext_lazy("Plone-UID"),
    gettext_lazy("typ"),
    gettext_lazy("gammal adress"),
    gettext_lazy("ny adress"),
    gettext_lazy("resultat"),
    gettext_lazy("problem"),
)


@dataclass
class Row:
    uid: str
    portal_type: str
    old_url: str
    outcome: Outcome = Outcome.UNCHANGED
    new_url: str = ""
    problems: list[str] = field(default_factory=list)

    def problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)


@dataclass
class Report:
    dry_run: bool = False
    rows: list[Row] = field(default_factory=list)
    unmapped_keywords: Counter = field(default_factory=Counter)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def table(self) -> list[list[str]]:
        """The summary: a row per Plone type, a column per outcome group."""
        by_type: dict[str, Counter] = {}
        for row in self.rows:
            by_type.setdefault(row.portal_type, Counter())[row.outcome] += 1
        lines = [[_("typ"), *(str(label) for label, _outcomes in COLUMNS)]]
        totals = Counter()
        for portal_type in sorted(by_type):
            counts = by_type[portal_type]
            totals.update(counts)
            lines.append([portal_type, *_cells(counts)])
        lines.append([_("totalt"), *_cells(totals)])
        return lines

    def summary(self) -> str:
        """The table as text, with what it hides and the unmapped keywords."""
        lines = self.table()
        widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
        text = []
        if self.dry_run:
            text.append(_("Provkörning (--dry-run): inget sparades."))
        for number, line in enumerate(lines):
            cells = [line[0].ljust(widths[0])]
            cells += [
                cell.rjust(width)
                for cell, width in zip(line[1:], widths[1:], strict=True)
            ]
            text.append("  ".join(cells).rstrip())
            if number == 0 or number == len(lines) - 2:
                text.append("  ".join("-" * width for width in widths))
        for outcome, note in NOTES.items():
            if self.count(outcome):
                text.append(str(note) % {"n": self.count(outcome)})
        if self.unmapped_keywords:
            keywords = ", ".join(
                f"{keyword} ({count})"
                for keyword, count in sorted(self.unmapped_keywords.items())
            )
            text.append(
                _("Nyckelord utan mappning: %(keywords)s") % {"keywords": keywords}
            )
        return "\n".join(text)

    def write_csv(self, path: str | Path) -> None:
        """Every row, for a spreadsheet: UTF-8 with a BOM, as Excel wants it."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8-sig") as file:
            writer = csv.writer(file)
            writer.writerow([str(heading) for heading in CSV_HEADER])
            for row in self.rows:
                writer.writerow(
                    [
                        row.uid,
                        row.portal_type,
                        row.old_url,
                        row.new_url,
                        str(OUTCOME_LABELS[row.outcome]),
                        " | ".join(row.problems),
                    ]
                )


def _cells(counts: Counter) -> list[str]:
    return [
        str(sum(counts[outcome] for outcome in outcomes))
        for _label, outcomes in COLUMNS
    ]
