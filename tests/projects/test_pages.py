"""Staff pages: create with a funding plan, edit, change stage, score; outsiders get 403."""

from django.urls import reverse
from django.utils import timezone

from madina.projects.models import Project, Sector, Stage


def form_data(places, **extra):
    data = {
        "title_fr": "Bornes de recharge", "municipality": str(places["sfax"].pk),
        "sector": str(Sector.objects.get(code="ENE").pk), "intervention": "city_wide", "origin": "municipal_plan",
        "longitude": "10.75", "latitude": "34.75", "sdg_targets": "7.2",
        "funding-TOTAL_FORMS": "3", "funding-INITIAL_FORMS": "0",
        "funding-0-source": "ppp", "funding-0-amount_tnd": "500000",
    }
    data.update(extra)
    return data


def test_create_edit_and_move_a_project(client, places, people):
    client.force_login(people["sfax_municipal"])
    response = client.post(reverse("projects:create"), form_data(places))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.is_ppp_candidate and project.funding_lines.get().amount_tnd == 500000
    outside = client.post(reverse("projects:edit", kwargs={"pk": project.pk}), form_data(places, longitude="10.85"))
    assert outside.status_code == 200 and "municipalité Sfax" in outside.content.decode()
    client.post(reverse("projects:edit", kwargs={"pk": project.pk}), form_data(places, title_fr="Bornes solaires"))
    assert Project.objects.get().title_fr == "Bornes solaires"
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'name="to_stage"' in page and 'value="approved"' not in page
    client.post(reverse("projects:transition", kwargs={"pk": project.pk}),
                {"to_stage": "qualified", "effective_date": timezone.localdate().isoformat(), "note": "Retenu."})
    assert Project.objects.get().stage == Stage.QUALIFIED


def test_outsiders_are_refused(client, places, people, new_project):
    project = new_project()
    client.force_login(people["ezzit_municipal"])
    assert client.get(reverse("projects:edit", kwargs={"pk": project.pk})).status_code == 403
    assert client.get(reverse("projects:track", kwargs={"pk": project.pk})).status_code == 403
    assert client.get(reverse("projects:score", kwargs={"pk": project.pk})).status_code == 403
    assert client.post(reverse("projects:transition", kwargs={"pk": project.pk}), {"to_stage": "qualified"}).status_code == 403
    client.force_login(people["citizen"])
    assert client.get(reverse("projects:create")).status_code == 403
    assert client.get(reverse("projects:ranking")).status_code == 403


def test_governorate_scores_and_ranking_page(client, people, new_project):
    project = new_project()
    client.force_login(people["sfax_governorate"])
    response = client.post(reverse("projects:score", kwargs={"pk": project.pk}), {"c_impact": "4", "c_cost": "2"})
    assert response.status_code == 302 and project.scores.count() == 2
    page = client.get(reverse("projects:ranking"), {"w_impact": "1", "w_cost": "9"}).content.decode()
    assert "Navette électrique" in page and "Adopter ces poids" not in page
