"""A demo co-construction in Gabès: the "Gabès respire" process with its dated phases and a few proposals.

Idempotent: a second load finds the process by its slug and changes nothing. Proposals are placed around a point
inside the municipality (the smart-city perimeter when it is loaded), so the map shows them where they belong.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from madina.accounts.models import User
from madina.core.permissions import OPERATOR
from madina.projects.models import Sector
from madina.territory.models import Municipality, Perimeter

from . import services
from .models import Process
from .phases import PhaseKind

SLUG = "gabes-respire"
# (kind, days from now to its start, length in days): the proposals phase is running when the demo loads.
PHASES = [
    (PhaseKind.INFORMATION, -24, 14),
    (PhaseKind.PROPOSALS, -10, 30),
    (PhaseKind.DEBATE, 20, 14),
    (PhaseKind.SUPPORTS, 34, 14),
    (PhaseKind.BUDGET_VOTE, 48, 14),
    (PhaseKind.RESULTS, 62, 30),
    (PhaseKind.FOLLOW_UP, 92, 365),
]
PROPOSALS = [
    ("MOB", "Des abris ombragés aux arrêts de bus",
     "<p>En été, attendre le bus en plein soleil est pénible. Des abris avec de l'ombre et un banc.</p>"),
    ("AGR", "Jardins partagés au bord de l'oasis",
     "<p>Confier des parcelles de l'oasis de Chenini aux habitants, avec l'irrigation goutte à goutte.</p>"),
    ("ENV", "Nettoyer et surveiller la plage",
     "<p>Des capteurs de qualité de l'eau et une carte publique des relevés, pour la plage de Gabès.</p>"),
    ("ENE", "Éclairage public solaire sur la corniche", "<p>Des lampadaires solaires à détection de présence.</p>"),
]


def load_demo_process() -> Process | None:
    """The Gabès process, or None when the territory is not loaded."""
    municipality = Municipality.objects.filter(slug="gabes").first()
    if municipality is None:
        return None
    existing = Process.objects.filter(slug=SLUG).first()
    if existing:
        return existing
    with transaction.atomic():
        perimeter = Perimeter.objects.filter(municipality=municipality).first()
        process = services.create_process(
            OPERATOR, municipality=municipality, perimeter=perimeter, slug=SLUG,
            title="Gabès respire : la ville et son oasis", title_ar="قابس تتنفّس: المدينة وواحتها",
            title_en="Gabès breathes: the city and its oasis",
            description="<p>La municipalité et le gouvernorat de Gabès construisent avec les habitants les projets "
            "de la ville intelligente : proposez, débattez, soutenez.</p>",
            description_ar="<p>تبني بلدية قابس وولايتها مع المتساكنين مشاريع المدينة الذكية: اقترحوا وناقشوا "
            "وادعموا.</p>",
            description_en="<p>The municipality and the governorate of Gabès build the smart city's projects with "
            "the residents: propose, debate, support.</p>",
        )
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        for kind, start, days in PHASES:
            starts = now + timedelta(days=start)
            services.add_phase(process, OPERATOR, kind, starts, starts + timedelta(days=days))
        author, _ = User.objects.get_or_create(
            email="citoyenne.demo@madina.local", defaults={"display_name": "Amel (démo)"}
        )
        place = (perimeter or municipality).shape.representative_point()
        boundary = municipality.shape
        for i, (code, title, body) in enumerate(PROPOSALS):
            lon, lat = place.x + 0.002 * (i - 1.5), place.y + 0.0015 * (i % 2)
            if boundary is not None and not boundary.covers(type(place)(lon, lat)):
                lon, lat = place.x, place.y
            services.create_proposal(
                process, author, title=title, body=body, sector=Sector.objects.get(code=code),
                latitude=round(lat, 6), longitude=round(lon, 6),
            )
    return Process.objects.get(pk=process.pk)
