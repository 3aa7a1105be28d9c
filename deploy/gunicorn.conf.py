"""gunicorn's settings, the same for `make run-stack`, the image and docker-compose.yml.

WEB_CONCURRENCY worker processes (3 by default: about 2 per core, plus one), listening on
GUNICORN_BIND. Every log line on stdout, JSON when LOG_FORMAT=json (the default when DEBUG is
off), the access log with the request id and without /healthz (clefdefrance/access_log.py).
"""

import os

wsgi_app = "clefdefrance.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A worker is replaced after this many requests, so that slow leaks never add up.
max_requests = 2000
max_requests_jitter = 200
# A request still running after this long is killed: builds that take longer are tasks.
timeout = 60
access_log_format = "%(m)s %(U)s %(s)s %(M)sms"

_debug = os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
_format = os.environ.get("LOG_FORMAT", "").strip().lower() or ("text" if _debug else "json")
_json = "pythonjsonlogger.json.JsonFormatter"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "access": {"()": "clefdefrance.access_log.AccessLogFilter"},
        "request_id": {"()": "clefdefrance.request_id.RequestIdFilter"},
    },
    "formatters": {
        "json": {
            "()": _json,
            "format": "%(levelname)s %(name)s %(message)s",
            "timestamp": "time",  # ISO 8601, UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
        },
        "json_access": {
            "()": _json,
            "format": "%(name)s %(method)s %(path)s %(status)s %(bytes)s"
            " %(duration_ms)s %(request_id)s",
            "timestamp": "time",  # ISO 8601, UTC
            "rename_fields": {"name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "text_access": {"format": "%(asctime)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": _format},
        "access": {
            "class": "logging.StreamHandler",
            "formatter": f"{_format}_access",
            "filters": ["access"],
            "stream": "ext://sys.stdout",
        },
    },
    # Until Django's LOGGING takes over in each worker process (settings_infra.py).
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
