"""A company registered by a person is part of their data: its contact is downloaded with it, and erased
(the company, its interests and answers go with the account, being the person's own words)."""

from .models import Company


def export(user) -> dict:
    company = Company.objects.filter(account=user).select_related("sector").first()
    if company is None:
        return {}
    return {
        "company": {"name": company.name, "country": company.country, "sector": company.sector.code,
                    "contact_name": company.contact_name, "contact_phone": company.contact_phone},
        "interests": [{"project": str(i.screening.project), "message": i.message, "sent": i.created_at.isoformat(),
                       "answer": i.answer}
                      for i in company.interests.select_related("screening__project")],
    }


def erase(user) -> None:
    Company.objects.filter(account=user).delete()
