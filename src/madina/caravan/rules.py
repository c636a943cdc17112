"""Who may plan the caravan and see who registered: the programme's organisers."""

import rules
from django.utils.translation import gettext_lazy

from madina.accounts.rules import is_organiser

PLAN = "caravan.plan_edition"
NOT_ORGANISER = gettext_lazy("Seuls les organisateurs de la caravane peuvent faire cela.")

can_plan = is_organiser
can_export_attendees = is_organiser

rules.add_perm(PLAN, can_plan)
rules.add_perm("caravan.export_attendees", can_export_attendees)
