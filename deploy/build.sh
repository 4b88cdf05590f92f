#!/bin/sh
# The build steps that the container image (Containerfile) and CI (.ci/run)
# share, after the project's dependencies are installed: compile the
# interface translations, check the production settings for deployment, and
# collect the static files (STATIC_ROOT) with their hashed names.
#
#   deploy/build.sh [PYTHON]    PYTHON: the interpreter (default: python)
#
# Production settings refuse to start without SECRET_KEY and ALLOWED_HOSTS:
# these stand-ins exist only for the commands below, so nothing secret is
# baked into an image and the build needs no secret. A running container
# gets the real ones from its environment (.env).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${1:-python}"

export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY=build-time-stand-in-never-used-to-serve-0123456789abcdef
export ALLOWED_HOSTS=build.invalid

"$PYTHON" manage.py build_messages
"$PYTHON" manage.py check --deploy --fail-level WARNING
"$PYTHON" manage.py collectstatic --no-input
