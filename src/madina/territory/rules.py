"""Who may draw or change a smart-city perimeter: whoever manages its municipality (accounts.rules)."""

import rules

from madina.accounts.rules import is_staff_member, manages_municipality


@rules.predicate
def may_add_perimeter(user, municipality=None):
    """Asked about a municipality, its managers; asked in general ("show the button?"), any staff role."""
    if municipality is None:
        return is_staff_member(user)
    return manages_municipality(user, municipality)


@rules.predicate
def manages_perimeter_municipality(user, perimeter):
    return perimeter is not None and manages_municipality(user, perimeter.municipality)


@rules.predicate
def may_change_municipality_picture(user, municipality):
    return manages_municipality(user, municipality)


rules.add_perm("territory.add_perimeter", may_add_perimeter)
rules.add_perm("territory.change_perimeter", manages_perimeter_municipality)
rules.add_perm("territory.delete_perimeter", manages_perimeter_municipality)
