from .accessibility import (
    DIGG_REPORT_URL,
    AccessibilityStatementPage,
    AssessmentMethod,
    Compliance,
)
from .base import SiteInfoPage, tel_uri
from .contact import ContactPage
from .privacy import PrivacyPage

# In the order the footer links to them.
SITE_INFO_MODELS = (AccessibilityStatementPage, ContactPage, PrivacyPage)

__all__ = [
    "DIGG_REPORT_URL",
    "SITE_INFO_MODELS",
    "AccessibilityStatementPage",
    "AssessmentMethod",
    "Compliance",
    "ContactPage",
    "PrivacyPage",
    "SiteInfoPage",
    "tel_uri",
]
