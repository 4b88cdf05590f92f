"""Loads the benchmark's records as published Documents, inside Plone's Python.

Run by tests/benchmarks/peers/plone.py (through tests/plone_env/instance.py)
as `zconsole run <zope.conf> load_records.py` with the server stopped (the file
storage admits one process); zconsole binds the Zope root to `app`.
Environment: PLONE_BENCH_RECORDS (the records as JSON, common.Record's
fields), PLONE_ADMIN ("user:password"), PLONE_BENCH_BATCH (records
per transaction).

Every record becomes a Document in the folder /Plone/resurser, its id
"resurs-<uid>" (the uids are page ids, digits only): title, description
(the summary), text (the body as HTML paragraphs), Subject (the role
slugs), effective date (published), and theme, topic and kind as attributes
that the FieldIndexes of tests/plone_env/scripts/create_site.py index. Each
goes through Plone's own API (created, added, published by the workflow
tool), so the catalog indexes it as it would any editor's document; the
indexing queue flushes at each batch's commit. The folder is emptied
first (deleted and created again): the peer only calls this script when the
site does not hold these records already.

Automatic versioning of Documents is off while loading and restored after:
an initial version per document is what an editor's add form makes, not a
bulk import, and it would double the load's time and the storage.
"""

import html
import json
import os
import sys
import time

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from DateTime import DateTime
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContentInContainer
from zope.component.hooks import setSite

SITE_ID = "Plone"
FOLDER_ID = "resurser"


def say(message: str) -> None:
    """Into the peer's server log (zconsole's output goes there)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def as_html(body: str) -> str:
    """Plain text to paragraphs: one <p> per blank-line separated block."""
    blocks = [block.strip() for block in body.split("\n\n")]
    return "".join(
        "<p>" + html.escape(block).replace("\n", "<br />") + "</p>"
        for block in blocks
        if block
    )


def login(app, credentials: str) -> None:
    user_id = credentials.split(":", 1)[0]
    user = app.acl_users.getUserById(user_id)
    if user is None:
        raise SystemExit(f"load_records: no user {user_id!r} (run create_site.py)")
    newSecurityManager(None, user.__of__(app.acl_users))


def fresh_folder(site):
    """The folder the records go into, empty and published."""
    if FOLDER_ID in site.objectIds():
        started = time.monotonic()
        site.manage_delObjects([FOLDER_ID])
        transaction.commit()
        say(
            f"load_records: old {FOLDER_ID!r} deleted in "
            f"{time.monotonic() - started:.1f} s",
        )
    folder = createContentInContainer(
        site, "Folder", checkConstraints=False, id=FOLDER_ID, title="Resurser"
    )
    site.portal_workflow.doActionFor(folder, "publish")
    return folder


def add_document(folder, workflow, record: dict) -> None:
    document = createContentInContainer(
        folder,
        "Document",
        checkConstraints=False,
        id=f"resurs-{record['uid']}",
        title=record["title"],
        description=record["summary"],
        text=RichTextValue(as_html(record["body"]), "text/html", "text/x-html-safe"),
        # Plain attributes, indexed by the FieldIndexes of the same names.
        theme=record["theme"],
        topic=record["topic"],
        kind=record["kind"],
    )
    document.setSubject(tuple(record["roles"]))
    published = DateTime(record["published"])
    document.setEffectiveDate(published)
    document.creation_date = published
    workflow.doActionFor(document, "publish")
    document.reindexObject()


def load(site, records: list[dict], batch: int) -> None:
    workflow = site.portal_workflow
    folder = fresh_folder(site)
    started = time.monotonic()
    for number, record in enumerate(records, start=1):
        add_document(folder, workflow, record)
        if number % batch == 0 or number == len(records):
            transaction.commit()
            elapsed = time.monotonic() - started
            say(
                f"load_records: {number}/{len(records)} in {elapsed:.1f} s "
                f"({number / elapsed:.0f}/s)",
            )


def main(app) -> None:
    credentials = os.environ["PLONE_ADMIN"]
    with open(os.environ["PLONE_BENCH_RECORDS"], encoding="utf-8") as file:
        records = json.load(file)
    batch = int(os.environ.get("PLONE_BENCH_BATCH", "500"))
    login(app, credentials)
    site = app[SITE_ID]
    setSite(site)
    repository = site.portal_repository
    versionable = list(repository.getVersionableContentTypes())
    repository.setVersionableContentTypes([t for t in versionable if t != "Document"])
    try:
        load(site, records, batch)
    finally:
        transaction.abort()
        repository.setVersionableContentTypes(versionable)
        transaction.commit()
    say(f"load_records: done, {len(site[FOLDER_ID])} documents")
    # Packed, as a site's nightly job would: the storage holds the current
    # objects, not every batch's catalog revisions nor the records before.
    # Closed, the FileStorage writes its index: the server need not rebuild
    # it from the whole file.
    database = app._p_jar.db()
    started = time.monotonic()
    database.pack()
    say(f"load_records: packed in {time.monotonic() - started:.1f} s")
    database.close()


if __name__ == "__main__":
    main(globals()["app"])
