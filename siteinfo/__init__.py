"""The pages Swedish law and practice ask of a public-sector site, one set per site.

Each site (GR and each member) has its own accessibility statement, contact
page and page about cookies and personal data: children of the site's home
page, at most one of each per home, translated like the other pages and
never shared from GR to the members. Every page's footer links to them
(templates/includes/footer.html, siteinfo/footer.py).
"""
