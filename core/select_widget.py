"""A <select> rendered in Python, with the very markup of Django's templates.

Django renders each <option> through its own template include: on a filter bar of 200
choices (101 départements, the social workers of the sites, the statuses) that is most of
the page's rendering time, paid on every list page. `PlainSelect` writes the same HTML
(tests/core/test_select_widget.py compares the two) with `format_html`, which escapes as
the templates do.
"""

from django import forms
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # A subclass or a project template of its own keeps Django's rendering.
        if (self.template_name, self.option_template_name) != _TEMPLATES:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    localize(option["label"]),  # as {{ widget.label }} shows it
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  every piece above is escaped


def plain_select(widget: forms.Select) -> PlainSelect:
    """The same select (choices, attributes, required) rendered by PlainSelect."""
    plain = PlainSelect(attrs=widget.attrs, choices=widget.choices)
    plain.is_required = widget.is_required
    plain.is_localized = widget.is_localized
    return plain
