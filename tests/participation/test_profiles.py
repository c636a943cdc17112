"""A public page per public name: proposals, comments and endorsements anyone may read, never the e-mail
address, nothing hidden, no draft; names link to it where they are shown."""

from urllib.parse import quote

from django.urls import reverse

from madina.participation import services

from .conftest import INSIDE, make_user


def test_a_public_profile_shows_what_anyone_may_read(client, proposal, people, sector):
    author = people["citizen"]
    author.display_name = "Amel de Gabès"
    author.save()
    other = people["other_citizen"]
    mine = services.comment(proposal, author, "<p>J'ajoute un point d'eau.</p>")
    hidden = services.comment(proposal, author, "<p>Un mot de trop</p>")
    services.hide(hidden, people["moderator"], "Injurieux")
    services.create_proposal(proposal.process, author, title="Brouillon secret", body="<p>x</p>", sector=sector,
                             latitude=INSIDE[0], longitude=INSIDE[1], draft=True)
    services.endorse(proposal, other, "Association des jeunes")
    url = reverse("participation:person", args=["amel DE gabès"])
    html = client.get(url).content.decode()
    assert proposal.title.replace("'", "&#x27;") in html and f"#comment-{mine.pk}" in html
    assert "Brouillon secret" not in html and "Un mot de trop" not in html
    assert author.email not in html
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="{reverse("participation:person", args=["Amel de Gabès"])}"' in page
    assert other.email not in page
    endorser = client.get(reverse("participation:person", args=[other.display_name])).content.decode()
    assert "Association des jeunes" in endorser and other.email not in endorser


def test_no_profile_for_an_unknown_or_erased_name(client, people):
    assert client.get(reverse("participation:person", args=["personne"])).status_code == 404
    gone = make_user("parti@example.tn")
    name = gone.display_name
    gone.is_active = False
    gone.save()
    assert client.get("/participer/personnes/" + quote(name) + "/").status_code == 404
