from .article import ArticlePage
from .base import ResourcePage, ResourcePageRelated
from .content_version import ContentVersion
from .home import HomePage
from .link import LinkPage
from .podcast import PodcastEpisodePage, PodcastSeries
from .roles import ALL_STAFF_SLUG, ResourcePageRole, Role
from .sharing import (
    SharedPageMixin,
    ShareWith,
    SharingFailure,
    SharingOptOut,
    SharingSync,
    SharingWorker,
)
from .sites import SiteDirectory, SiteProfile
from .theme_hub import ThemeHubPage
from .topic import TopicPage
from .trash import TrashBin, TrashedPage
from .video import VideoPage
from .webinar import WebinarPage

RESOURCE_MODELS = (ArticlePage, VideoPage, WebinarPage, PodcastEpisodePage, LinkPage)

__all__ = [
    "ALL_STAFF_SLUG",
    "RESOURCE_MODELS",
    "ArticlePage",
    "ContentVersion",
    "HomePage",
    "LinkPage",
    "PodcastEpisodePage",
    "PodcastSeries",
    "ResourcePage",
    "ResourcePageRelated",
    "ResourcePageRole",
    "Role",
    "ShareWith",
    "SharingFailure",
    "SharingOptOut",
    "SharingSync",
    "SharingWorker",
    "SharedPageMixin",
    "SiteDirectory",
    "SiteProfile",
    "ThemeHubPage",
    "TopicPage",
    "TrashBin",
    "TrashedPage",
    "VideoPage",
    "WebinarPage",
]
