"""`manage.py screenshots`: each page of the PDF report becomes one PNG file.

The rest (a scratch demo database, runserver, Chromium) takes a minute and is what
`make screenshots` itself runs and reports on; loading the demo again here would cost as much.
"""

import io

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from demo import screenshots


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        drawing.drawString(72, 720, f"Page {number + 1}")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_every_pdf_page_becomes_a_numbered_png(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_pdf(3))

    written = screenshots.pdf_to_png(pdf=pdf, out=tmp_path)

    assert [path.name for path in written] == [
        "report-page-01.png",
        "report-page-02.png",
        "report-page-03.png",
    ]
    with Image.open(written[0]) as image:
        width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # an A4 page, not a cropped one
    assert width > 800
