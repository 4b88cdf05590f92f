"""Signed webhooks (Standard Webhooks) to the sites that build on the API."""
