"""gunicorn's access log as structured fields (deploy/gunicorn.conf.py).

One line per request with its method, path, status, size, duration and request id (the
X-Request-ID the response carries), JSON like every other line when LOG_FORMAT=json. The path
only, never the query string: a search for a person's name would otherwise sit in the log.
/healthz, asked every few seconds by the load balancer, is left out. A path that carries a
secret (a partner's answer link) is written with the secret masked, here and in Django's own
lines ("Not Found: …") and runserver's: whoever reads the logs must not be able to answer in the
partner's place.
"""

import logging
import re

QUIET_PATHS = {"/healthz"}
# The paths whose last segment is a bearer secret (partners.urls "link_answer").
SECRET_PATH = re.compile(r"(/partners/answer/)[^/\s?]+")
# A query string inside a request line: from "?" to the next space.
QUERY_STRING = re.compile(r"\?\S*")


def mask_secrets(text: str) -> str:
    return SECRET_PATH.sub(r"\1…", text)


class SecretPathFilter(logging.Filter):
    """Masks the secret of an answer link in a log line's arguments (Django's request log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(mask_secrets(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = mask_secrets(record.msg)
        return True


class DevServerLineFilter(logging.Filter):
    """runserver's request lines ("GET /path?query HTTP/1.1" 200 …), which `make run` prints,
    without their query string, as gunicorn's: a search for a name stays out of the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (QUERY_STRING.sub("", record.args[0]), *record.args[1:])
        return True


class AccessLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else {}
        if atoms.get("U") in QUIET_PATHS:
            return False
        if "U" in atoms:
            atoms = {**atoms, "U": mask_secrets(atoms["U"])}
            record.args = atoms
        record.method = atoms.get("m", "-")
        record.path = atoms.get("U", "-")
        record.status = atoms.get("s", "-")
        record.bytes = atoms.get("B", "-")
        record.duration_ms = atoms.get("M", "-")
        record.request_id = atoms.get("{x-request-id}o", "-")
        return True
