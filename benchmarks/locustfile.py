"""The load scenario: social workers, coordinators and directors at work on the same server.

Run by benchmarks/load.py, which prepares the accounts and writes the plan this file reads
(LOAD_PLAN: a JSON file of logins, households, interviews and registrations to use):

    LOAD_PLAN=plan.json locust -f benchmarks/locustfile.py --host http://127.0.0.1:8765

Each simulated user takes a slot of the plan (its own account, or its own interviews when
several share an account, so that two users never save the same form) and logs in once; then,
1 to 3 seconds apart:

- social workers (4 in 6): their caseload (the home page), a household search, a household
  page, and now and then an interview correction (the form, then its post with the version
  it was opened on);
- coordinators (1 in 6): the site overview, and a workshop's attendance page then one
  attendance saved again (an htmx post, as the page sends it);
- directors (1 in 6): the dashboard for one of the last three full years, and a yearly PDF
  report request (a post that queues it) at most once every LOAD_REPORT_EVERY seconds across
  all users, so that the worker keeps up.

An error is any 4xx/5xx, a redirect where a page was expected (to the login, say), or a form
post that does not redirect (the form shown again with its errors).
"""

import hashlib
import hmac
import itertools
import json
import os
import random
import struct
import time
from html.parser import HTMLParser

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
REPORT_EVERY = float(os.environ.get("LOAD_REPORT_EVERY", "60"))
_slots = {role: itertools.cycle(PLAN[role]) for role in ("social_workers", "coordinators")}
_directors = iter(PLAN["directors"])
_last_report = [0.0]


def totp(key_hex: str, *, step: int = 30, digits: int = 6) -> str:
    """The current code of a TOTP device (RFC 6238, django-otp's defaults)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


class FormReader(HTMLParser):
    """The fields of the page's forms as a browser would send them (the submit button aside):
    one list of (name, value) pairs per <form>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": [], "selects": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "chosen": []}
            self._select["first"] = None
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            fields.extend((self._select["name"], value or "") for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            value = self._textarea[1]
            fields.append((self._textarea[0], value[1:] if value.startswith("\n") else value))
            self._textarea = None


def form_fields(html: str, *, having: str) -> list[tuple[str, str]] | None:
    """The fields of the first form holding a field named `having`."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if any(name == having for name, _value in form["fields"]):
            return form["fields"]
    return None


def replaced(fields, **values) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def page(self, url: str, name: str, params=None, headers=None):
        """GET a page that must answer 200 itself; the response, or None on an error."""
        with self.client.get(
            url,
            params=params,
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
                return None
            response.success()
            return response

    def post(self, url: str, name: str, data, *, expect: int = 302, headers=None):
        """POST a form: a redirect (or 200 for an htmx fragment, `expect`) is a success."""
        with self.client.post(
            url, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}: the form was not saved")
                return None
            if expect == 200 and 'role="alert"' in response.text:
                response.failure("refused: " + response.text.split('role="alert"')[1][:120])
                return None
            response.success()
            return response

    def log_in(self, username: str, *, totp_key: str = "") -> None:
        page = self.page("/accounts/login/", "login form")
        if page is None:
            raise RuntimeError("no login page")
        fields = form_fields(page.text, having="csrfmiddlewaretoken")
        data = replaced(fields, username=username, password=PLAN["password"])
        response = self.post("/accounts/login/", "login", data)
        if response is None:
            raise RuntimeError(f"login refused for {username}")
        if not totp_key:
            return
        verify = "/accounts/two-factor/verify/"
        step = self.page(verify, "login: second factor form")
        fields = form_fields(step.text, having="token") if step is not None else None
        if (
            fields is None
            or self.post(verify, "login: second factor", replaced(fields, token=totp(totp_key)))
            is None
        ):
            raise RuntimeError(f"second factor refused for {username}")

    def failed(self, name: str, reason: str) -> None:
        """Counts an error for `name` without a request (what was needed was not there)."""
        self.environment.events.request.fire(
            request_type="POST",
            name=name,
            response_time=0,
            response_length=0,
            response=None,
            context={},
            exception=RuntimeError(reason),
        )

    def csrf(self, html: str) -> str:
        fields = form_fields(html, having="csrfmiddlewaretoken") or []
        return dict(fields).get("csrfmiddlewaretoken", "")


class SocialWorker(Staff):
    weight = 4

    def on_start(self):
        self.slot = next(_slots["social_workers"])
        self.log_in(self.slot["username"])

    @task(3)
    def caseload(self):
        self.page("/", "home (caseload)")

    @task(3)
    def search(self):
        self.page(
            "/households/", "household search", params={"q": random.choice(self.slot["surnames"])}
        )

    @task(4)
    def household(self):
        pk = random.choice(self.slot["households"])
        self.page(f"/households/{pk}/", "household page")

    @task(1)
    def interview(self):
        pk = random.choice(self.slot["interviews"])
        url = f"/interviews/{pk}/edit/"
        form = self.page(url, "interview form")
        if form is None:
            return
        fields = form_fields(form.text, having="version")
        if fields is None:
            self.failed("interview save", "no interview form on the page")
            return
        self.wait()  # the worker types
        stamp = time.strftime("%H:%M:%S")
        self.post(
            url,
            "interview save",
            replaced(fields, notes=f"Load test note {stamp}.", reason="Load test."),
        )


class Coordinator(Staff):
    weight = 1

    def on_start(self):
        self.slot = next(_slots["coordinators"])
        self.log_in(self.slot["username"])

    @task(2)
    def overview(self):
        self.page("/followups/site/", "site overview")

    @task(1)
    def attendance(self):
        workshop, registration, state = random.choice(self.slot["registrations"])
        page = self.page(f"/workshops/{workshop}/attendance/", "workshop attendance")
        if page is None:
            return
        self.wait()
        self.post(
            f"/workshops/registrations/{registration}/attendance/",
            "attendance save",
            {"attendance": state, "csrfmiddlewaretoken": self.csrf(page.text)},
            expect=200,
            headers={"HX-Request": "true"},
        )


class Director(Staff):
    weight = 1

    def on_start(self):
        self.slot = next(_directors)
        self.log_in(self.slot["username"], totp_key=self.slot["totp_key"])

    @task(6)
    def dashboard(self):
        self.page("/reporting/", "dashboard", params={"year": random.choice(PLAN["years"])})

    @task(1)
    def report(self):
        if time.time() - _last_report[0] < REPORT_EVERY:
            return self.dashboard()
        _last_report[0] = time.time()
        page = self.page("/reporting/reports/", "report form")
        if page is None:
            return
        fields = form_fields(page.text, having="year")
        if fields is None:
            self.failed("report request", "no report form on the page")
            return
        self.wait()
        self.post(
            "/reporting/reports/", "report request", replaced(fields, year=str(PLAN["years"][0]))
        )
