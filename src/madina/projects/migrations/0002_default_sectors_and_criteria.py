"""The catalogue's default sectors, each tied to its U4SSC category and ISO 37120 theme, and the default
prioritisation criteria. Organisers edit both in the admin afterwards; this only seeds an empty table."""

from django.db import migrations

SECTORS = [
    # code, French, Arabic, English, U4SSC category, ISO 37120 theme
    ("GOV", "Gouvernance et e-services", "الحوكمة والخدمات الإلكترونية", "Governance and e-services",
     "Economy: ICT (public sector, e-government services)", "Governance"),
    ("ICT", "Infrastructures numériques", "البنية التحتية الرقمية", "Digital infrastructure",
     "Economy: ICT infrastructure", "Telecommunication"),
    ("MOB", "Mobilité", "التنقل", "Mobility", "Economy: transport", "Transportation"),
    ("ENE", "Énergie et éclairage public", "الطاقة والإنارة العمومية", "Energy and public lighting",
     "Environment: energy", "Energy"),
    ("WAT", "Eau et assainissement", "الماء والتطهير", "Water and sanitation",
     "Environment: water and sanitation", "Water; Wastewater"),
    ("WST", "Déchets solides", "النفايات الصلبة", "Solid waste", "Environment: waste", "Solid waste"),
    ("ENV", "Environnement et espaces verts", "البيئة والمساحات الخضراء", "Environment and green space",
     "Environment: environmental quality, public space and nature", "Environment and climate change"),
    ("URB", "Urbanisme, bâtiments et espace public", "التهيئة العمرانية والبنايات والفضاء العام",
     "Urban planning, buildings and public space", "Economy: buildings and urban planning", "Urban planning"),
    ("HOU", "Logement et inclusion", "السكن والإدماج", "Housing and inclusion",
     "Society and culture: housing, social inclusion", "Housing; Population and social conditions"),
    ("ECO", "Économie, tourisme et innovation", "الاقتصاد والسياحة والتجديد", "Economy, tourism and innovation",
     "Economy: productivity (innovation, employment, tourism)", "Economy"),
    ("SOC", "Éducation, santé et culture", "التعليم والصحة والثقافة", "Education, health and culture",
     "Society and culture: education, health, culture", "Education; Health; Sport and culture"),
    ("SAF", "Sécurité et résilience", "السلامة والصمود", "Safety and resilience",
     "Society and culture: safety", "Safety"),
    ("AGR", "Agriculture urbaine et oasienne", "الفلاحة الحضرية والواحية", "Urban and oasis agriculture",
     "Society and culture: food security", "Urban/local agriculture and food security"),
]

CRITERIA = [
    ("impact", "Impact sur la qualité de vie", "الأثر على جودة الحياة", "Impact on quality of life", 3),
    ("feasibility", "Faisabilité", "قابلية الإنجاز", "Feasibility", 2),
    ("cost", "Coût maîtrisé", "التحكم في الكلفة", "Affordable cost", 2),
    ("maturity", "Maturité", "درجة النضج", "Maturity", 1),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("projects", "Sector")
    Criterion = apps.get_model("projects", "Criterion")
    for order, (code, fr, ar, en, u4ssc, iso) in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(
            code=code,
            defaults={
                "name": fr, "name_fr": fr, "name_ar": ar, "name_en": en,
                "u4ssc_category": u4ssc, "iso37120_theme": iso, "order": order,
            },
        )
    for order, (code, fr, ar, en, weight) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(
            code=code,
            defaults={"name": fr, "name_fr": fr, "name_ar": ar, "name_en": en, "weight": weight, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
