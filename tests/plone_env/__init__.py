"""A live Plone 6.2 for the tests: its own virtual environment (install),
Zope instances that create a site and serve it (instance), and a client of
a served site through plone.restapi (live).

Used by the live import tests (tests/plone_import/live/) and by
`make bench-peers` (tests/benchmarks/peers/plone.py); `make plone`
installs it (`python -m tests.plone_env`).
"""
