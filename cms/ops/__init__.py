"""Running the CMS as a service: request ids, logs, health, readiness, metrics.

- request_id.py: every request gets an id (the proxy's X-Request-ID, or a
  new one), in every log line written while it is handled and in the
  response;
- logs.py: the LOGGING setting: JSON lines to stdout in production;
- auth_events.py: logins, failed logins and logouts in the log;
- mail.py: a mail backend that logs every failure as an error;
- health.py: /healthz and /readyz for load balancers;
- metrics.py: /metrics for Prometheus.
"""
