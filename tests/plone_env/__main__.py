"""`make plone`: install Plone's virtual environment (idempotent)."""

import sys

from tests.plone_env.install import main

sys.exit(main())
