"""The yearly PDF report on the 100,000-household database: render time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdf_bench DEBUG=true \\
        .venv/bin/python benchmarks/report_pdf.py [--year 2025] [--runs 3]

Renders the registered "yearly_report" exporter (what the report task runs) as a director for
a calendar year and every site; prints each run's time, the median, the size and page count.
Target: under 15 s.
"""

import argparse
import io

import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    common.setup_django()
    from pypdf import PdfReader

    from reporting.exporters import EXPORTERS

    user = common.director()
    year = args.year or common.last_full_year()
    exporter = EXPORTERS["yearly_report"]()

    def render():
        return exporter.render({"year": str(year)}, user)

    # No warm-up: the first run includes loading WeasyPrint and its fonts, as a worker would.
    timings, (filename, _mimetype, content) = common.timed(render, args.runs, warm_up=0)
    assert content[:4] == b"%PDF"
    pages = len(PdfReader(io.BytesIO(content)).pages)
    median = common.median(timings)
    print(f"machine            {common.machine()}")
    print(f"report             {filename}: {pages} pages, {len(content) / 1024:.0f} KiB")
    print(f"runs               {', '.join(f'{t:.1f}' for t in timings)} s")
    print(f"median             {median:.1f} s")
    print(f"target             {'met' if median < 15 else 'MISSED'} (under 15 s)")


if __name__ == "__main__":
    main()
