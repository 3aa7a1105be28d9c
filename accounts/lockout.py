"""The hooks django-axes calls to lock out a username+address pair (settings: AXES_*).

Axes counts the failures of every login path (ours, the admin's) through its authentication
backend; these say whose failures they are and what a locked-out visitor is answered.
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def lockout_username(request, credentials=None) -> str | None:
    """The username the failures are counted for, whatever its case or spaces.

    Otherwise "Alice", "alice " and "ALICE" would each get their own count of tries.
    """
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return username.strip().lower() if isinstance(username, str) else username


def remote_client_ip(request) -> str | None:
    """The address the WSGI server saw: the client's, when nothing stands in between."""
    return request.META.get("REMOTE_ADDR")


def forwarded_client_ip(request) -> str | None:
    """Behind the reverse proxy (BEHIND_PROXY): the address it appended to X-Forwarded-For.

    Only the last entry comes from our proxy; the ones before it are whatever the client sent,
    and trusting them would let an attacker change address at every try.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    # A header that ends with no address (a misconfigured proxy) must not reach the address
    # columns: PostgreSQL's inet refuses it with a 500.
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote_client_ip(request)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out pair gets, the same whether the account exists or not."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response
