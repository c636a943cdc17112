"""The programme's three smart-city perimeters, drawn APPROXIMATELY from press descriptions (no official
survey is public): each is flagged `is_approximate` and says so on its page.

- La Perle du Lac: the first smart perimeter (SPLT, about 65 ha) at the north-west of Les Berges du Lac Nord;
  the lake shore there lies in the municipality of Tunis in the gazetteer (not La Marsa nor La Goulette).
- Bizerte: the pedestrianised centre around the old port and the medina.
- Gabès Oasis Intelligente: the 42 ha of the former military airport, between the sea, the oasis and the
  Gabès canal.
"""

from shapely.geometry import Polygon

from madina.core.permissions import OPERATOR

from .models import Municipality, Perimeter
from .services import PerimeterData, create_perimeter, update_perimeter

DEMO_PERIMETERS = [
    {
        "slug": "la-perle-du-lac",
        "municipality": "tunis",
        "name_fr": "La Perle du Lac",
        "name_ar": "لؤلؤة البحيرة",
        "name_en": "The Pearl of the Lake",
        "description_fr": "Premier périmètre smart du pays, sur les Berges du Lac Nord : promenade le long du lac "
        "et des canaux, piste cyclable, réseaux intelligents. Tracé approximatif.",
        "description_ar": "أول محيط ذكي في البلاد على ضفاف البحيرة الشمالية: ممشى على طول البحيرة والقنوات ومسلك "
        "للدراجات وشبكات ذكية. الرسم تقريبي.",
        "description_en": "The country's first smart perimeter, on the north shore of the Lake of Tunis: lakeside "
        "promenade, cycle track, smart networks. Approximate outline.",
        "coordinates": [(10.2155, 36.8262), (10.2262, 36.8284), (10.2283, 36.8330), (10.2180, 36.8336),
                        (10.2150, 36.8300)],
    },
    {
        "slug": "bizerte-centre-pietonnier",
        "municipality": "bizerte",
        "name_fr": "Centre piétonnier de Bizerte",
        "name_ar": "وسط بنزرت المخصص للمترجلين",
        "name_en": "Pedestrian centre of Bizerte",
        "description_fr": "Le centre rendu aux piétons autour du vieux port et de la médina. Tracé approximatif.",
        "description_ar": "وسط المدينة المخصص للمترجلين حول الميناء القديم والمدينة العتيقة. الرسم تقريبي.",
        "description_en": "The pedestrianised centre around the old port and the medina. Approximate outline.",
        "coordinates": [(9.8672, 37.2731), (9.8708, 37.2726), (9.8730, 37.2745), (9.8724, 37.2764),
                        (9.8687, 37.2768), (9.8668, 37.2751)],
    },
    {
        "slug": "gabes-oasis-intelligente",
        "municipality": "gabes",
        "name_fr": "Gabès Oasis Intelligente",
        "name_ar": "قابس الواحة الذكية",
        "name_en": "Gabès Smart Oasis",
        "description_fr": "Quartier écologique sur les 42 ha de l'ancien aéroport militaire, entre la mer, l'oasis "
        "et le canal de Gabès. Tracé approximatif.",
        "description_ar": "حي إيكولوجي على 42 هكتارا من المطار العسكري القديم بين البحر والواحة وقنال قابس. "
        "الرسم تقريبي.",
        "description_en": "An ecological district on the 42 ha of the former military airport, between the sea, "
        "the oasis and the Gabès canal. Approximate outline.",
        "coordinates": [(10.1005, 33.8878), (10.1077, 33.8880), (10.1080, 33.8930), (10.1036, 33.8939),
                        (10.1002, 33.8923)],
    },
]


def load_demo_perimeters() -> int:
    """Create or refresh the demo perimeters whose municipality is imported; returns how many exist."""
    count = 0
    for spec in DEMO_PERIMETERS:
        municipality = Municipality.objects.filter(slug=spec["municipality"]).first()
        if municipality is None:
            continue
        data = PerimeterData(
            geometry=Polygon(spec["coordinates"]),
            is_approximate=True,
            **{k: v for k, v in spec.items() if k.startswith(("name_", "description_"))},
        )
        existing = Perimeter.objects.filter(slug=spec["slug"]).first()
        if existing is None:
            create_perimeter(municipality, data, OPERATOR, slug=spec["slug"])
        else:
            update_perimeter(existing, data, OPERATOR)
        count += 1
    return count
