"""The département list that follows the chosen region (static/js/region-departement.js)."""

from django import forms


class DepartementSelect(forms.Select):
    """A select of départements whose options say their region (data-region), so that the
    page's script shows only those of the region chosen beside it.

    The region's select is found by name: this field's name with "departement" replaced by
    "region" (targets-0-departement → targets-0-region). Without the script every option
    stays, and the form refuses a département outside the chosen region.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-departements": "", **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-region"] = instance.region_id
        return option
