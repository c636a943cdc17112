"""Pages work as plain forms (no JavaScript), htmx gets a fragment, and list pages run a fixed number of queries."""

import pytest
from django.urls import reverse

from madina.participation import services
from madina.participation.models import Comment, Proposal, ReportReason, Support
from madina.participation.phases import PhaseKind

from .conftest import INSIDE, fresh, set_phase


@pytest.fixture
def many(process, people, sector):
    made = [
        services.create_proposal(process, people[name], title=f"Idée {name} {i}", body="<p>x</p>", sector=sector,
                                 latitude=INSIDE[0], longitude=INSIDE[1])
        for name in ("citizen", "other_citizen") for i in range(3)
    ]
    return fresh(process), made


def test_process_list_and_page(client, many):
    process, _ = many
    assert process.title in client.get(reverse("participation:process_list")).content.decode()
    html = client.get(process.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in html
    assert "Idée citizen 0" in html


def test_list_queries_do_not_grow_with_proposals(client, many, people, sector, django_assert_num_queries, settings):
    settings.PARTICIPATION_PROPOSAL_RATE = (1000, 60)
    process, _ = many
    client.force_login(people["other_citizen"])
    url = process.get_absolute_url() + "?sort=supports"
    client.get(url)
    # process, phases, count, page, session, user, my supports, my follow, my drafts, unread notifications,
    # sectors, my roles (whether to show the "Gérer" link), the process's surveys; the weekly participation is
    # kept from the first request
    with django_assert_num_queries(13):
        client.get(url)
    for i in range(15):
        services.create_proposal(process, people["other_citizen"], title=f"Encore {i}", body="b", sector=sector,
                                 latitude=INSIDE[0], longitude=INSIDE[1])
    # the same, and the weekly participation counted again now that there are more proposals
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200


def test_filters_sort_and_pagination(client, many, settings):
    settings.PARTICIPATION_PAGE_SIZE = 4
    process, _made = many
    html = client.get(process.get_absolute_url() + "?q=other_citizen").content.decode()
    assert "Idée other_citizen 1" in html and "Idée citizen 1" not in html
    page2 = client.get(process.get_absolute_url() + "?q=Idée&page=2").content.decode()
    assert "Page 2 sur 2" in page2
    assert client.get(process.get_absolute_url() + "?sector=ZZZ").context["page"].paginator.count == 0


def test_propose_without_javascript(client, process, people, sector):
    url = reverse("participation:proposal_create", args=[process.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(people["citizen"])
    page = client.get(url).content.decode()
    assert 'name="latitude"' in page and 'name="longitude"' in page
    response = client.post(url, {"title": "Un marché couvert", "body": "<p>Pour l'été</p>", "sector": sector.pk,
                                 "latitude": "33.70", "longitude": "10.10"})
    assert "hors de la municipalité" in response.content.decode()
    response = client.post(url, {"title": "Un marché couvert", "body": "<p>Pour l'été</p>", "sector": sector.pk,
                                 "latitude": INSIDE[0], "longitude": INSIDE[1]})
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert "Un marché couvert" in client.get(proposal.get_absolute_url()).content.decode()


def test_support_with_a_form_and_with_htmx(client, proposal, people):
    set_phase(proposal.process, PhaseKind.SUPPORTS)
    client.force_login(people["other_citizen"])
    url = reverse("participation:proposal_support", args=[proposal.pk])
    response = client.post(url, {"action": "support", "next": "/participer/"})
    assert response.status_code == 302 and response["Location"] == "/participer/"
    response = client.post(url, {"action": "unsupport"}, HTTP_HX_REQUEST="true")
    assert f'id="support-{proposal.pk}"' in response.content.decode()
    assert "Soutenir" in response.content.decode()
    assert not Support.objects.exists()
    assert client.post(url, {"action": "support", "next": "https://evil.example/"})["Location"] == proposal.get_absolute_url()


def test_comment_reply_and_report_pages(client, proposal, people):
    client.force_login(people["other_citizen"])
    client.post(reverse("participation:proposal_comment", args=[proposal.pk]), {"body": "Bonne idée"})
    first = Comment.objects.get()
    client.force_login(people["citizen"])
    client.post(reverse("participation:comment_reply", args=[first.pk]), {"body": "Merci !"})
    assert Comment.objects.get(parent=first).body == "Merci !"
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Bonne idée" in html and "Merci !" in html
    report_url = reverse("participation:comment_report", args=[first.pk])
    assert client.get(report_url).status_code == 200
    client.post(report_url, {"reason": ReportReason.SPAM})
    assert first.reports.count() == 1
    assert client.get(reverse("participation:proposal_report", args=[proposal.pk])).status_code == 403


def test_moderation_queue_and_decision(client, proposal, people):
    services.report(proposal, people["other_citizen"], ReportReason.ABUSE, "injurieux")
    client.force_login(people["citizen"])
    assert client.get(reverse("participation:moderation_queue")).status_code == 403
    client.force_login(people["moderator"])
    assert "injurieux" in client.get(reverse("participation:moderation_queue")).content.decode()
    url = reverse("participation:moderate", args=["proposal", proposal.pk, "hide"])
    client.post(url, {"reason": "Injures"})
    assert fresh(proposal).is_hidden
    assert "Aucun signalement en attente" in client.get(reverse("participation:moderation_queue")).content.decode()
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 410


def test_answer_page_for_staff_only(client, proposal, people):
    set_phase(proposal.process, PhaseKind.DEBATE)
    url = reverse("participation:proposal_answer", args=[proposal.pk])
    client.force_login(people["citizen"])
    assert client.get(url).status_code == 403
    client.force_login(people["municipal_staff"])
    response = client.post(url, {"state": "accepted", "reason": "Budget 2026", "project": "new", "intervention": "city_wide"})
    assert response.status_code == 302
    assert fresh(proposal).project.title == proposal.title


def test_notifications_page_and_header_count(client, proposal, people):
    first = services.comment(proposal, people["other_citizen"], "Où exactement ?")
    services.reply(first, people["citizen"], "Devant la gare")
    client.force_login(people["other_citizen"])
    html = client.get(reverse("participation:notifications")).content.decode()
    assert "a répondu à votre commentaire" in html
    assert '1<span class="visually-hidden"> non lues' in html
    client.post(reverse("participation:notifications"))
    assert "non lues" not in client.get(reverse("participation:notifications")).content.decode()


def test_withdraw_and_edit_pages(client, proposal, people, sector):
    client.force_login(people["citizen"])
    edit = reverse("participation:proposal_edit", args=[proposal.pk])
    client.post(edit, {"title": "Deux abris", "body": "b", "sector": sector.pk, "latitude": INSIDE[0], "longitude": INSIDE[1]})
    assert fresh(proposal).title == "Deux abris"
    client.post(reverse("participation:proposal_withdraw", args=[proposal.pk]))
    assert fresh(proposal).is_withdrawn
    assert "retiré cette proposition" in client.get(proposal.get_absolute_url()).content.decode()


def test_geojson(client, proposal):
    points = client.get(reverse("participation:process_points", args=[proposal.process.slug])).json()
    assert points["features"][0]["geometry"]["coordinates"] == [INSIDE[1], INSIDE[0]]
    outline = client.get(reverse("participation:process_outline", args=[proposal.process.slug])).json()
    assert outline["features"][0]["geometry"]["type"] == "Polygon"


def test_search_folds_accents_arabic_variants_and_markup(client, process, people, sector):
    """The proposal list is searched with the site's one fold (core.text), not a case-sensitive icontains."""
    for title, body in (("Éclairage de la corniche", "<p>Des <strong>lampadaires</strong> solaires</p>"),
                        ("ساقیة المدينة", "<p>مَدِينَة</p>")):
        services.create_proposal(process, people["citizen"], title=title, body=body, sector=sector,
                                 latitude=INSIDE[0], longitude=INSIDE[1])

    def found(q):
        return [p.title for p in client.get(process.get_absolute_url(), {"q": q}).context["page"].object_list]

    assert found("eclairage CORNICHE") == ["Éclairage de la corniche"]
    assert found("LAMPADAIRES") == ["Éclairage de la corniche"]
    assert found("strong") == []  # the markup is not searched
    assert found("ساقية") == ["ساقیة المدينة"]
    assert found("مدينه") == ["ساقیة المدينة"]


def test_free_text_follows_the_direction_of_what_is_typed(client, proposal, people):
    """An Arabic comment in a French page reads right to left as it is typed (dir="auto")."""
    client.force_login(people["other_citizen"])
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert 'maxlength="5000" required dir="auto" id="id_body">' in html
    assert 'name="q" value="" maxlength="100" dir="auto"' in client.get(proposal.process.get_absolute_url()).content.decode()
