"""The registration form of a stop, opened by a signed-in person, already holds their account's address; a visitor
gets it empty, and the address typed on a refused form is kept."""

import pytest

from madina.accounts.models import User
from madina.caravan.models import Sector

from .test_registrations import stop  # noqa: F401 (fixture)


def email_field(html: str) -> str:
    start = html.index('name="email"')
    return html[html.rindex("<input", 0, start):html.index(">", start)]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_signed_in_person_finds_their_address_in_the_form(stop, client, language):  # noqa: F811
    client.cookies["django_language"] = language
    person = User.objects.create_user("amal@example.tn", "Madina-Test-2020")
    client.force_login(person)
    field = email_field(client.get(stop.get_absolute_url()).content.decode())
    assert 'value="amal@example.tn"' in field


def test_a_visitor_gets_an_empty_address_and_a_refused_form_keeps_what_was_typed(stop, client):  # noqa: F811
    assert "value=" not in email_field(client.get(stop.get_absolute_url()).content.decode())
    person = User.objects.create_user("amal@example.tn", "Madina-Test-2020")
    client.force_login(person)
    url = f"/caravane/{stop.edition.slug}/etapes/{stop.order}/inscription/"
    refused = client.post(url, {"name": "", "email": "autre@example.tn", "sector": Sector.PRIVATE})
    assert refused.status_code == 400
    assert 'value="autre@example.tn"' in email_field(refused.content.decode())
