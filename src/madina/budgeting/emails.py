"""E-mails of budgeting to the municipality's staff (results reach voters through participation's notifications)."""

from django.urls import reverse

from madina.accounts.models import Role, RoleAssignment
from madina.core import mail

from .models import Budget


def send_eligibility_alert(budget_id: int, refused: int, minutes: int) -> int:
    """A burst of refused census checks on a budget: someone may be guessing residents' identifiers. Its
    municipal staff are told, each in their language; returns how many were sent."""
    budget = Budget.objects.select_related("process__municipality").filter(pk=budget_id).first()
    if budget is None:
        return 0
    staff = (RoleAssignment.objects.filter(role=Role.MUNICIPAL_STAFF, municipality=budget.process.municipality,
                                           user__is_active=True)
             .select_related("user").order_by("user_id"))
    context = {"budget": budget, "refused": refused, "minutes": minutes,
               "manage_url": reverse("budgeting:manage", args=[budget.pk])}
    with mail.outbox() as box:
        for assignment in staff:
            box.send("budgeting/email/eligibility_alert", mail.recipient(assignment.user), context)
    return box.sent
