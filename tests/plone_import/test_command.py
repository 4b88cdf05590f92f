"""manage.py import_plone: its errors, its output, and what it never shows."""

import io
import socket

from django.core.management import CommandError, call_command

import pytest

from .importing import import_site
from .plone_double import PASSWORD, USER
from .site_data import MAPPING, fixture_double

pytestmark = pytest.mark.django_db


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_plone", *args, stdout=out)
    return out.getvalue()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mapping_file(tmp_path):
    path = tmp_path / "mapping.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def test_an_unknown_site_is_a_clear_error():
    import_site()
    with pytest.raises(CommandError, match="kortnamnet molndal"):
        command("--url", "http://127.0.0.1:9/Plone", "--site", "molndal")


def test_a_bad_mapping_names_the_key(tmp_path):
    import_site()
    path = tmp_path / "mapping.toml"
    path.write_text("[subjects.'Skola']\nroles = ['rektorer']\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rektorer"):
        command(
            "--url", "http://127.0.0.1:9/Plone", "--site", "gr", "--mapping", str(path)
        )


def test_an_unreachable_plone_is_a_clear_error():
    import_site()
    url = f"http://127.0.0.1:{closed_port()}/Plone"
    with pytest.raises(CommandError, match="kunde inte nås"):
        command("--url", url, "--site", "gr", "--timeout", "1")


def test_credentials_in_the_url_are_refused():
    import_site()
    with pytest.raises(CommandError, match="PLONE_PASSWORD"):
        command("--url", "http://admin:hemligt@127.0.0.1:9/Plone", "--site", "gr")


def test_a_wrong_password_is_a_clear_error(settings):
    import_site()
    settings.PLONE_PASSWORD = "fel-lösenord"
    with fixture_double() as double, pytest.raises(CommandError, match="401"):
        command("--url", double.site_url, "--site", "gr", "--user", USER)


def test_an_import_prints_the_summary_and_writes_the_csv(
    settings, tmp_path, mapping_file
):
    import_site()
    settings.PLONE_PASSWORD = PASSWORD
    report = tmp_path / "rapport.csv"
    with fixture_double() as double:
        out = command(
            *("--url", double.site_url, "--site", "gr", "--user", USER),
            *("--mapping", str(mapping_file), "--csv", str(report)),
        )
    assert "typ        skapade  uppdaterade  oförändrade  misslyckade" in out
    assert f"CSV: {report}" in out
    csv_text = report.read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") == 19  # the header and a row per item
    assert "/Plone/sv/trygghet/lagesbild" in csv_text
    assert PASSWORD not in out and PASSWORD not in csv_text
