"""The container's health check: exit 0 when this web container's /healthz answers 200.

Asked on the container itself, with a Host the app accepts (the first of ALLOWED_HOSTS).
"""

import http.client
import os
import sys

host = (os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip() or "localhost").lstrip(".")
port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
try:
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=4)
    connection.request("GET", "/healthz", headers={"Host": host})
    status = connection.getresponse().status
except OSError as error:
    print(f"healthz unreachable: {error}")
    sys.exit(1)
print(f"healthz: {status}")
sys.exit(0 if status == 200 else 1)
