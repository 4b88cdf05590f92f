"""Which machine translator the admin offers, from the environment.

cms/settings/base.py reads the variables and calls machine_translator(); a
configuration that cannot work (an unknown name, a missing key) gives no
translator and a problem, which `manage.py check` and the admin's dashboard
show, instead of failing every request (or only the first translation).
No Django models here: settings import this module.
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

TRANSLATORS = ("dummy", "deepl", "libretranslate")
DUMMY = "wagtail_localize.machine_translators.dummy.DummyTranslator"
DEEPL = "localization.machine.DeepLTranslator"
LIBRETRANSLATE = "localization.machine.LibreTranslator"


def machine_translator(
    name: str,
    *,
    deepl_auth_key: str | None = None,
    libretranslate_url: str | None = None,
    libretranslate_api_key: str | None = None,
) -> tuple[dict | None, str | None]:
    """(WAGTAILLOCALIZE_MACHINE_TRANSLATOR, problem): the translator `name`
    configured, or None and why, when it cannot work. An empty name is no
    translator and no problem."""
    name = name.strip().lower()
    if name in ("", "none"):
        return None, None
    if name == "dummy":
        return {"CLASS": DUMMY, "OPTIONS": {}}, None
    if name == "deepl":
        if not deepl_auth_key:
            return None, _(
                "Maskinöversättning med DeepL är vald (MACHINE_TRANSLATOR=deepl) "
                "men nyckeln saknas: sätt DEEPL_AUTH_KEY."
            )
        return {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": deepl_auth_key}}, None
    if name == "libretranslate":
        url = (libretranslate_url or "").strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None, _(
                "Maskinöversättning med LibreTranslate är vald "
                "(MACHINE_TRANSLATOR=libretranslate) men LIBRETRANSLATE_URL saknas "
                "eller är ingen http(s)-adress."
            )
        options = {"LIBRETRANSLATE_URL": url, "API_KEY": libretranslate_api_key or ""}
        return {"CLASS": LIBRETRANSLATE, "OPTIONS": options}, None
    return None, _(
        "Okänd maskinöversättare i MACHINE_TRANSLATOR: %(name)s. "
        "Tillåtna värden: %(allowed)s."
    ) % {"name": name, "allowed": ", ".join(TRANSLATORS)}
