"""Who may plan the caravan and see who registered: the programme's organisers."""

import rules

from madina.accounts.rules import is_organiser

can_plan = is_organiser
can_export_attendees = is_organiser

rules.add_perm("caravan.plan_edition", can_plan)
rules.add_perm("caravan.export_attendees", can_export_attendees)
