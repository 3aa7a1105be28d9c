"""Loaded into the worker of test_worker_kill.py only (`celery worker --include`), never by the
app: it slows the yearly PDF down by SLOW_RENDER_SECONDS and writes a line to the file named by
SLOW_RENDER_LOG when a build starts and when it ends, so the test can kill the worker mid-build
and count the builds that went through."""

import os
import time

from reporting import pdf

_original = pdf.yearly_report_pdf


def _log(event: str) -> None:
    with open(os.environ["SLOW_RENDER_LOG"], "a") as handle:
        handle.write(f"{event} {os.getpid()}\n")


def _slow_yearly_report_pdf(**kwargs):
    _log("start")
    time.sleep(float(os.environ.get("SLOW_RENDER_SECONDS", "3")))
    content = _original(**kwargs)
    _log("end")
    return content


pdf.yearly_report_pdf = _slow_yearly_report_pdf
