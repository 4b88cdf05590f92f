"""Who may edit what: editor groups per site, GR's review workflow, shared aliases.

The editorial model (README, "Who may do what", whose table
tests/pages/test_permission_table.py checks cell by cell):

- GR's editors write and translate in GR's tree and submit to the
  "Granskning GR" workflow; they cannot publish, because what GR publishes
  reaches 13 municipalities at once.
- GR's reviewers approve (which publishes), and may publish, unpublish and
  delete GR material directly, translations included.
- GR's translators translate GR's pages into English; they may not change
  the Swedish originals, nor publish.
- Each member's editors edit and publish their own tree directly: members
  have no review workflow unless an administrator gives one to their site.

Material shared from GR appears in the members' trees as aliases
(pages/syndication/): member editors may hide it on their site but never
edit, convert, move, unpublish or delete it; GR's editors and superusers may.
The admin hooks enforcing this are in pages/permission_hooks.py.

The model is written down in definitions.py (group names, permissions,
messages), set up in the database by groups.py (ensure_groups), and
checked by refusals.py, which the admin hooks ask.
"""

from pages.models.sharing import GR_EDITORS

from .definitions import (
    GR_COLLECTION_PERMISSIONS,
    GR_MODEL_PERMISSIONS,
    GR_REVIEW_NOTICE,
    GR_REVIEW_TASK,
    GR_REVIEWERS,
    GR_TRANSLATORS,
    GR_WORKFLOW,
    MEMBER_PAGE_PERMISSIONS,
    SHARED_ALIAS_MESSAGE,
    SHARED_DESCENDANTS_MESSAGE,
    STOCK_GROUPS,
    STOCK_WORKFLOW,
    TRANSLATOR_MESSAGE,
)
from .groups import (
    ensure_demo_users,
    ensure_groups,
    ensure_member_group,
    grant_group,
    retire_stock_setup,
)
from .refusals import is_translator_only, refusal, translator_refusal

__all__ = [
    "GR_COLLECTION_PERMISSIONS",
    "GR_EDITORS",
    "GR_MODEL_PERMISSIONS",
    "GR_REVIEWERS",
    "GR_REVIEW_NOTICE",
    "GR_REVIEW_TASK",
    "GR_TRANSLATORS",
    "GR_WORKFLOW",
    "MEMBER_PAGE_PERMISSIONS",
    "SHARED_ALIAS_MESSAGE",
    "SHARED_DESCENDANTS_MESSAGE",
    "STOCK_GROUPS",
    "STOCK_WORKFLOW",
    "TRANSLATOR_MESSAGE",
    "ensure_demo_users",
    "ensure_groups",
    "ensure_member_group",
    "grant_group",
    "is_translator_only",
    "refusal",
    "retire_stock_setup",
    "translator_refusal",
]
