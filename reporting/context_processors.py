from .access import may_export, may_open_dashboards, may_request_control_pack


def reporting_access(request):
    """What the menu offers of reporting, asked of the one rule (access.py)."""
    user = getattr(request, "user", None)
    return {
        "may_open_dashboards": may_open_dashboards(user),
        "may_export": may_export(user),
        "may_request_control_pack": may_request_control_pack(user),
    }
