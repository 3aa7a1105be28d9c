"""The household CSV export of every row, streamed to /dev/null: peak memory growth.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/export.py

Renders the registered "households" exporter (reporting.exporters.EXPORTERS) as a director, in
the "since the programme began" mode up to the end of this year, so that every household is a
row, and writes the streamed CSV to /dev/null. tracemalloc measures the peak of Python
allocations above the level before the export; the process's peak resident size is printed
too (it also counts the database driver's C buffers). Target: peak growth under 50 MB.
"""

import os
import resource
import time
import tracemalloc

import common

from core.dates import today


def main() -> None:
    common.setup_django()
    from django.conf import settings

    from households.models import Household
    from reporting.exporters import EXPORTERS

    settings.DEBUG = False  # no query log growing during the export
    user = common.director()
    exporter = EXPORTERS["households"]()
    params = {"year": str(today().year), "cumulative": "on", "format": "csv"}

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    baseline, _peak = tracemalloc.get_traced_memory()
    began = time.perf_counter()
    filename, _mimetype, content = exporter.render(params, user)
    rows, size = -1, 0  # the header line is not a row
    with open(os.devnull, "wb") as sink:
        for chunk in content:
            sink.write(chunk)
            rows += chunk.count(b"\n")
            size += len(chunk)
    elapsed = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    growth = (peak - baseline) / 2**20
    print(f"machine            {common.machine()}")
    print(f"export             {filename}: {rows:,} rows, {size / 2**20:.1f} MB of CSV")
    print(f"households         {Household.objects.count():,} in the database")
    print(f"time               {elapsed:.1f} s")
    print(f"peak Python memory growth (tracemalloc) {growth:.1f} MB")
    print(f"peak resident size {rss_before / 1024:.0f} MB before, {rss_after / 1024:.0f} MB after")
    print(f"target             {'met' if growth < 50 else 'MISSED'} (under 50 MB)")


if __name__ == "__main__":
    main()
