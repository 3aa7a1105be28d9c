"""PlainSelect writes exactly the HTML of Django's Select templates."""

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Site
from core.select_widget import PlainSelect, plain_select
from core.widgets import compact_filter_widgets

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
choices = st.lists(st.tuples(text, text), max_size=6)
groups = st.lists(st.tuples(text, choices), max_size=3)


def both(choices, value, attrs=None):
    return (
        PlainSelect(choices=choices).render("f", value, attrs),
        forms.Select(choices=choices).render("f", value, attrs),
    )


@given(choices=choices, picked=st.integers(min_value=0, max_value=6))
def test_plain_select_renders_as_django(choices, picked):
    value = choices[picked][0] if picked < len(choices) else None
    plain, django = both(choices, value, {"class": "a<b", "aria-invalid": "true"})
    assert plain == django


@given(groups=groups, value=text)
def test_plain_select_renders_option_groups_as_django(groups, value):
    plain, django = both([(name, list(options)) for name, options in groups], value)
    assert plain == django


def test_plain_select_escapes_and_writes_boolean_attributes():
    plain, django = both(
        [("<x>", 'Tom & "Jerry"'), (1, 2)], "<x>", {"required": True, "disabled": False}
    )
    assert plain == django
    assert "&lt;x&gt;" in plain and " required" in plain and "disabled" not in plain


def test_plain_select_keeps_a_subclass_template():
    class Custom(PlainSelect):
        option_template_name = "django/forms/widgets/input_option.html"

    assert "<option" not in Custom(choices=[("a", "A")]).render("f", "a")


def test_filter_bar_selects_render_as_before(db):
    Site.objects.create(name="Lyon & <Nord>", code="LYN")

    class Filters(forms.Form):
        site = forms.ModelChoiceField(queryset=Site.objects.all(), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        many = forms.MultipleChoiceField(choices=[("a", "A")])

    before = Filters({"site": "", "kind": "a"})
    after = Filters({"site": "", "kind": "a"})
    compact_filter_widgets(before)
    compact_filter_widgets(after)
    for field in before.fields.values():  # Django's own widgets, with the same classes
        if isinstance(field.widget, PlainSelect):
            field.widget.__class__ = forms.Select
    assert isinstance(after.fields["site"].widget, PlainSelect)
    assert not isinstance(after.fields["many"].widget, PlainSelect)
    assert str(after) == str(before)
    assert type(plain_select(forms.Select(choices=[("a", "A")]))) is PlainSelect
