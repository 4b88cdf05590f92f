"""The browser session's demo served as production serves it: a copy of its
database, cms.settings.production (DEBUG off), and the collected static
files (STATIC_ROOT, hashed names) in front of the application, as nginx
serves them (deploy/nginx.conf).

Not `manage.py runserver --insecure`: that looks static files up in the
source folders, where the hashed names that ManifestStaticFilesStorage
writes into the pages do not exist, so no page would have its stylesheet.

    python -m tests.browser.production_server 127.0.0.1:<port>
"""

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
from django.views.static import serve


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database that a server is writing to
    (its WAL included), through SQLite's backup API."""
    with (
        contextlib.closing(sqlite3.connect(source)) as reader,
        contextlib.closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)


@dataclass
class ProductionSite:
    """GR's site at `url` (the members on <slug>.localhost, same port), its
    SQLite database alone in `database_dir`."""

    url: str
    database_dir: Path

    def member_url(self, slug: str) -> str:
        return self.url.replace("//localhost", f"//{slug}.localhost")

    @contextlib.contextmanager
    def database_gone(self) -> Iterator[None]:
        """The database's directory renamed away, with its WAL files: the
        server's next connection cannot open the database, as when the
        database server is gone. Put back afterwards."""
        aside = self.database_dir.with_name(f"{self.database_dir.name}-aside")
        self.database_dir.rename(aside)
        try:
            yield
        finally:
            aside.rename(self.database_dir)


class CollectedStaticFiles(StaticFilesHandler):
    """/static/ from STATIC_ROOT, as nginx does in production."""

    def serve(self, request):
        path = self.file_path(request.path)
        return serve(request, path, document_root=settings.STATIC_ROOT)


def main(address: str) -> None:
    django.setup()
    host, port = address.rsplit(":", 1)
    run(host, int(port), CollectedStaticFiles(get_wsgi_application()), threading=True)


if __name__ == "__main__":
    main(sys.argv[1])
