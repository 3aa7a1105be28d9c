"""beneficiaries.csv and evidence.csv: each household under its pseudonym, whether it counts
for the grant and why, and the status evidence of its members.

Evidence numbers are left out: an OFPRA decision or residence-permit number identifies the
person in the State's files as surely as a name. The pack says which kind of document was
seen, when it was issued, until when it is valid and who checked it; the auditor who needs
the document itself checks it in the application, where each access is logged.
"""

from django.utils.translation import gettext as _

from funding.models import EligibilityEvidence, EvidenceKind
from households.models import ProtectionStatus

from .context import PackContext, staff_name, yes_no


def _evidence(context: PackContext) -> list[dict]:
    """The evidence of the beneficiaries' members, by person (one query)."""
    rows = (
        EligibilityEvidence.objects.filter(person__household__site__in=context.site_ids())
        .order_by("person_id", "-issued_on", "pk")
        .values(
            "person_id",
            "person__household_id",
            "kind",
            "issued_on",
            "expires_on",
            "scan",
            "checked_at",
            "checked_by__first_name",
            "checked_by__last_name",
            "checked_by__username",
        )
    )
    return [row for row in rows if row["person_id"] in context.members]


def beneficiary_files(context: PackContext):
    """(name, headers, rows) of beneficiaries.csv and evidence.csv."""
    evidence = _evidence(context)
    by_person: dict[int, list[dict]] = {}
    for row in evidence:
        by_person.setdefault(row["person_id"], []).append(row)
    statuses = dict(ProtectionStatus.choices)
    covered = set(context.grant.eligible_statuses)

    def beneficiaries():
        for beneficiary in context.beneficiaries:
            members = beneficiary.members
            pieces = [item for person in members for item in by_person.get(person.pk, [])]
            covered_members = [p for p in members if p.protection_status in covered]
            yield [
                beneficiary.pseudonym,
                beneficiary.household.site.name,
                beneficiary.first_activity_on,
                yes_no(beneficiary.eligible),
                str(beneficiary.eligibility.message),
                len(members),
                len(covered_members),
                ", ".join(
                    sorted({str(statuses.get(p.protection_status, "")) for p in covered_members})
                ),
                len(pieces),
                sum(1 for item in pieces if item["checked_at"]),
            ]

    context.counts["beneficiaries"] = len(context.beneficiaries)
    context.counts["eligible"] = sum(1 for b in context.beneficiaries if b.eligible)
    yield (
        "beneficiaries.csv",
        [
            _("Pseudonym"),
            _("Site"),
            _("First activity in the grant's period"),
            _("Eligible"),
            _("Eligibility"),
            _("Members"),
            _("Members with a covered status"),
            _("Covered statuses"),
            _("Pieces of evidence"),
            _("Pieces checked"),
        ],
        beneficiaries(),
    )

    kinds = dict(EvidenceKind.choices)
    first_of = {b.pseudonym: b.first_activity_on for b in context.beneficiaries}
    status_of = {
        person.pk: person.protection_status for b in context.beneficiaries for person in b.members
    }

    def pieces():
        for row in evidence:
            household, number = context.members[row["person_id"]]
            first = first_of.get(household)
            valid = None
            if first is not None:
                valid = row["issued_on"] <= first and (
                    row["expires_on"] is None or row["expires_on"] >= first
                )
            yield [
                household,
                number,
                str(statuses.get(status_of.get(row["person_id"]), "")),
                str(kinds.get(row["kind"], row["kind"])),
                row["issued_on"],
                row["expires_on"],
                yes_no(valid),
                yes_no(bool(row["scan"])),
                yes_no(row["checked_at"] is not None),
                staff_name(
                    row["checked_by__first_name"],
                    row["checked_by__last_name"],
                    row["checked_by__username"],
                ),
                row["checked_at"],
            ]

    context.counts["evidence"] = len(evidence)
    yield (
        "evidence.csv",
        [
            _("Pseudonym"),
            _("Member"),
            _("Protection status"),
            _("Kind of evidence"),
            _("Issued on"),
            _("Expires on"),
            _("Valid on the first activity"),
            _("Scan on file"),
            _("Checked"),
            _("Checked by"),
            _("Checked at"),
        ],
        pieces(),
    )
