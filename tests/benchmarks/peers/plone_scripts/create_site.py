"""Creates the Plone site of the side-by-side benchmark, inside Plone's Python.

Run by tests/benchmarks/peers/plone.py as
`zconsole run <zope.conf> create_site.py` with the server stopped (the file
storage admits one process); zconsole binds the Zope root to `app`.
Environment: PLONE_BENCH_ADMIN ("user:password") for the Zope root's
Manager who loads the content.

The site is what the classic distribution builds (plone.app.contenttypes,
plone.app.layout, Barceloneta), without its example content, in Swedish,
with plone.restapi installed. Theme, topic and kind become catalog
FieldIndexes, as an integrator's policy package would declare them in its
catalog.xml: single-valued keys that `@search` then filters on like any
other index (the peer's load sets them as plain attributes on the
Documents). Idempotent: an existing site is left as it is, its missing
indexes added.
"""

import os
import sys

import transaction
from Products.CMFPlone.factory import addPloneSite
from zope.component.hooks import setSite

SITE_ID = "Plone"
LANGUAGE = "sv"
PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
)
FIELD_INDEXES = ("theme", "topic", "kind")


def say(message: str) -> None:
    """Into the peer's server log (zconsole's output goes there)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def ensure_admin(app, user: str, password: str) -> None:
    """The Manager at the Zope root (mkwsgiinstance's inituser may not have
    been read yet when no server ever started)."""
    if app.acl_users.getUserById(user) is None:
        app.acl_users.userFolderAddUser(user, password, ["Manager"], [])


def ensure_site(app):
    if SITE_ID not in app.objectIds():
        addPloneSite(
            app,
            SITE_ID,
            title="Trygghetsportalen (Plone)",
            default_language=LANGUAGE,
            portal_timezone="Europe/Stockholm",
            extension_ids=PROFILES,
        )
        say(f"create_site: site {SITE_ID!r} created")
    site = app[SITE_ID]
    setSite(site)
    return site


def ensure_indexes(site) -> None:
    catalog = site.portal_catalog
    for name in FIELD_INDEXES:
        if name not in catalog.indexes():
            catalog.addIndex(name, "FieldIndex")
            say(f"create_site: FieldIndex {name!r} added")


def main(app) -> None:
    user, password = os.environ["PLONE_BENCH_ADMIN"].split(":", 1)
    ensure_admin(app, user, password)
    site = ensure_site(app)
    ensure_indexes(site)
    transaction.commit()
    say("create_site: done")
    # Closed, the FileStorage writes its index: the server need not rebuild
    # it from the whole file.
    app._p_jar.db().close()


if __name__ == "__main__":
    main(globals()["app"])
