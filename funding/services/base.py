"""What the funding services share: their refusal and the checks of a scan and a choice."""

from django.core.exceptions import ValidationError

from core.rules import RuleError
from core.uploads import validate_document


class FundingRuleError(RuleError):
    """A business rule refused the change; nothing was written."""


def check_scan(upload) -> None:
    if not upload:
        return
    try:
        validate_document(upload)
    except ValidationError as error:
        raise FundingRuleError(error.messages[0]) from error


def check_choice(value, choices, message: str) -> None:
    if value not in choices.values:
        raise FundingRuleError(message)
