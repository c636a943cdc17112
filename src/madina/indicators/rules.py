"""Who may enter what: a municipality's values and targets by those who manage it (its staff, its governorate's
staff, organisers), a governorate's by its staff and organisers, the nation's and the catalogue by organisers."""

import rules

from madina.accounts.rules import is_governorate_staff_of, is_organiser, manages_municipality


@rules.predicate
def may_enter_values_of(user, place) -> bool:
    """`place` is a Municipality, a Governorate, or None for the nation."""
    if place is None:
        return is_organiser(user)
    if hasattr(place, "governorate_id"):
        return manages_municipality(user, place)
    return is_organiser(user) or is_governorate_staff_of(user, place.pk)


rules.add_perm("indicators.edit_catalogue", is_organiser)
