"""Loaded into the worker of test_worker_kill.py only (`celery worker --include`), never by the
app: once an import has written its households and persons (inside its transaction), it waits
SLOW_WRITING_SECONDS, writing a line to the file named by SLOW_WRITING_LOG before and after, so
the test can kill the worker in the middle of the import and count the imports that went on."""

import os
import time

from history_import.writing import Writer

_original = Writer._status_changes


def _log(event: str) -> None:
    with open(os.environ["SLOW_WRITING_LOG"], "a") as handle:
        handle.write(f"{event} {os.getpid()}\n")


def _slow_status_changes(self, cases, households):
    _log("start")
    time.sleep(float(os.environ.get("SLOW_WRITING_SECONDS", "3")))
    _original(self, cases, households)
    _log("end")


Writer._status_changes = _slow_status_changes
