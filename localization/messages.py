"""Compile the interface translations (locale/*/LC_MESSAGES/*.po) to .mo.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine
lacks; polib (which wagtail-localize depends on) writes the same files.
"""

from pathlib import Path

from django.conf import settings

import polib


def message_catalogues() -> list[Path]:
    return sorted(
        po
        for directory in settings.LOCALE_PATHS
        for po in Path(directory).glob("*/LC_MESSAGES/*.po")
    )


def compile_messages(force: bool = False) -> list[Path]:
    """Write each catalogue's .mo beside it when the .po is newer (or
    `force`); returns the .mo files written."""
    written = []
    for po_path in message_catalogues():
        mo_path = po_path.with_suffix(".mo")
        if (
            not force
            and mo_path.exists()
            and mo_path.stat().st_mtime >= po_path.stat().st_mtime
        ):
            continue
        catalogue = polib.pofile(str(po_path))
        # As msgfmt does: fuzzy entries are not used.
        for entry in catalogue.fuzzy_entries():
            if entry.msgid:
                catalogue.remove(entry)
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
