"""The admin edits an edition with its stops inline and keeps the stored stop count."""

import datetime as dt

import pytest
from django.urls import reverse

from madina.caravan import services
from madina.caravan.demo import load_2020_edition
from madina.caravan.models import Team, Tour
from tests.caravan.conftest import future_edition


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="organiser@example.org", password="a-long-password-1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_the_edition_page_lists_its_stops_in_order(staff_client):
    edition = load_2020_edition()
    response = staff_client.get(reverse("admin:caravan_edition_change", args=[edition.pk]))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.order for form in formset.forms] == list(range(1, 21))
    assert formset.forms[0].instance.name_fr == "Sbeïtla"
    assert 'name="stops-0-name_ar"' in response.content.decode()


@pytest.mark.django_db
def test_deleting_a_stop_in_the_inline_updates_the_count(staff_client):
    edition = load_2020_edition()
    url = reverse("admin:caravan_edition_change", args=[edition.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update({"start_date": "2020-03-09", "end_date": "2020-03-16", "is_published": "on"})
    inline = staff_client.get(url).context["inline_admin_formsets"][0].formset
    data.update({
        "stops-TOTAL_FORMS": str(inline.total_form_count()),
        "stops-INITIAL_FORMS": str(inline.initial_form_count()),
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "1000",
    })
    for i, stop_form in enumerate(inline.forms):
        for name, field in stop_form.fields.items():
            value = stop_form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[f"stops-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
        data[f"stops-{i}-edition"] = edition.pk
    data["stops-19-DELETE"] = "on"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    edition.refresh_from_db()
    assert edition.stop_count == 19


@pytest.mark.django_db
def test_a_tour_is_edited_with_its_teams_and_keeps_inside_its_edition(staff_client):
    edition = future_edition(slug="admin-tours", days=6)
    tour = services.tours.ensure_tour(edition)
    url = reverse("admin:caravan_tour_change", args=[tour.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and 'name="teams-0-name_ar"' in page.content.decode()
    team = tour.teams.get()
    data = {"edition": edition.pk, "order": 1, "name_fr": "Sud", "start_date": edition.start_date.isoformat(),
            "end_date": (edition.end_date + dt.timedelta(days=3)).isoformat(),
            "teams-TOTAL_FORMS": "1", "teams-INITIAL_FORMS": "1", "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "1000", "teams-0-id": team.pk, "teams-0-tour": tour.pk, "teams-0-order": 1,
            "teams-0-name_fr": "Caravane", "teams-0-colour": "#0072B2"}
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and "end_date" in refused.context["adminform"].form.errors
    data["end_date"] = edition.end_date.isoformat()
    data["teams-0-colour"] = "bleu"
    assert staff_client.post(url, data).status_code == 200
    data["teams-0-colour"] = "#D55E00"
    assert staff_client.post(url, data).status_code == 302
    assert Tour.objects.get(pk=tour.pk).name_fr == "Sud" and tour.teams.get().colour == "#D55E00"
    assert staff_client.get(reverse("admin:caravan_tour_delete", args=[tour.pk])).status_code == 403


@pytest.mark.django_db
def test_a_teams_ends_are_checked_as_typed_in_the_tours_page(staff_client):
    edition = future_edition(slug="admin-ends", days=6)
    tour = services.tours.ensure_tour(edition)
    team = tour.teams.get()
    sfax = edition.stops.get(order=1)
    url = reverse("admin:caravan_tour_change", args=[tour.pk])
    data = {"edition": edition.pk, "order": 1, "name_fr": "Sud", "start_date": edition.start_date.isoformat(),
            "end_date": edition.end_date.isoformat(),
            "teams-TOTAL_FORMS": "1", "teams-INITIAL_FORMS": "1", "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "1000", "teams-0-id": team.pk, "teams-0-tour": tour.pk, "teams-0-order": 1,
            "teams-0-name_fr": "Caravane", "teams-0-colour": "#0072B2",
            "teams-0-start_stop": sfax.pk, "teams-0-end_stop": sfax.pk}
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and "doit être différente de l&#x27;étape de départ" in refused.content.decode()
    assert tour.teams.get().start_stop_id is None


@pytest.mark.django_db
def test_the_tours_list_does_not_delete_an_editions_last_tour(staff_client):
    edition = future_edition(slug="admin-only", days=6)
    tour = services.tours.ensure_tour(edition)
    other = Tour.objects.create(edition=edition, order=2, name_fr="Nord", start_date=edition.end_date,
                                end_date=edition.end_date)
    staff_client.post(reverse("admin:caravan_tour_changelist"),
                      {"action": "delete_selected", "_selected_action": [tour.pk, other.pk], "post": "yes"})
    assert edition.tours.exists()


@pytest.mark.django_db
def test_the_tours_page_does_not_delete_its_last_team(staff_client):
    edition = future_edition(slug="admin-team", days=6)
    tour = services.tours.ensure_tour(edition)
    team = tour.teams.get()
    data = {"edition": edition.pk, "order": 1, "name_fr": "Sud", "start_date": edition.start_date.isoformat(),
            "end_date": edition.end_date.isoformat(),
            "teams-TOTAL_FORMS": "1", "teams-INITIAL_FORMS": "1", "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "1000", "teams-0-id": team.pk, "teams-0-tour": tour.pk, "teams-0-order": 1,
            "teams-0-name_fr": "Caravane", "teams-0-colour": "#0072B2", "teams-0-DELETE": "on"}
    staff_client.post(reverse("admin:caravan_tour_change", args=[tour.pk]), data)
    assert tour.teams.exists()
    assert 'name="teams-0-name_fr"' in staff_client.get(reverse("admin:caravan_tour_add")).content.decode()


@pytest.mark.django_db
def test_a_tour_in_the_published_programme_is_not_deleted_in_the_admin(staff_client):
    edition = future_edition(slug="admin-published", days=6, published=True)
    tour = services.tours.ensure_tour(edition)
    Tour.objects.create(edition=edition, order=2, name_fr="Nord", start_date=edition.end_date,
                        end_date=edition.end_date)
    url = reverse("admin:caravan_tour_delete", args=[tour.pk])
    assert staff_client.get(url).status_code == 403
    edition.stops.update(tour=None)
    assert staff_client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_new_tours_team_ends_are_stops_of_its_edition(staff_client):
    edition = future_edition(slug="admin-new", days=6)
    Tour.objects.filter(pk=services.tours.ensure_tour(edition).pk).update(end_date=edition.start_date)
    elsewhere = future_edition(slug="admin-elsewhere", days=6).stops.get(order=1)
    data = {"edition": edition.pk, "order": 2, "name_fr": "Nord", "start_date": edition.end_date.isoformat(),
            "end_date": edition.end_date.isoformat(),
            "teams-TOTAL_FORMS": "1", "teams-INITIAL_FORMS": "0", "teams-MIN_NUM_FORMS": "1",
            "teams-MAX_NUM_FORMS": "1000", "teams-0-order": 1, "teams-0-name_fr": "Caravane",
            "teams-0-colour": "#0072B2", "teams-0-start_stop": elsewhere.pk}
    refused = staff_client.post(reverse("admin:caravan_tour_add"), data)
    assert refused.status_code == 200 and "sont des étapes de cette édition" in refused.content.decode()
    assert not refused.context["adminform"].form.errors
    assert edition.tours.count() == 1
    data["teams-0-start_stop"] = edition.stops.get(order=2).pk
    assert staff_client.post(reverse("admin:caravan_tour_add"), data).status_code == 302
    assert Tour.objects.get(edition=edition, order=2).teams.get().start_stop.order == 2


@pytest.mark.django_db
def test_two_teams_typed_on_one_page_do_not_share_an_end(staff_client):
    edition = future_edition(slug="admin-share", days=6)
    tour = services.tours.ensure_tour(edition)
    first = tour.teams.get()
    second = Team.objects.create(tour=tour, order=2, name_fr="Bleue", colour="#D55E00")
    sfax = edition.stops.get(order=1)
    data = {"edition": edition.pk, "order": 1, "name_fr": "Sud", "start_date": edition.start_date.isoformat(),
            "end_date": edition.end_date.isoformat(),
            "teams-TOTAL_FORMS": "2", "teams-INITIAL_FORMS": "2", "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "1000"}
    for k, team in enumerate((first, second)):
        data.update({f"teams-{k}-id": team.pk, f"teams-{k}-tour": tour.pk, f"teams-{k}-order": team.order,
                     f"teams-{k}-name_fr": team.name_fr, f"teams-{k}-colour": team.colour,
                     f"teams-{k}-start_stop": sfax.pk})
    refused = staff_client.post(reverse("admin:caravan_tour_change", args=[tour.pk]), data)
    assert refused.status_code == 200 and "départ ou l&#x27;arrivée d&#x27;une seule équipe" in refused.content.decode()
    assert not Team.objects.filter(start_stop=sfax).exists()
