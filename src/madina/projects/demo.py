"""Demo projects: plausible ideas for the 20 stops of the 2020 caravan and the three smart-city perimeters.

Every one is marked `is_demo` and says so on its page: they illustrate the platform, they are not real
commitments of any municipality. Loading twice changes nothing (keyed by municipality and French title).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely import affinity
from shapely.geometry import Point

from madina.caravan.demo import held_stops
from madina.caravan.models import Edition
from madina.territory.models import Perimeter

from . import describe
from .models import (
    FundingLine,
    FundingSource,
    Intervention,
    Organisation,
    OrganisationKind,
    Origin,
    Project,
    Promoter,
    Sector,
    Stage,
    StageChange,
)

# French, Arabic, English title; sector; estimated cost (TND); SDG targets; PPP candidate.
IDEAS = [
    ("Éclairage public LED intelligent", "إنارة عمومية ذكية بتقنية LED", "Smart LED street lighting", "ENE", 1_200_000, ["7.3", "11.6"], True),
    ("Plateforme de e-services municipaux", "منصة الخدمات البلدية الإلكترونية", "Municipal e-services platform", "GOV", 350_000, ["16.6", "16.7"], False),
    ("Wi-Fi public au centre-ville", "شبكة واي فاي عمومية بوسط المدينة", "Public Wi-Fi downtown", "ICT", 180_000, ["9.c"], False),
    ("Tri sélectif et compostage des déchets verts", "الفرز الانتقائي وتسميد النفايات الخضراء", "Waste sorting and composting", "WST", 600_000, ["11.6", "12.5"], False),
    ("Détection des fuites du réseau d'eau", "رصد التسربات في شبكة الماء", "Leak detection on the water network", "WAT", 900_000, ["6.4"], False),
    ("Parc urbain et jardin partagé", "منتزه حضري وحديقة تشاركية", "Urban park and shared garden", "ENV", 750_000, ["11.7"], False),
    ("Gare multimodale et information voyageurs", "محطة متعددة الوسائط وإعلام المسافرين", "Multimodal station and passenger information", "MOB", 2_500_000, ["11.2"], True),
    ("Réhabilitation de la place centrale", "إعادة تهيئة الساحة المركزية", "Redesign of the central square", "URB", 1_800_000, ["11.3", "11.7"], False),
    ("Incubateur de start-up et espace de coworking", "حاضنة مؤسسات ناشئة وفضاء عمل مشترك", "Start-up incubator and coworking space", "ECO", 800_000, ["8.3", "9.b"], True),
    ("Irrigation intelligente de l'oasis", "الري الذكي للواحة", "Smart oasis irrigation", "AGR", 1_100_000, ["2.4", "6.4"], False),
    ("Toitures solaires des bâtiments municipaux", "ألواح شمسية فوق المباني البلدية", "Solar roofs on municipal buildings", "ENE", 1_500_000, ["7.2"], True),
    ("Alerte précoce aux inondations", "نظام الإنذار المبكر بالفيضانات", "Flood early-warning system", "SAF", 700_000, ["11.5", "13.1"], False),
    ("Maison des services numériques pour les jeunes", "دار الخدمات الرقمية للشباب", "Digital services house for young people", "SOC", 450_000, ["4.4"], False),
    ("Logement social économe en énergie", "سكن اجتماعي مقتصد في الطاقة", "Energy-efficient social housing", "HOU", 4_000_000, ["11.1", "7.3"], False),
    ("Stationnement intelligent", "مآوي سيارات ذكية", "Smart parking", "MOB", 650_000, ["11.2"], True),
]
OASIS_TOWNS = {"tozeur", "nefta", "hezoua", "jemna", "douz", "el-hamma", "gabes"}
AGRICULTURE = 9

PERIMETER_IDEAS = {
    "la-perle-du-lac": [
        ("Promenade connectée des berges du lac", "ممشى متصل على ضفاف البحيرة", "Connected lakeside promenade", "URB", 5_000_000, Intervention.REDEVELOPMENT),
        ("Réseau de chaleur et de froid urbain", "شبكة حضرية للتدفئة والتبريد", "District heating and cooling network", "ENE", 12_000_000, Intervention.GREENFIELD),
        ("Piste cyclable et vélos en libre-service", "مسلك للدراجات ودراجات للاستعمال الحر", "Cycle track and bike sharing", "MOB", 2_200_000, Intervention.GREENFIELD),
    ],
    "bizerte-centre-pietonnier": [
        ("Piétonnisation du vieux port", "تخصيص الميناء القديم للمترجلين", "Pedestrian old port", "URB", 3_500_000, Intervention.RETROFIT),
        ("Capteurs de qualité de l'air en médina", "حساسات جودة الهواء بالمدينة العتيقة", "Air-quality sensors in the medina", "ENV", 250_000, Intervention.RETROFIT),
        ("Navettes électriques du centre", "حافلات كهربائية لوسط المدينة", "Electric shuttles for the centre", "MOB", 1_900_000, Intervention.REDEVELOPMENT),
    ],
    "gabes-oasis-intelligente": [
        ("Écoquartier de l'ancien aéroport", "حي إيكولوجي بالمطار القديم", "Eco-district on the former airport", "URB", 25_000_000, Intervention.GREENFIELD),
        ("Réutilisation des eaux usées traitées pour l'oasis", "إعادة استعمال المياه المعالجة للواحة", "Treated wastewater reuse for the oasis", "WAT", 4_500_000, Intervention.GREENFIELD),
        ("Centre d'innovation agricole oasien", "مركز التجديد الفلاحي الواحي", "Oasis agriculture innovation centre", "AGR", 2_800_000, Intervention.GREENFIELD),
    ],
}

# The stages a demo project has gone through, chosen by its index so the pipeline shows every step.
STAGE_PATHS = [
    [Stage.IDEA],
    [Stage.IDEA, Stage.QUALIFIED],
    [Stage.IDEA, Stage.QUALIFIED, Stage.FEASIBILITY],
    [Stage.IDEA, Stage.QUALIFIED, Stage.FEASIBILITY, Stage.STRUCTURING],
    [Stage.IDEA, Stage.QUALIFIED, Stage.FEASIBILITY, Stage.STRUCTURING, Stage.APPROVED],
    [Stage.IDEA, Stage.QUALIFIED, Stage.FEASIBILITY, Stage.STRUCTURING, Stage.APPROVED, Stage.PROCUREMENT],
    [Stage.IDEA, Stage.QUALIFIED, Stage.FEASIBILITY, Stage.STRUCTURING, Stage.APPROVED, Stage.PROCUREMENT,
     Stage.IMPLEMENTATION],
    [Stage.IDEA, Stage.QUALIFIED, Stage.ON_HOLD],
    [Stage.IDEA, Stage.ABANDONED],
]



@transaction.atomic
def record_demo_project(*, key: dict, fields: dict, stages: list[str], start: date | None, funding: list,
                        promoters: list) -> Project:
    """Create or refresh a demo project with a plausible history, described and checked like any other project
    (describe.py); the operator at the command line loads it, and every row it writes says `is_demo`."""
    project = Project.objects.filter(is_demo=True, **key).first()
    created = project is None
    if created:
        project = Project(is_demo=True)
    fields = dict(fields)
    geometry = fields.pop("geometry", None)
    describe.apply(project, {**key, **fields})
    describe.validate(project, True, geometry)
    today = timezone.localdate()
    start = start or today
    dates = [min(start + timedelta(days=60 * i), today) for i in range(len(stages))]
    project.stage = stages[-1]
    project.stage_before_hold = stages[-2] if stages[-1] == Stage.ON_HOLD else ""
    project.stage_changed_at = timezone.make_aware(datetime.combine(dates[-1], time(12)))
    describe.save(project)
    if created:
        StageChange.objects.bulk_create([
            StageChange(project=project, from_stage=stages[i - 1] if i else "", to_stage=stage, effective_date=day,
                        note=_("Historique de démonstration."))
            for i, (stage, day) in enumerate(zip(stages, dates, strict=True))
        ])
        FundingLine.objects.bulk_create([FundingLine(project=project, source=s, amount_tnd=a, note=n) for s, a, n in funding])
        Promoter.objects.bulk_create([Promoter(project=project, organisation=o, is_lead=lead) for o, lead in promoters])
    return project


def _point_inside(area, near: Point, step: int) -> Point:
    """A point a few hundred metres from `near`, inside `area` (falls back on a point surely inside)."""
    if area is None:
        return near
    offsets = [(0.004, 0.002), (-0.003, 0.004), (0.002, -0.004), (-0.004, -0.002), (0.0, 0.0)]
    for dx, dy in offsets[step % len(offsets):] + offsets[: step % len(offsets)]:
        candidate = affinity.translate(near, dx, dy)
        if area.contains(candidate):
            return candidate
    return area.representative_point()


def _funding(cost: int, ppp: bool, index: int) -> list[tuple[str, Decimal, str]]:
    cost = Decimal(cost)
    if ppp:
        return [(FundingSource.MUNICIPAL_BUDGET, cost * Decimal("0.2"), ""), (FundingSource.PPP, cost * Decimal("0.8"), "")]
    if index % 3 == 0:
        return [(FundingSource.MUNICIPAL_BUDGET, cost * Decimal("0.3"), ""), (FundingSource.CDC_LOAN, cost * Decimal("0.7"), "")]
    if index % 3 == 1:
        return [(FundingSource.STATE_GRANT, cost * Decimal("0.5"), ""), (FundingSource.DONOR, cost * Decimal("0.5"), "")]
    return [(FundingSource.MUNICIPAL_BUDGET, cost, "")]


def _municipality_organisation(municipality) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name_fr=f"Commune de {municipality.name_fr}", kind=OrganisationKind.MUNICIPALITY,
        defaults={"name": f"Commune de {municipality.name_fr}", "name_ar": f"بلدية {municipality.name_ar or municipality.name_fr}",
                  "name_en": f"Municipality of {municipality.name_en or municipality.name_fr}"},
    )
    return org


@transaction.atomic
def load_demo_projects() -> int:
    """Create or refresh the demo projects; returns how many there are."""
    sectors = {s.code: s for s in Sector.objects.all()}
    count = 0
    edition = Edition.objects.filter(slug="2020").first()
    stops = list(held_stops(edition).select_related("municipality").order_by("order")) if edition else []
    for stop in stops:
        municipality = stop.municipality
        if municipality is None:
            continue
        area = municipality.shape
        picks = [IDEAS[(stop.order * 3 + k) % len(IDEAS)] for k in range(3)]
        if municipality.slug in OASIS_TOWNS and IDEAS[AGRICULTURE] not in picks:
            picks[2] = IDEAS[AGRICULTURE]
        for k, (fr, ar, en, sector, cost, sdg, ppp) in enumerate(picks):
            index = stop.order * 3 + k
            where = _point_inside(area, Point(float(stop.longitude), float(stop.latitude)), index)
            record_demo_project(
                key={"municipality": municipality, "title_fr": fr},
                fields={
                    "title_ar": ar, "title_en": en, "sector": sectors[sector], "sdg_targets": sdg,
                    "summary_fr": f"Idée recueillie lors de l'atelier de la caravane 2020 à {stop.name_fr}.",
                    "summary_ar": f"فكرة جُمعت خلال ورشة قافلة 2020 في {stop.name_ar or stop.name_fr}.",
                    "summary_en": f"An idea gathered at the 2020 caravan's workshop in {stop.name_en or stop.name_fr}.",
                    "intervention": Intervention.CITY_WIDE, "origin": Origin.CARAVAN_STOP, "stop": stop,
                    "estimated_cost_tnd": Decimal(cost), "is_ppp_candidate": ppp,
                    "geometry": {"type": "Point", "coordinates": [round(where.x, 6), round(where.y, 6)]},
                },
                stages=STAGE_PATHS[index % len(STAGE_PATHS)],
                start=stop.date or edition.start_date,
                funding=_funding(cost, ppp, index),
                promoters=[(_municipality_organisation(municipality), True)],
            )
            count += 1
    for slug, ideas in PERIMETER_IDEAS.items():
        perimeter = Perimeter.objects.select_related("municipality").filter(slug=slug).first()
        if perimeter is None:
            continue
        area = perimeter.shape
        for k, (fr, ar, en, sector, cost, intervention) in enumerate(ideas):
            where = _point_inside(area, area.representative_point(), k)
            record_demo_project(
                key={"municipality": perimeter.municipality, "title_fr": fr},
                fields={
                    "title_ar": ar, "title_en": en, "sector": sectors[sector], "sdg_targets": ["11.3", "11.b"],
                    "summary_fr": f"Projet du périmètre smart city « {perimeter.name_fr} ».",
                    "summary_ar": f"مشروع المحيط الذكي «{perimeter.name_ar or perimeter.name_fr}».",
                    "summary_en": f"A project of the “{perimeter.name_en or perimeter.name_fr}” smart city perimeter.",
                    "intervention": intervention, "perimeter": perimeter, "origin": Origin.MUNICIPAL_PLAN,
                    "estimated_cost_tnd": Decimal(cost), "is_ppp_candidate": cost >= 5_000_000,
                    "geometry": {"type": "Point", "coordinates": [round(where.x, 6), round(where.y, 6)]},
                },
                stages=STAGE_PATHS[(k * 2 + 3) % 7],
                start=edition.start_date - timedelta(days=365) if edition else None,
                funding=_funding(cost, cost >= 5_000_000, k),
                promoters=[(_municipality_organisation(perimeter.municipality), True)],
            )
            count += 1
    return count
