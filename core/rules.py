"""What every app uses to refuse a change with a message the user can read."""


class RuleError(Exception):
    """A business rule refused the change; nothing was written.

    `message` is shown to the user as it is (translated where it was raised). Each app's
    services raise their own subclass, so a caller may catch one app's refusals or all of them.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_members(household, persons, *, error: type[RuleError], message: str) -> None:
    """Refuse persons who are not members of the household (raises `error(message)`)."""
    if any(person.household_id != household.pk for person in persons):
        raise error(message)


def check_fields(fields, allowed) -> None:
    """Refuse keyword fields a service does not know: a programming error, not a user's.

    Services take the fields of a form as keywords; a misspelt or unexpected name must fail
    loudly (TypeError) rather than be silently dropped or written.
    """
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
