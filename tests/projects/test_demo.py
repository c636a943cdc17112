"""The demo projects load on the real territory and 2020 caravan, twice without change, all marked demo."""

from django.conf import settings

from madina.caravan.demo import load_2020_edition
from madina.projects.demo import load_demo_projects
from madina.projects.models import FundingLine, Project, StageChange
from madina.territory.demo import load_demo_perimeters
from madina.territory.importer import import_file


def test_demo_projects_are_idempotent_located_and_marked(defaults, client):
    for name in ("governorates.geojson", "municipalities.geojson"):
        import_file(settings.DATA_DIR / "territory" / name)
    load_demo_perimeters()
    edition = load_2020_edition()
    count = load_demo_projects()
    snapshot = (Project.objects.count(), StageChange.objects.count(), FundingLine.objects.count())
    assert count == load_demo_projects() == snapshot[0]
    assert (Project.objects.count(), StageChange.objects.count(), FundingLine.objects.count()) == snapshot
    assert not Project.objects.filter(is_demo=False).exists()
    assert set(Project.objects.exclude(stop=None).values_list("stop__edition", flat=True)) == {edition.pk}
    assert Project.objects.exclude(stop=None).values("stop").distinct().count() == 20
    assert Project.objects.exclude(perimeter=None).values("perimeter").distinct().count() == 3
    assert not Project.objects.filter(lon=None).exists()
    assert Project.objects.values("stage").distinct().count() >= 8
    project = Project.objects.exclude(perimeter=None).first()
    assert "démonstration" in client.get(project.get_absolute_url()).content.decode()
