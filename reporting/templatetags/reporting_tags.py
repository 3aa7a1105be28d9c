from django import template
from django.utils.html import format_html

from ..charts import format_value
from ..exporters import EXPORTERS

register = template.Library()


@register.filter
def figure(value, decimals=None):
    """A figure written the way the current language writes numbers; a dash when unknown."""
    return format_value(value, None if decimals in (None, "") else int(decimals))


@register.simple_tag
def linked(value, url, decimals=None):
    """The figure, linked to the list behind it when there is one."""
    text = figure(value, decimals)
    return format_html('<a href="{}">{}</a>', url, text) if url else text


@register.filter
def report_kind(report) -> str:
    """The name of the report's exporter, or its raw kind when that exporter is gone."""
    exporter = EXPORTERS.get(report.kind)
    return str(exporter.verbose_name) if exporter else report.kind
