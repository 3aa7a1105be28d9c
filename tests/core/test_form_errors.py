"""Every form crispy renders ties its errors to their fields and opens with a summary of them.

The overrides live in templates/bootstrap5/ (errors.html, errors_formset.html) and
templates/_filter_form.html; Django's BoundField sets aria-invalid and aria-describedby.
"""

import pytest
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import Element, parse_html
from django.utils import translation

REQUIRED = "This field is required."


class _CaseForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the residence permit.")
    lever = forms.ChoiceField(
        label="Lever", choices=[("job", "Job"), ("housing", "Housing")], widget=forms.RadioSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False)

    def clean(self):
        raise ValidationError("The record was changed by someone else.")


def _elements(node) -> list[Element]:
    found = []
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            found.append(child)
            found += _elements(child)
    return found


def _attrs(element: Element) -> dict:
    return dict(element.attributes)


def _text(element) -> str:
    if not isinstance(element, Element):
        return str(element)
    return " ".join(_text(child) for child in element.children).strip()


def _render(form, *, helper: bool) -> list[Element]:
    if helper:
        form.helper = FormHelper()
        source = "{% load crispy_forms_tags %}{% crispy form %}"
    else:
        source = "{% load crispy_forms_tags %}<form>{{ form|crispy }}</form>"
    with translation.override("en"):
        html = Template(source).render(Context({"form": form}))
    return _elements(parse_html(html))


def _summary(elements) -> Element:
    (summary,) = [e for e in elements if "cdf-error-summary" in _attrs(e).get("class", "")]
    return summary


@pytest.mark.parametrize("helper", [True, False], ids=["crispy_tag", "crispy_filter"])
def test_invalid_form_opens_with_a_focused_alert_linking_each_error_to_its_field(helper):
    elements = _render(_CaseForm(data={"note": "kept"}), helper=helper)

    summary = _summary(elements)
    assert _attrs(summary)["role"] == "alert"
    assert _attrs(summary)["tabindex"] == "-1"
    assert "autofocus" in _attrs(summary)
    links = {_attrs(a)["href"]: _text(a) for a in _elements(summary) if a.name == "a"}
    # A radio group has no element of the field's own id: the link goes to its first choice.
    assert links == {"#id_name": f"Name: {REQUIRED}", "#id_lever_0": f"Lever: {REQUIRED}"}
    items = [_text(li) for li in _elements(summary) if li.name == "li"]
    # The form's own error and the hidden field's have no field to go to: listed as text.
    assert "The record was changed by someone else." in items
    assert REQUIRED in items
    ids = {_attrs(e).get("id") for e in elements}
    assert {"id_name", "id_lever_0"} <= ids


@pytest.mark.parametrize("helper", [True, False], ids=["crispy_tag", "crispy_filter"])
def test_each_invalid_field_is_marked_and_described_by_its_error(helper):
    elements = _render(_CaseForm(data={"note": "kept"}), helper=helper)
    by_id = {_attrs(e)["id"]: e for e in elements if "id" in _attrs(e)}

    name = by_id["id_name"]
    assert _attrs(name)["aria-invalid"] == "true"
    described = _attrs(name)["aria-describedby"].split()
    assert set(described) == {"id_name_helptext", "id_name_error"}
    assert REQUIRED in _text(by_id["id_name_error"])
    for choice in ("id_lever_0", "id_lever_1"):
        assert _attrs(by_id[choice])["aria-invalid"] == "true"
    (group,) = [e for e in elements if e.name == "fieldset"]
    assert _attrs(group)["aria-describedby"] == "id_lever_error"
    assert REQUIRED in _text(by_id["id_lever_error"])
    # A valid field is not marked, and no description points to a missing element.
    assert "aria-invalid" not in _attrs(by_id["id_note"])
    for element in elements:
        for ref in _attrs(element).get("aria-describedby", "").split():
            assert ref in by_id, ref


def test_valid_or_unbound_form_has_no_summary():
    for form in (_CaseForm(), _CaseForm(initial={"name": "x"})):
        elements = _render(form, helper=False)
        assert not [e for e in elements if _attrs(e).get("role") == "alert"]


def test_formset_errors_are_announced():
    formset_class = forms.formset_factory(_CaseForm, max_num=1, validate_max=True)
    formset = formset_class(
        data={"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-name": "a"}
    )
    with translation.override("en"):
        html = Template("{% load crispy_forms_tags %}{% crispy formset helper %}").render(
            Context({"formset": formset, "helper": FormHelper()})
        )
    alerts = [e for e in _elements(parse_html(html)) if _attrs(e).get("role") == "alert"]
    assert any("Please submit at most 1 form." in _text(alert) for alert in alerts)


class _FilterForm(forms.Form):
    since = forms.DateField(label="Since")


def test_filter_bar_error_is_the_description_of_its_field():
    form = _FilterForm(data={"since": "not a date"})
    filter_ = type("Filter", (), {"form": form})()
    with translation.override("en"):
        html = render_to_string(
            "_filter_form.html", {"filter": filter_, "request": RequestFactory().get("/")}
        )
    elements = _elements(parse_html(html))
    by_id = {_attrs(e)["id"]: e for e in elements if "id" in _attrs(e)}
    field = by_id["id_since"]
    assert _attrs(field)["aria-invalid"] == "true"
    assert "Enter a valid date." in _text(by_id[_attrs(field)["aria-describedby"]])
