"""The delivery layer: what the public may see of each site, and how it is
listed, filtered, counted and searched.

Dependencies run one way: pages.models ← pages.delivery ← the API
(pages/api/, search/api.py), the reference site (pages/listing.py,
pages/reader.py, pages/views.py, search/views.py) and the feeds
(pages/feeds.py). The delivery layer never imports those readers, and
reaches the search engine only through the seam in search_seam.py, which
the search app fills in its AppConfig.ready().

- visibility.py: the one rule of what the public may see (every reader uses it);
- context.py: the site, locale and visible structure a request is about;
- memo.py: values kept per content version;
- filters.py: the list filters, each declared once; facets.py: their counts;
- search_seam.py: search matches, through the engine the search app registers;
- results.py: a page of results, in a few cheap queries.
"""
