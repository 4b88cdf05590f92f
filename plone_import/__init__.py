"""Importing material from a Plone 6 site (plone.restapi) into Wagtail."""
