# Trygghetsportalen's container images (README "Operations" > "Deployment").
#
#   docker build -t trygghetsportalen .                    the app (default)
#   docker build --target proxy -t trygghetsportalen-proxy .
#
# One file named Dockerfile: docker, docker compose, podman and buildah all
# find it without -f. compose.yaml builds both images from it.

# --- app: gunicorn, the sharing worker and every manage.py command ----------
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/srv/trygghetsportalen/static \
    MEDIA_ROOT=/srv/trygghetsportalen/media \
    PROMETHEUS_MULTIPROC_DIR=/run/trygghetsportalen/metrics

# The app runs as this user; the code and static files stay root's, so a
# compromised process cannot change what it serves. Media (unless on S3)
# and the metrics directory are its own.
RUN useradd --create-home --uid 10001 --user-group app \
    && mkdir -p "$MEDIA_ROOT" "$PROMETHEUS_MULTIPROC_DIR" \
    && chown app:app "$MEDIA_ROOT" "$PROMETHEUS_MULTIPROC_DIR"

WORKDIR /app

# The pinned dependencies first (pyproject.toml; no dev extras), in a layer
# of their own that a change of code or README does not rebuild (an empty
# README.md stands in for the metadata's). The project itself installs no
# package (`packages = []`): the code runs from /app.
COPY pyproject.toml ./
RUN touch README.md && pip install .

COPY . .
# The same steps CI runs (.ci/run): translations, the deployment check,
# collectstatic into STATIC_ROOT.
RUN deploy/build.sh python

USER 10001:10001
EXPOSE 8000
# /healthz answers while the process does, without the database or cache
# (deploy/healthcheck.py asks as the first of ALLOWED_HOSTS).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]

# --- proxy: nginx serving /static and /media, passing the rest to app -------
FROM nginx:1.28-alpine AS proxy
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=app /srv/trygghetsportalen/static /srv/trygghetsportalen/static

# The default target (`docker build .`) is the app.
FROM app
