from django import template

from pages import syndication

register = template.Library()


@register.simple_tag
def shared_alias_info(page, user) -> dict | None:
    """For an alias of a hub resource: where it comes from and what the user may do."""
    if not page.alias_of_id:
        return None
    original = page.alias_of
    origin = syndication.site_profile_of(original)
    if origin is None or not origin.is_hub:
        return None
    return {
        "origin": origin.site.site_name,
        "synced_at": page.last_published_at,
        "can_edit_original": original.permissions_for_user(user).can_edit(),
    }
