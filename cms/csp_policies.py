"""The Content-Security-Policy of each area (cms/security_headers.py applies them).

The staff site and the API docs run no inline script or style: everything
comes from our own static files, so their policy is strict. Wagtail's admin
writes inline scripts and styles, so its policy allows them, and blob: and
data: images (upload previews), except on the pages open to anyone (login,
password reset), which run no inline script. Both allow the media origins of
CSP_MEDIA_ORIGINS (an S3 bucket or a CDN serving uploads) and the video
players an editor may embed. Read by the settings: no Django import here.
"""

from csp.constants import NONE, SELF

# The players pages/models/video.py embeds, only after the reader asks.
VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def site_policy(media_origins: list[str]) -> dict[str, list[str]]:
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_origins],
        "media-src": [SELF, *media_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *VIDEO_PLAYERS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }


def admin_policy(
    media_origins: list[str], inline_scripts: bool = True
) -> dict[str, list[str]]:
    """Wagtail's admin: its widgets (choosers, date pickers, inline panels)
    start from inline scripts, which Wagtail 8 still writes (wagtail#1288,
    roadmap#92), so the editing pages need them; the login and password
    pages, the ones open to anyone, do not (inline_scripts=False)."""
    policy = site_policy(media_origins)
    policy.update(
        {
            "script-src": [SELF, "'unsafe-inline'"] if inline_scripts else [SELF],
            # Wagtail's admin sets style attributes in its templates.
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": [SELF, "data:", "blob:", *media_origins],
            "media-src": [SELF, "blob:", *media_origins],
            "font-src": [SELF, "data:"],
        }
    )
    return policy
