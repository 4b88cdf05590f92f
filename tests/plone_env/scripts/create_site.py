"""Creates a Plone site, inside Plone's Python.

Run by tests/plone_env/instance.py as `zconsole run <zope.conf>
create_site.py` with the server stopped (the file storage admits one
process); zconsole binds the Zope root to `app`. Environment: PLONE_ADMIN
("user:password", the Zope root's Manager) and PLONE_SITE (instance.SiteSpec
as JSON: id, title, languages, timezone, profiles, field_indexes).

The site is what the classic distribution builds (plone.app.contenttypes,
plone.app.layout, Barceloneta), without its example content, with
plone.restapi installed, then the spec's extension profiles (e.g.
plone.restapi:blocks, which gives Document Volto's blocks and keeps its
rich text). With more than one language, plone.app.multilingual is
installed for them: a root folder per language (/Plone/sv, /Plone/en),
translations linked through the @translations endpoint. FieldIndexes are
added as an integrator's policy package would declare them in its
catalog.xml: single-valued keys that @search then filters on like any
other index. Idempotent: an existing site is left as it is, what it lacks
added.
"""

import json
import os
import sys

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.factory import addPloneSite
from zope.component import getUtility
from zope.component.hooks import setSite

CLASSIC_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
)
MULTILINGUAL_PROFILE = "plone.app.multilingual:default"


def say(message: str) -> None:
    """Into the instance's log (zconsole's output goes there)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def login_admin(app, user: str, password: str) -> None:
    """The Manager at the Zope root (mkwsgiinstance's inituser may not have
    been read yet when no server ever started), who then does the rest:
    the workflow checks its permissions (publishing the language folders)."""
    if app.acl_users.getUserById(user) is None:
        app.acl_users.userFolderAddUser(user, password, ["Manager"], [])
    admin = app.acl_users.getUserById(user)
    newSecurityManager(None, admin.__of__(app.acl_users))


def ensure_site(app, spec: dict):
    if spec["id"] not in app.objectIds():
        addPloneSite(
            app,
            spec["id"],
            title=spec["title"],
            default_language=spec["languages"][0],
            portal_timezone=spec["timezone"],
            extension_ids=CLASSIC_PROFILES + tuple(spec["profiles"]),
        )
        say(f"create_site: site {spec['id']!r} created")
    site = app[spec["id"]]
    setSite(site)
    return site


def ensure_languages(site, languages: list[str]) -> None:
    """The languages, and with more than one plone.app.multilingual, whose
    installation makes a root folder for each."""
    registry = getUtility(IRegistry)
    if list(registry["plone.available_languages"]) != languages:
        registry["plone.available_languages"] = languages
    if len(languages) < 2:
        return
    setup = site.portal_setup
    if setup.getLastVersionForProfile(MULTILINGUAL_PROFILE) == "unknown":
        setup.runAllImportStepsFromProfile(f"profile-{MULTILINGUAL_PROFILE}")
        say(f"create_site: plone.app.multilingual installed for {languages}")
    lacking = [code for code in languages if code not in site.objectIds()]
    if lacking:
        raise SystemExit(f"create_site: no language root folders {lacking}")


def ensure_indexes(site, names: list[str]) -> None:
    catalog = site.portal_catalog
    for name in names:
        if name not in catalog.indexes():
            catalog.addIndex(name, "FieldIndex")
            say(f"create_site: FieldIndex {name!r} added")


def main(app) -> None:
    user, password = os.environ["PLONE_ADMIN"].split(":", 1)
    spec = json.loads(os.environ["PLONE_SITE"])
    login_admin(app, user, password)
    site = ensure_site(app, spec)
    ensure_languages(site, list(spec["languages"]))
    ensure_indexes(site, list(spec["field_indexes"]))
    transaction.commit()
    say("create_site: done")
    # Closed, the FileStorage writes its index: the server need not rebuild
    # it from the whole file.
    app._p_jar.db().close()


if __name__ == "__main__":
    main(globals()["app"])
