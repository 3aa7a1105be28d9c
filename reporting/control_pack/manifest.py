"""manifest.json: the pack's parameters, when and for whom it was made, and every other file
of the ZIP with its size and SHA-256 (so a copy handed on can be checked, file by file)."""

import json

from .context import PackContext, staff_name

MANIFEST_NAME = "manifest.json"


def manifest_bytes(context: PackContext, parameters: dict, files: list[dict]) -> bytes:
    user = context.requested_by
    manifest = {
        "pack": "control_pack",
        "parameters": parameters,
        "grant": {
            "agreement_reference": context.grant.agreement_reference,
            "title": context.grant.title,
            "starts_on": context.grant.starts_on.isoformat(),
            "ends_on": context.grant.ends_on.isoformat(),
        },
        "period": {"start": context.start.isoformat(), "end": context.end.isoformat()},
        "generated_at": context.generated_at.isoformat(timespec="seconds"),
        "requested_by": {
            "username": user.username,
            "name": staff_name(user.first_name, user.last_name, user.username),
        },
        "files": files,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode()
