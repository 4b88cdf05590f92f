"""Admin panels about sharing, shown on GR's resources."""

from wagtail.admin.panels import Panel
from wagtail.models import Page, Site

from pages.models.sharing import SharingSync, SharingWorker


def site_names_by_root() -> list[tuple[str, str]]:
    """(root url_path, site name) for every site and locale root."""
    names = dict(Site.objects.values_list("pk", "site_name"))
    return [
        (root.root_path, names.get(root.site_id, ""))
        for root in Site.get_site_root_paths()
    ]


def site_name_of(url_path: str, roots: list[tuple[str, str]]) -> str:
    for root_path, name in roots:
        if url_path.startswith(root_path):
            return name
    return ""


class SharingStatusPanel(Panel):
    """Which member sites show this resource, which hid it, and what failed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/admin/sharing_status_panel.html"

        def is_shown(self):
            # With the sharing fields (GR's pages only, pages/forms.py).
            return self.form is None or "share_with" in self.form.fields

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            if page.pk is None:
                return context | {"saved": False}
            roots = site_names_by_root()
            shown = page.aliases.filter(live=True).only(
                "id", "url_path", "last_published_at"
            )
            sync = SharingSync.objects.filter(original=page).first()
            running = sync is not None and sync.runner_alive()
            # The form edits the latest draft; the members get what is live.
            published_at = (
                Page.objects.filter(pk=page.pk)
                .values_list("last_published_at", flat=True)
                .first()
            )
            context |= {
                "page": page,
                "saved": True,
                "shown_on": sorted(
                    (site_name_of(alias.url_path, roots), alias) for alias in shown
                ),
                "sync": sync,
                # Running, by a worker or process that has not died (a dead
                # one's fan-out is shown as stopped and can be run again).
                "running": running,
                "stopped": sync is not None and sync.running and not running,
                # Owed, and no worker to do it: the editor is told to ask.
                "no_worker": sync is not None
                and sync.pending
                and not SharingWorker.objects.alive().exists(),
                # Aliases that show the latest publish (Wagtail copies its time).
                "current_count": sum(
                    alias.last_published_at == published_at for alias in shown
                ),
                "hidden_on": sorted(
                    opt_out.site.site.site_name
                    for opt_out in page.sharing_opt_outs.select_related("site__site")
                ),
                "failures": page.sharing_failures.select_related("site__site"),
            }
            return context
