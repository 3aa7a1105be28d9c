from tests.access import LOGIN, Rule, expect

# Dashboards and reports: directors (all sites) and coordinators (their sites).
DASHBOARD = expect(
    200, anonymous=LOGIN, social_worker=403, social_worker_other_site=403, auditor=403
)
REFUSE_UNLESS_DASHBOARD = {
    role: (None if status == 200 else status) for role, status in DASHBOARD.items()
}
# Exports: auditors too (read-only, all sites).
EXPORTS = expect(200, anonymous=LOGIN, social_worker=403, social_worker_other_site=403)
# The world's report is still queued: readers get 404 for its file, outsiders never reach it.
# Auditors follow reports too, their own only (their control packs): another's is a 404.
NO_FILE_YET = expect(404, anonymous=LOGIN, social_worker=403, social_worker_other_site=403)
FOLLOW_REPORT = {**DASHBOARD, "auditor": 404}
# The control pack: auditors, directors and admins (reporting.control_pack.exporter).
CONTROL_PACKS = expect(
    200, anonymous=LOGIN, social_worker=403, social_worker_other_site=403, coordinator=403
)
# POST: refusals only. The auditor's POST is the one write route open to auditors once
# accounts.middleware allow-lists it (see test_control_pack.py); not walked until then.
REFUSE_CONTROL_PACK_REQUEST = {
    role: (None if role in ("director", "admin", "auditor") else status)
    for role, status in CONTROL_PACKS.items()
}
DIRECTORS_ONLY = expect(403, anonymous=LOGIN, director=200, admin=200)
# POST: refusals only (a director's POST saves the commentary; see test_commentary.py).
REFUSE_UNLESS_DIRECTOR = {
    role: (None if status == 200 else status) for role, status in DIRECTORS_ONLY.items()
}


def report(world):
    return {"pk": world.report.pk}


def build(world):
    from reporting.models import Report

    # Requested by the coordinator: directors see every report, coordinators their own.
    world.report = Report.objects.create(
        kind="yearly_report",
        parameters={"year": 2025, "sites": []},
        requested_by=world.users["coordinator"],
    )


RULES = [
    Rule("reporting:dashboard", get=DASHBOARD),
    Rule("reporting:drilldown", get=DASHBOARD),
    Rule("reporting:reports", get=DASHBOARD, post=REFUSE_UNLESS_DASHBOARD),
    Rule("reporting:report_progress", get=FOLLOW_REPORT, kwargs=report),
    Rule("reporting:report_download", get=NO_FILE_YET, kwargs=report),
    Rule(
        "reporting:report_retry",
        get=expect(405, anonymous=LOGIN),
        post=REFUSE_UNLESS_DASHBOARD,
        kwargs=report,
    ),
    Rule("reporting:report_history", get=DIRECTORS_ONLY),
    # The director's commentary of a yearly report: directors write it, nobody else opens it.
    Rule(
        "reporting:report_commentary",
        get=DIRECTORS_ONLY,
        post=REFUSE_UNLESS_DIRECTOR,
        kwargs=report,
    ),
    Rule("reporting:control_packs", get=CONTROL_PACKS, post=REFUSE_CONTROL_PACK_REQUEST),
    Rule("reporting:exports", get=EXPORTS),
    Rule("reporting:export", get=EXPORTS, kwargs=lambda world: {"identifier": "indicators"}),
]
