from tests.access import LOGIN, READ_ALL, Rule, expect

RULES = [
    Rule("accounts:login", get=expect(302, anonymous=200)),
    # Logging out is POST only; GET answers 405 to everyone signed in.
    Rule("accounts:logout", get=expect(405, anonymous=LOGIN)),
    # Every role changes their own password, auditors included; an empty POST only shows
    # the form's errors.
    Rule("accounts:password_change", get=READ_ALL, post=READ_ALL),
    # Changing language is public and POST only: a GET just sends the visitor back.
    Rule("set_language", get=expect(302)),
    # Two-factor authentication: every role manages their own, auditors included (the walk's
    # sessions are verified and freshly confirmed: tests/conftest.py). The login's second step
    # sends a verified user on, and a user without an app to enrolment.
    Rule("accounts:two_factor", get=READ_ALL),
    Rule("accounts:two_factor_verify", get=expect(302), post=expect(302)),
    # An empty POST only shows the form's errors.
    Rule("accounts:two_factor_enrol", get=READ_ALL, post=READ_ALL),
    Rule("accounts:two_factor_qr", get=READ_ALL),
    Rule("accounts:reauthenticate", get=expect(405, anonymous=LOGIN), post=READ_ALL),
    # New recovery codes for whoever has an app; the others are sent back to the overview.
    Rule(
        "accounts:two_factor_codes_regenerate",
        get=expect(405, anonymous=LOGIN),
        post=expect(
            200, anonymous=LOGIN, social_worker=302, social_worker_other_site=302, coordinator=302
        ),
    ),
    Rule("accounts:two_factor_remove", get=expect(405, anonymous=LOGIN), post=expect(302)),
    # The access log: directors and administrators only.
    Rule("accounts:access_log", get=expect(403, anonymous=LOGIN, director=200, admin=200)),
    Rule(
        "accounts:access_log_export",
        get=expect(403, anonymous=LOGIN, director=200, admin=200),
        kwargs=lambda world: {"fmt": "csv"},
    ),
]
