"""Writes of the indicators app, one function a use case, each checking its permission first.

`record_value` is the one door for a single value, whoever calls it: a staff form, the API, or another app feeding
declared values (the assessment's citizen surveys): see its docstring. Files go through `importer.py`, which
applies the same checks to many rows at once.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core.errors import Invalid, NotFound, check_fields
from madina.core.permissions import person, require

from . import checks, queries
from .models import (
    Confidence,
    Dimension,
    Framework,
    Indicator,
    Level,
    ProjectIndicator,
    Revision,
    Target,
    Value,
)
from .rules import is_organiser, may_enter_values_of
from .tasks import compute_indicators

NATIONAL_CODE = re.compile(r"^[A-Z0-9]{2,8}(:[A-Z0-9.]{1,10}){1,4}$")
RESERVED_PREFIXES = ("MDN:", "EC:", "EN:", "SC:")
"""Computed indicators and the U4SSC dimensions: a national indicator's code cannot be mistaken for one."""


@transaction.atomic
def record_value(
    user,
    indicator: Indicator | str,
    *,
    year: int,
    value,
    municipality=None,
    governorate=None,
    unit: str = "",
    source: str = "",
    method: str = "",
    confidence: str = Confidence.DECLARED,
    note: str = "",
    illustrative: bool = False,
) -> tuple[Value, bool]:
    """Store an indicator's value for a place and a year, keeping the previous version when it changes.

    The place is `municipality`, or `governorate`, or neither for the nation. `indicator` is the row or its code;
    `value` a number or its text ("12,5" too). A caller feeding survey results passes `confidence="declared"`, a
    `source` naming the survey and a `method` saying how the answers were summed up. Refuses with `Invalid` (on
    the field at fault), `NotFound` for an unknown code, `NotAllowed` unless `user` manages the place. Answers
    the stored value and whether anything changed (recording the same value again changes nothing).
    """
    if municipality is not None and governorate is not None:
        raise Invalid(_("Une valeur porte sur une municipalité ou un gouvernorat, pas les deux."), field="governorate")
    place = municipality if municipality is not None else governorate
    require(may_enter_values_of, user, place, _("Vous ne pouvez pas saisir les valeurs de ce territoire."))
    if isinstance(indicator, str):
        indicator = Indicator.objects.filter(code=indicator).first() or _unknown(indicator)
    if indicator.is_computed or confidence == Confidence.COMPUTED:
        raise Invalid(_("Les indicateurs calculés sont écrits par Madina seule."), field="indicator")
    if confidence not in Confidence.values:
        raise Invalid(_("Fiabilité inconnue."), field="confidence")
    if not isinstance(year, int) or not checks.year_allowed(year):
        raise Invalid(
            _("L'année doit aller de %(first)s à %(last)s.") % {"first": checks.FIRST_YEAR, "last": checks.last_year()},
            field="year",
        )
    number = checks.number(value)
    if number is None:
        raise Invalid(_("La valeur doit être un nombre."), field="value")
    if not checks.unit_agrees(checks.unit_keys(indicator), unit):
        raise Invalid(
            _("L'unité de cet indicateur est « %(unit)s ».") % {"unit": indicator.unit}, field="unit"
        )
    level = Level.MUNICIPALITY if municipality is not None else Level.GOVERNORATE if governorate else Level.NATION
    wanted = {
        "value": number, "unit": unit.strip() or indicator.unit, "source": source.strip(),
        "method": method.strip(), "confidence": confidence, "note": note.strip(), "illustrative": illustrative,
    }
    check_fields(Value(**wanted), "unit", "source", "method", "note")
    current = (
        Value.objects.select_for_update()
        .filter(indicator=indicator, level=level, year=year, municipality=municipality, governorate=governorate)
        .first()
    )
    now = timezone.now()
    if current is None:
        stored = Value.objects.create(
            indicator=indicator, level=level, year=year, municipality=municipality, governorate=governorate,
            entered_by=person(user), entered_at=now, **wanted,
        )
        transaction.on_commit(queries.changed)
        return stored, True
    if all(getattr(current, name) == wanted[name] for name in Value.PROVENANCE):
        return current, False
    keep_revision(current, now, person(user))
    for name, new in wanted.items():
        setattr(current, name, new)
    current.entered_by, current.entered_at = person(user), now
    current.save()
    transaction.on_commit(queries.changed)
    return current, True


def keep_revision(current: Value, when, by) -> Revision:
    return Revision.objects.create(
        current=current, replaced_at=when, replaced_by=by, entered_by_id=current.entered_by_id,
        entered_at=current.entered_at, **{name: getattr(current, name) for name in Value.PROVENANCE},
    )


def _unknown(code: str):
    raise NotFound(_("Aucun indicateur n'a le code « %(code)s ».") % {"code": code}, field="indicator")


@transaction.atomic
def add_national_indicator(user, *, code: str, title_fr: str, title_ar: str = "", title_en: str = "",
                           dimension: str, unit_fr: str = "", unit_ar: str = "", unit_en: str = "",
                           definition_fr: str = "", source_uri: str = "") -> Indicator:
    """An organiser's own indicator (ISO 37120/37122, an INS figure) beside the U4SSC ones, under its own code."""
    require(is_organiser, user, None, _("Seuls les organisateurs enrichissent le catalogue."))
    code = code.strip().upper()
    if not NATIONAL_CODE.match(code) or code.startswith(RESERVED_PREFIXES):
        raise Invalid(
            _("Un code national s'écrit en majuscules et chiffres séparés par « : » (ISO:37120:5.1, INS:POP:1), "
              "sans commencer par EC:, EN:, SC: ou MDN:."),
            field="code",
        )
    if Indicator.objects.filter(code=code).exists():
        raise Invalid(_("Ce code est déjà au catalogue."), field="code")
    if dimension not in Dimension.values:
        raise Invalid(_("Dimension inconnue."), field="dimension")
    indicator = Indicator(
        code=code, framework=Framework.NATIONAL, dimension=dimension, title=title_fr.strip(),
        title_fr=title_fr.strip(), title_ar=title_ar.strip(), title_en=title_en.strip(),
        unit=unit_fr.strip(), unit_fr=unit_fr.strip(), unit_ar=unit_ar.strip(), unit_en=unit_en.strip(),
        definition=definition_fr.strip(), definition_fr=definition_fr.strip(), source_uri=source_uri.strip(),
        order=Indicator.objects.filter(dimension=dimension).count() + 1,
    )
    if not indicator.title_fr:
        raise Invalid(_("Le titre en français est obligatoire."), field="title_fr")
    check_fields(indicator, "code", "title_fr", "title_ar", "title_en", "unit_fr", "unit_ar", "unit_en", "source_uri")
    indicator.save()
    return indicator


@transaction.atomic
def set_target(user, indicator: Indicator, municipality, *, year: int, value, note: str = "") -> Target:
    """A municipality's aim on an indicator by a year (up to 30 years ahead)."""
    require(may_enter_values_of, user, municipality, _("Vous ne pouvez pas fixer les cibles de cette municipalité."))
    if not isinstance(year, int) or not checks.year_allowed(year, future=30):
        raise Invalid(_("Année hors de la période possible."), field="year")
    number = checks.number(value)
    if number is None:
        raise Invalid(_("La cible doit être un nombre."), field="value")
    target, _created = Target.objects.update_or_create(
        indicator=indicator, municipality=municipality, year=year,
        defaults={"value": number, "note": note.strip(), "set_by": person(user)},
    )
    check_fields(target, "note")
    transaction.on_commit(queries.changed)  # the municipality's dashboard shows its targets
    return target


@transaction.atomic
def aim_project(user, project, indicator: Indicator, *, expected_change, by_year: int | None = None,
                note: str = "") -> ProjectIndicator:
    """A project declares an indicator it means to move, by how much (in the indicator's unit), by when.
    Whoever manages the project's municipality may declare it."""
    require(may_enter_values_of, user, project.municipality,
            _("Vous ne pouvez pas modifier les indicateurs de ce projet."))
    change = checks.number(expected_change)
    if change is None or change == Decimal(0):
        raise Invalid(_("Le changement attendu doit être un nombre non nul."), field="expected_change")
    if by_year is not None and not checks.year_allowed(by_year, future=30):
        raise Invalid(_("Année hors de la période possible."), field="by_year")
    aim, _created = ProjectIndicator.objects.update_or_create(
        project=project, indicator=indicator,
        defaults={"expected_change": change, "by_year": by_year, "note": note.strip(), "declared_by": person(user)},
    )
    check_fields(aim, "note")
    return aim


@transaction.atomic
def drop_project_aim(user, aim: ProjectIndicator) -> None:
    """A project no longer means to move this indicator: the same people who declared it withdraw it."""
    require(may_enter_values_of, user, aim.project.municipality,
            _("Vous ne pouvez pas modifier les indicateurs de ce projet."))
    aim.delete()


def request_computation(user) -> None:
    """An organiser asks for Madina's computed indicators now rather than at night: queued for the worker."""
    require(is_organiser, user, None, _("Seuls les organisateurs relancent le calcul des indicateurs."))
    transaction.on_commit(compute_indicators.enqueue)
