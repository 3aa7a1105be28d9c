"""gunicorn's access log as structured fields (deploy/gunicorn.conf.py).

One line per request with its method, path, status, size, duration and request id (the
X-Request-ID the response carries), JSON like every other line when LOG_FORMAT=json. The path
only, never the query string: a search for a person's name would otherwise sit in the log.
/healthz, asked every few seconds by the load balancer, is left out.
"""

import logging

QUIET_PATHS = {"/healthz"}


class AccessLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else {}
        if atoms.get("U") in QUIET_PATHS:
            return False
        record.method = atoms.get("m", "-")
        record.path = atoms.get("U", "-")
        record.status = atoms.get("s", "-")
        record.bytes = atoms.get("B", "-")
        record.duration_ms = atoms.get("M", "-")
        record.request_id = atoms.get("{x-request-id}o", "-")
        return True
