"""The mapping file: its shape, its slugs, and errors that name the key."""

import tomllib
from pathlib import Path

import pytest

from pages.models import TopicPage
from plone_import.mapping import (
    MappingError,
    TopicChoice,
    check_mapping,
    load_mapping,
    parse_mapping,
)

from .importing import import_site

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/plone-import-mapping.example.toml"


def parse(text: str):
    return parse_mapping(tomllib.loads(text))


def test_a_mapping_is_read_with_defaults_filled_in():
    mapping = parse(
        """
        [defaults]
        organisation = "GR"
        theme = "trygghetsskapande"
        [folders."/sv/trygghet/"]
        topic = "Trygghet"
        [subjects."Bygg och fastighet"]
        roles = ["bygg-och-fastighet"]
        [creators]
        admin = "Mölndals stad"
        """
    )
    assert mapping.folders == {
        "/sv/trygghet": TopicChoice("Trygghet", "trygghetsskapande")
    }
    assert mapping.subjects["bygg och fastighet"].roles == ("bygg-och-fastighet",)
    assert mapping.creators == {"admin": "Mölndals stad"}
    assert mapping.default_topic is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[defaults]\ncolour = 'blå'", "[defaults] colour"),
        ("[folders.'/sv/x']\ntopic = 'X'", "[defaults] theme"),
        ("[defaults]\ntheme = 't'\n[folders.'sv/x']\ntopic = 'X'", 'folders."sv/x"'),
        ("[subjects.'Skola']\nroles = 'skola'", 'subjects."Skola"'),
        ("[subjects.'Skola']\n", 'subjects."Skola"'),
        ("[creators]\nadmin = 3", "[creators] admin"),
        ("[defaults]\ntopic = 'x'", "[defaults] theme"),
        ("folders = 3", "[folders]"),
    ],
)
def test_a_bad_mapping_names_the_key(text, named):
    with pytest.raises(MappingError) as error:
        parse(text)
    assert named in str(error.value)


def test_a_file_that_is_not_toml_names_the_line(tmp_path):
    path = tmp_path / "mapping.toml"
    path.write_text('[defaults]\norganisation = "GR"\ntheme = \n', encoding="utf-8")
    with pytest.raises(MappingError) as error:
        load_mapping(path)
    assert "line 3" in str(error.value)
    with pytest.raises(MappingError):
        load_mapping(tmp_path / "missing.toml")


@pytest.mark.django_db
def test_slugs_are_checked_against_the_site():
    home = import_site()
    good = load_mapping(EXAMPLE)
    good.folders.pop("/sv/organiserad-brottslighet")
    good.subjects.pop("hot och våld")
    good.topic = "otillaten-paverkan"  # build_site's topic, under motverka-brott
    check_mapping(good, home)
    for text, named in [
        ("[subjects.'X']\nroles = ['rektorer']", "rektorer"),
        ("[defaults]\ntheme = 'okant-tema'", "okant-tema"),
        (
            "[defaults]\ntheme = 'trygghetsskapande'\ntopic = 'inget-sadant-amne'",
            "inget-sadant-amne",
        ),
    ]:
        with pytest.raises(MappingError) as error:
            check_mapping(parse(text), home)
        assert named in str(error.value)
    # A title is not a slug: the topic is made when needed.
    check_mapping(
        parse("[defaults]\ntheme = 'trygghetsskapande'\ntopic = 'Övrigt'"), home
    )
    assert not TopicPage.objects.filter(title="Övrigt").exists()
