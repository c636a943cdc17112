"""Staff set up processes in the site: who may, what the forms refuse, and that nothing typed is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from madina.core.errors import Invalid, NotAllowed
from madina.core.permissions import OPERATOR
from madina.participation import services
from madina.participation.models import Phase, Process
from madina.participation.phases import PhaseKind
from madina.territory.models import Perimeter

from .conftest import fresh, open_process

# Who manages Gabès: (role in the `people` fixture, expected answer). el_hamma_staff and the governorate of Sfax
# are added by the `roles` fixture below.
ROLES = [
    ("organiser", True),
    ("governorate_staff", True),
    ("other_governorate_staff", False),
    ("municipal_staff", True),
    ("other_municipal_staff", False),
    ("citizen", False),
    ("anonymous", False),
]


@pytest.fixture
def roles(people, el_hamma, sfax):
    from .conftest import make_user

    return {
        **people,
        "other_governorate_staff": make_user("gouvernorat@sfax.tn", "governorate_staff", governorate=sfax.governorate),
        "other_municipal_staff": make_user("mairie@elhamma.tn", "municipal_staff", municipality=el_hamma),
    }


def login(client, roles, role):
    if role != "anonymous":
        client.force_login(roles[role])


def dt(days, hour=8):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def local(value):
    return value.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_who_manages_a_process(client, roles, process, role, allowed):
    login(client, roles, role)
    response = client.get(f"/participer/concertations/{process.slug}/gestion/")
    if role == "anonymous":
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == (200 if allowed else 403)
    detail = client.get(process.get_absolute_url()).content.decode()
    assert (f"/participer/concertations/{process.slug}/gestion/" in detail) is allowed
    phase = process.phases.get()
    edit = client.post(f"/participer/phases/{phase.pk}/modifier/", {
        "kind": PhaseKind.DEBATE, "starts_at": local(dt(-1)), "ends_at": local(dt(3)),
    })
    assert (Phase.objects.get(pk=phase.pk).kind == PhaseKind.DEBATE) is allowed
    assert edit.status_code in ((302,) if allowed else (302, 403))


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_who_creates_a_process(client, roles, gabes, role, allowed):
    login(client, roles, role)
    listing = client.get("/participer/").content.decode()
    staff_of_somewhere = role in ("organiser", "governorate_staff", "other_governorate_staff", "municipal_staff",
                                  "other_municipal_staff")
    assert ("/participer/nouvelle-concertation/" in listing) is staff_of_somewhere
    response = client.post("/participer/nouvelle-concertation/", {"municipality": gabes.pk, "title_fr": "Oasis 2026"})
    created = Process.objects.filter(title_fr="Oasis 2026").first()
    assert (created is not None) is allowed
    if allowed:
        assert response.status_code == 302 and response["Location"] == f"/participer/concertations/{created.slug}/gestion/"
        assert not created.is_published and created.created_by == roles[role]
    elif staff_of_somewhere:
        assert response.status_code == 200 and "municipality" in response.context["form"].errors
    else:
        assert response.status_code in (302, 403)


def test_create_edit_publish_and_phases(client, people, gabes, el_hamma):
    perimeter = Perimeter.objects.create(municipality=gabes, slug="gabes-centre", name="Centre de Gabès")
    client.force_login(people["governorate_staff"])
    form_page = client.get("/participer/nouvelle-concertation/")
    assert {m.pk for m in form_page.context["form"].fields["municipality"].queryset} == {gabes.pk, el_hamma.pk}
    assert "project" not in form_page.context["form"].fields  # chosen on the edit page, among one municipality's
    response = client.post("/participer/nouvelle-concertation/", {
        "municipality": gabes.pk, "perimeter": perimeter.pk, "title_fr": "Gabès respire", "title_ar": "قابس تتنفس",
        "description_fr": "<p>Bienvenue</p><script>alert(1)</script>",
    })
    process = Process.objects.get(title_fr="Gabès respire")
    assert response["Location"].endswith(f"/{process.slug}/gestion/")
    assert process.slug == "gabes-respire" and process.title_ar == "قابس تتنفس" and process.perimeter == perimeter
    assert "<script>" not in process.description_fr and "Bienvenue" in process.description_fr
    assert client.get(process.get_absolute_url()).status_code == 404  # a draft

    manage = f"/participer/concertations/{process.slug}/gestion/"
    # an end before the start: refused next to the field, the typed values come back
    bad = client.post(manage + "phases/", {
        "kind": PhaseKind.PROPOSALS, "starts_at": local(dt(5)), "ends_at": local(dt(2)),
    })
    assert bad.status_code == 400 and "ends_at" in bad.context["phase_form"].errors
    assert local(dt(5)) in bad.content.decode()
    client.post(manage + "phases/", {"kind": PhaseKind.PROPOSALS, "starts_at": local(dt(-1)), "ends_at": local(dt(10))})
    overlap = client.post(manage + "phases/", {
        "kind": PhaseKind.BUDGET_VOTE, "starts_at": local(dt(9)), "ends_at": local(dt(20)),
    })
    assert overlap.status_code == 400 and "chevauche" in overlap.content.decode()
    client.post(manage + "phases/", {"kind": PhaseKind.BUDGET_VOTE, "starts_at": local(dt(10)), "ends_at": local(dt(20))})
    assert list(process.phases.values_list("kind", flat=True)) == [PhaseKind.PROPOSALS, PhaseKind.BUDGET_VOTE]
    page = client.get(manage).content.decode()
    assert f"/budget/concertation/{process.slug}/preparer/" in page

    client.post(manage + "publication/", {"action": "publish"})
    assert fresh(process).is_published and client.get(process.get_absolute_url()).status_code == 200

    client.post(manage + "modifier/", {"title_fr": "Gabès respire mieux", "title_en": "Gabès breathes", "perimeter": ""})
    process = fresh(process)
    assert (process.title_fr, process.title_en, process.perimeter, process.slug) == (
        "Gabès respire mieux", "Gabès breathes", None, "gabes-respire")

    vote = process.phases.get(kind=PhaseKind.BUDGET_VOTE)
    assert client.get(f"/participer/phases/{vote.pk}/supprimer/").status_code == 200
    client.post(f"/participer/phases/{vote.pk}/supprimer/")
    assert not process.phases.filter(kind=PhaseKind.BUDGET_VOTE).exists()
    client.post(manage + "publication/", {"action": "unpublish"})
    assert not fresh(process).is_published


def test_municipal_staff_choose_a_catalogue_project_of_their_municipality(client, people, gabes, sfax, sector):
    from madina.projects.models import Intervention, Origin, Project

    def project(municipality, title):
        return Project.objects.create(title=title, municipality=municipality, sector=sector,
                                      intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN)

    ours, theirs = project(gabes, "Corniche"), project(sfax, "Tram")
    client.force_login(people["municipal_staff"])
    form = client.get("/participer/nouvelle-concertation/").context["form"]
    assert list(form.fields["project"].queryset) == [ours]
    client.post("/participer/nouvelle-concertation/", {"municipality": gabes.pk, "title_fr": "Corniche",
                                                        "project": theirs.pk})
    assert not Process.objects.filter(title_fr="Corniche").exists()
    client.post("/participer/nouvelle-concertation/", {"municipality": gabes.pk, "title_fr": "Corniche",
                                                        "project": ours.pk})
    assert Process.objects.get(title_fr="Corniche").project == ours


def test_edit_form_refuses_a_perimeter_of_another_municipality(client, people, process, el_hamma):
    elsewhere = Perimeter.objects.create(municipality=el_hamma, slug="el-hamma-centre", name="Centre d'El Hamma")
    client.force_login(people["organiser"])
    response = client.post(f"/participer/concertations/{process.slug}/gestion/modifier/",
                           {"title_fr": "Nouveau titre", "perimeter": elsewhere.pk})
    assert response.status_code == 200 and "perimeter" in response.context["form"].errors
    assert "Nouveau titre" in response.content.decode()
    assert fresh(process).perimeter is None


def test_services_check_role_places_and_overlaps(people, gabes, el_hamma, process):
    with pytest.raises(NotAllowed):
        services.create_process(people["foreign_staff"], municipality=gabes, slug="x", title="x")
    elsewhere = Perimeter.objects.create(municipality=el_hamma, slug="p", name="p")
    with pytest.raises(Invalid):
        services.edit_process(process, people["municipal_staff"], title="x", perimeter=elsewhere)
    with pytest.raises(NotAllowed):
        services.set_published(process, people["citizen"], False)
    phase = process.phases.get()
    later = services.add_phase(process, people["municipal_staff"], PhaseKind.SUPPORTS, phase.ends_at,
                               phase.ends_at + timedelta(days=5))
    with pytest.raises(Invalid, match="chevauche"):
        services.edit_phase(later, people["municipal_staff"], kind=PhaseKind.SUPPORTS,
                            starts_at=phase.ends_at - timedelta(hours=1), ends_at=later.ends_at)
    with pytest.raises(NotAllowed):
        services.delete_phase(later, people["foreign_staff"])
    with pytest.raises(NotAllowed):
        services.add_phase(process, people["citizen"], PhaseKind.RESULTS, later.ends_at,
                           later.ends_at + timedelta(days=1))


def test_slugs_stay_unique(gabes):
    open_process(gabes, slug="gabes-respire")
    assert services.unused_slug("Gabès respire") == "gabes-respire-2"
    assert services.unused_slug("قابس") == "concertation"


def test_management_page_query_count(client, people, process, django_assert_num_queries):
    for days in (7, 14, 21):
        services.add_phase(process, OPERATOR, PhaseKind.DEBATE if days == 7 else PhaseKind.FOLLOW_UP,
                           timezone.now() + timedelta(days=days), timezone.now() + timedelta(days=days + 6))
    client.force_login(people["municipal_staff"])
    url = f"/participer/concertations/{process.slug}/gestion/"
    client.get(url)
    # session, user, process with its municipality, phases, my roles, unread notifications
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_editing_a_process_keeps_the_counts_kept_meanwhile(process, people, proposal):
    """The staff's page holds an older copy of the process: its counts are not written back."""
    stale = type(process).objects.get(pk=process.pk)
    type(process).objects.filter(pk=process.pk).update(proposal_count=7, follower_count=5)
    services.edit_process(stale, people["municipal_staff"], title="Gabès respire mieux")
    stored = type(process).objects.get(pk=process.pk)
    assert (stored.title_fr, stored.proposal_count, stored.follower_count) == ("Gabès respire mieux", 7, 5)


def test_editing_a_phase_does_not_undo_an_announcement_made_meanwhile(process, people):
    phase = process.phases.get()
    stale = type(phase).objects.get(pk=phase.pk)
    type(phase).objects.filter(pk=phase.pk).update(announced_at=timezone.now())
    services.edit_phase(stale, people["municipal_staff"], kind=phase.kind, starts_at=phase.starts_at,
                        ends_at=phase.ends_at + timedelta(days=1))
    assert type(phase).objects.get(pk=phase.pk).announced_at is not None
