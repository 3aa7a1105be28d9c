"""PNG pictures of the main pages and of every page of the yearly PDF report (`make screenshots`).

The two halves run in different processes (see the `screenshots` command): `prepare` writes to
the scratch database (the report, built through the reporting services as a director would ask
for it) and names the objects to show; `take` and `pdf_to_png` only read pages and files.

PDF pages are drawn with pypdfium2 (PDFium, the engine of Chromium's own PDF viewer, in a wheel
from PyPI): Debian's pdftoppm is not on every developer's machine nor in CI's image, and a
Python library needs no other install step than the dev dependencies.
"""

import base64
import dataclasses
from pathlib import Path

from django.urls import reverse
from django_otp.oath import totp

from accounts.models import User
from demo.demo_data.data import DEMO_PASSWORD
from households.models import Household, Status
from reporting import services as reporting_services
from reporting.forms import ReportRequestForm
from reporting.models import ReportStatus
from workshops.models import Attendance, Workshop

SOCIAL_WORKER, COORDINATOR, DIRECTOR, AUDITOR = "ts.paris", "coordination", "direction", "audit"
VIEWPORT = {"width": 1280, "height": 800}
# Pages drawn at 110 dots per inch: an A4 page is 910 × 1286 pixels, readable and small.
PDF_SCALE = 110 / 72


@dataclasses.dataclass(frozen=True)
class Shot:
    name: str  # the PNG's name, without .png
    username: str | None  # the demo login that opens the page; None: anonymous
    url: str


def prepare(*, year: int) -> dict:
    """Build the yearly report of `year` for every site and pick the household and the
    workshop to show; returns what `shots` needs (JSON-safe).

    The report goes through `report_request` as the director's request would: with no broker
    (the scratch server's environment) Celery runs the build in-process on commit.
    """
    director = User.objects.get(username=DIRECTOR)
    form = ReportRequestForm({"year": year}, user=director)
    if not form.is_valid():
        raise ValueError(f"The yearly report of {year} cannot be asked for: {form.errors}")
    report = reporting_services.report_request(
        by=director, kind="yearly_report", parameters=form.params()
    )
    report.refresh_from_db()
    if report.status != ReportStatus.DONE:
        raise ValueError(f"The yearly report was not built ({report.status}): {report.error}")
    worker = User.objects.get(username=SOCIAL_WORKER)
    households = Household.objects.visible_to(worker).order_by("pk")
    # A household that has moved shows the whole funnel, its plan and its follow-ups.
    household = (
        households.filter(status__in=[Status.FOLLOWED_UP, Status.RELOCATED]).first()
        or households.first()
    )
    coordinator = User.objects.get(username=COORDINATOR)
    workshop = (
        Workshop.objects.visible_to(coordinator)
        .filter(cancelled_at__isnull=True, registrations__attendance=Attendance.PRESENT)
        .order_by("-date", "-pk")
        .first()
    )
    if household is None or workshop is None:
        raise ValueError("The demo data has no household or no workshop to show.")
    return {"pdf": report.file.path, "household": household.pk, "workshop": workshop.pk}


def shots(*, household: int, workshop: int) -> list[Shot]:
    """The main pages, each opened by the role it is made for."""
    return [
        Shot("01-login", None, reverse("accounts:login")),
        Shot("02-home-social-worker", SOCIAL_WORKER, reverse("home")),
        Shot("03-home-coordinator", COORDINATOR, reverse("home")),
        Shot("04-home-director", DIRECTOR, reverse("home")),
        Shot("05-home-auditor", AUDITOR, reverse("home")),
        Shot("06-household", SOCIAL_WORKER, reverse("households:detail", args=[household])),
        Shot("07-workshop", COORDINATOR, reverse("workshops:detail", args=[workshop])),
        Shot("08-workshop-calendar", COORDINATOR, reverse("workshops:calendar")),
        Shot("09-dashboard", DIRECTOR, reverse("reporting:dashboard")),
    ]


def take(*, base_url: str, chromium: str, pages: list[Shot], out: Path) -> list[Path]:
    """Open each page in Chromium, logged in through the real login form, and save it whole."""
    # Playwright is a dev dependency: imported only when pictures are taken.
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        try:
            for username in dict.fromkeys(shot.username for shot in pages):
                context = browser.new_context(base_url=base_url, locale="fr-FR", viewport=VIEWPORT)
                context.set_default_timeout(30_000)
                page = context.new_page()
                if username:
                    _log_in(page, username)
                for shot in (shot for shot in pages if shot.username == username):
                    response = page.goto(shot.url, wait_until="networkidle")
                    if response is None or response.status != 200:
                        status = response.status if response else "no answer"
                        raise RuntimeError(f"{shot.url} as {username}: {status}")
                    path = out / f"{shot.name}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                context.close()
        finally:
            browser.close()
    return written


def _log_in(page, username: str) -> None:
    page.goto(reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: reverse("accounts:login") not in url)
    if reverse("accounts:two_factor_enrol") in page.url:
        # Directors and auditors set up their second factor at the first login (the scratch
        # database is new each time): type the code an app would compute from the key shown.
        secret = "".join(page.locator("#two-factor-secret").inner_text().split())
        page.fill("#id_token", f"{totp(base64.b32decode(secret)):06d}")
        page.locator("#two-factor-confirm").click()
        page.locator("#two-factor-continue").click()
        page.wait_for_url(lambda url: "/two-factor/" not in url)


def pdf_to_png(*, pdf: Path, out: Path, prefix: str = "report-page") -> list[Path]:
    """Every page of the PDF as `<prefix>-01.png`, `<prefix>-02.png`…"""
    # pypdfium2 is a dev dependency: imported only when pictures are taken.
    import pypdfium2

    written = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, start=1):
            path = out / f"{prefix}-{number:02d}.png"
            page.render(scale=PDF_SCALE).to_pil().save(path)
            page.close()
            written.append(path)
    finally:
        document.close()
    return written
