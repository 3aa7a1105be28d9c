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
]
