"""The indicators of the dashboard, as JSON: the same period form, the same scope, the same
figures (reporting.indicators), for those who may open the dashboard (directors, coordinators).
"""

import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.utils.functional import Promise
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.access import may_open_dashboards
from reporting.figures_cache import figures_snapshot
from reporting.forms import PeriodForm
from reporting.indicators import Scope, indicators_for_scope

from .serializers import IndicatorsSerializer

PERIOD_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="A calendar year (default: this one)."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="Or the first day of a period…"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="…and its last day."),
    OpenApiParameter(
        "sites",
        {"type": "array", "items": {"type": "integer"}},
        explode=True,
        description="Site ids (default: every site the user sees).",
    ),
    OpenApiParameter("cumulative", OpenApiTypes.BOOL, description="Since the programme began."),
    OpenApiParameter("grant", OpenApiTypes.INT, description="Limit every figure to a grant."),
]


def plain(value):
    """The figures as JSON values: dicts, lists, numbers, text, ISO dates; Decimals as numbers.

    The scope object the dashboard keeps beside the figures is left out (the answer states
    the period and sites itself).
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if not isinstance(v, Scope)}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return str(value)


class IndicatorsView(APIView):
    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=IndicatorsSerializer)
    def get(self, request):
        """Every indicator of a year or a period (or since the programme began) and sites."""
        if not may_open_dashboards(request.user):
            raise PermissionDenied
        form = PeriodForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        with figures_snapshot():
            scope = form.scope()
            indicators = indicators_for_scope(scope)
        start, end = form.period()
        return Response(
            IndicatorsSerializer(
                {
                    "period_start": None if form.cleaned_data.get("cumulative") else start,
                    "period_end": end,
                    "cumulative": bool(form.cleaned_data.get("cumulative")),
                    "sites": form.site_ids(),
                    "indicators": plain(indicators),
                }
            ).data
        )
