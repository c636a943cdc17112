"""Run in a `madina shell` by tests/core/test_backup.py, on a database holding the demo: a budget voted by twelve
residents (online and on paper) and counted, and a proposal with an image; prints the budget's result."""

import io
import json
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from madina.accounts.models import Role, RoleAssignment, User
from madina.budgeting import services
from madina.budgeting.demo import DEMO_BIRTH_DATE, DEMO_IDENTIFIERS
from madina.budgeting.models import Budget
from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.surveys.models import Survey

budget = Budget.objects.get()
process = budget.process
staff = User.objects.create_user("mairie@gabes.tn", "un-mot-de-passe-solide")
RoleAssignment.objects.create(user=staff, role=Role.MUNICIPAL_STAFF, municipality=process.municipality)

buffer = io.BytesIO()
Image.new("RGB", (800, 600), "orange").save(buffer, "PNG")
first = process.proposals.order_by("pk").first()
author = first.author
image = participation.ImageUpload(SimpleUploadedFile("oasis.png", buffer.getvalue()), "L'oasis au printemps")
participation.create_proposal(process, author, title="Des bancs à l'ombre", body="<p>Pour attendre le bus.</p>",
                              sector=first.sector, latitude=first.latitude, longitude=first.longitude, images=[image])

now = timezone.now()
Survey.objects.filter(phase__process=process).delete()  # its phase goes: the demo's survey goes first
process.phases.all().delete()
participation.add_phase(process, OPERATOR, PhaseKind.BUDGET_VOTE, now - timedelta(days=1), now + timedelta(days=1))
budget = Budget.objects.get()
projects = list(budget.projects.order_by("position").values_list("pk", flat=True))
for n, identifier in enumerate(DEMO_IDENTIFIERS[:9]):
    voter = User.objects.create_user(f"habitant{n}@gabes.tn", "un-mot-de-passe-solide")
    EmailAddress.objects.create(user=voter, email=voter.email, verified=True, primary=True)
    services.claim_census_entry(budget, voter, identifier, DEMO_BIRTH_DATE)
    services.cast_ballot(budget, voter, [projects[n % len(projects)], projects[(n + 1) % len(projects)]])
for identifier in DEMO_IDENTIFIERS[9:12]:
    services.enter_paper_ballot(budget, staff, projects[:1], identifier=identifier)

process.phases.all().delete()
participation.add_phase(process, OPERATOR, PhaseKind.BUDGET_VOTE, now - timedelta(days=3), now - timedelta(hours=1))
participation.add_phase(process, OPERATOR, PhaseKind.RESULTS, now - timedelta(hours=1), now + timedelta(days=30))
services.request_count(Budget.objects.get(), staff)  # the immediate task backend counts it now
budget = Budget.objects.get()
print(json.dumps({"state": budget.count_state, "ballots": budget.ballot_count,
                  "winners": sorted(budget.projects.filter(is_selected=True).values_list("pk", flat=True))}))
