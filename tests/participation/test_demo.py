from shapely.geometry import Point

from madina.participation.demo import PROPOSALS, load_demo_process
from madina.participation.models import Proposal
from madina.participation.phases import PhaseKind
from madina.territory.models import Municipality


def test_demo_process_is_idempotent_and_running(gabes):
    Municipality.objects.filter(pk=gabes.pk).update(slug="gabes")
    process = load_demo_process()
    assert load_demo_process().pk == process.pk
    assert process.proposal_count == Proposal.objects.count() == len(PROPOSALS)
    assert process.current_phase().kind == PhaseKind.PROPOSALS
    # Every kind once, but the survey phase: the surveys app's demo adds it with its survey (surveys/demo.py).
    assert sorted(process.phases.values_list("kind", flat=True)) == sorted(set(PhaseKind.values) - {PhaseKind.SURVEY})
    assert all(gabes.shape.covers(Point(float(p.longitude), float(p.latitude)))
               for p in Proposal.objects.all())


def test_demo_needs_the_territory(db):
    assert load_demo_process() is None
