"""Companies register, express interest with documents, read their own; the municipality and the reviewers
answer and open market-sounding rounds every interested company answers; nobody else reads any of it."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from madina.core.errors import Conflict, Invalid, NotAllowed, RateLimited
from madina.ppp import interests
from madina.ppp.models import Interest, Readiness

from .conftest import walk

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def ready(ppp):
    walk(ppp["screening"], ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"], Readiness.MARKET_SOUNDING)
    return ppp


def test_a_company_registers_from_its_page(ppp, client):
    client.force_login(ppp["people"]["citizen"])
    assert client.post("/ppp/entreprise/", {"name": "", "country": "Tunisie"}).status_code == 200
    sector = ppp["project"].sector.pk
    response = client.post("/ppp/entreprise/", {"name": "Solaire Sud", "country": "Tunisie", "sector": sector,
                                                "contact_name": "Mme Ben Salah"})
    assert response.status_code == 302
    assert interests.company_of(ppp["people"]["citizen"]).name == "Solaire Sud"


def test_a_company_is_corrected_a_limited_number_of_times_like_a_profile(ppp, settings):
    settings.MADINA_ACCOUNT_RATE = (2, 60)
    citizen, sector = ppp["people"]["citizen"], ppp["project"].sector
    with pytest.raises(Invalid) as refused:  # said on its field, not a database error; counted all the same
        interests.register_company(citizen, name="Solaire Sud", country="Tunisie", contact_name="Mme Ben Salah")
    assert refused.value.field == "sector"
    interests.register_company(citizen, name="Solaire Sud", country="Tunisie", contact_name="Mme Ben Salah",
                               sector=sector)
    with pytest.raises(RateLimited, match="2 fois en 60 minutes"):
        interests.register_company(citizen, name="Solaire Sud SA")
    assert interests.company_of(citizen).name == "Solaire Sud"


def test_interest_needs_a_company_and_a_project_open_to_investors(ppp):
    with pytest.raises(NotAllowed):
        interests.express_interest(ppp["screening"], ppp["people"]["company"], "Intéressés")  # still an idea
    walk(ppp["screening"], ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"], Readiness.MARKET_SOUNDING)
    with pytest.raises(NotAllowed):
        interests.express_interest(ppp["screening"], ppp["people"]["citizen"], "Intéressé")  # no company


def test_a_company_sends_its_interest_once_with_documents(ready, client):
    company = ready["people"]["company"]
    client.force_login(company)
    url = f"/ppp/investir/{ready['project'].pk}/"
    response = client.post(f"{url}interet/", {"message": "Nous exploitons trois stations.",
                                              "uploads": [SimpleUploadedFile("references.pdf", PDF)]})
    interest = Interest.objects.get()
    assert response.status_code == 302 and response["Location"] == interest.get_absolute_url()
    assert interest.documents.count() == 1
    assert "Voir votre message" in client.get(url).content.decode()
    with pytest.raises(Conflict):
        interests.express_interest(ready["screening"], company, "Encore")
    bad = client.post(f"{url}interet/", {"message": "x", "uploads": [SimpleUploadedFile("a.pdf", b"MZ")]})
    assert bad.status_code == 422


def test_interests_are_private_to_the_company_and_the_projects_reviewers(ready, client):
    interest = interests.express_interest(ready["screening"], ready["people"]["company"], "Message confidentiel",
                                          [SimpleUploadedFile("offre.pdf", PDF)])
    document = interest.documents.get()
    seen = {}
    for who in ("company", "other_company", "citizen", "sfax_municipal", "gabes_municipal", "reviewer"):
        client.force_login(ready["people"][who])
        seen[who] = (client.get(interest.get_absolute_url()).status_code,
                     client.get(f"/media/{document.file.name}").status_code)
    assert seen == {"company": (200, 200), "other_company": (403, 404), "citizen": (403, 404),
                    "sfax_municipal": (403, 404), "gabes_municipal": (200, 200), "reviewer": (200, 200)}
    client.logout()
    assert client.get(interest.get_absolute_url()).status_code == 302


def test_the_municipality_answers_and_the_company_reads_it(ready, client):
    interest = interests.express_interest(ready["screening"], ready["people"]["company"], "Quel foncier ?")
    with pytest.raises(NotAllowed):
        interests.answer_interest(interest, ready["people"]["sfax_municipal"], "Non")
    client.force_login(ready["people"]["gabes_municipal"])
    assert client.post(f"/ppp/interets/{interest.pk}/repondre/", {"answer": "Domaine municipal, 4 ha."}).status_code == 302
    client.force_login(ready["people"]["company"])
    assert "Domaine municipal, 4 ha." in client.get(interest.get_absolute_url()).content.decode()


def test_a_market_sounding_round_is_answered_by_interested_companies_before_its_deadline(ready, client):
    staff = ready["people"]["gabes_municipal"]
    with pytest.raises(Invalid):
        interests.open_round(ready["screening"], staff, title="Tour 1", questions=["Durée ?"],
                             deadline=timezone.now() - dt.timedelta(days=1))
    sounding = interests.open_round(ready["screening"], staff, title="Tour 1", questions=["Durée ?", "Tarif ?"],
                                    deadline=timezone.now() + dt.timedelta(days=7))
    with pytest.raises(NotAllowed):  # not interested yet
        interests.answer_round(sounding, ready["people"]["company"], ["20 ans", "0,8 TND/m³"])
    interests.express_interest(ready["screening"], ready["people"]["company"], "Intéressés")
    with pytest.raises(Invalid):
        interests.answer_round(sounding, ready["people"]["company"], ["20 ans"])
    client.force_login(ready["people"]["company"])
    assert client.post(f"/ppp/consultations/{sounding.pk}/", {"q0": "20 ans", "q1": "0,8 TND/m³"}).status_code == 302
    client.force_login(ready["people"]["other_company"])
    assert client.get(f"/ppp/consultations/{sounding.pk}/").status_code == 403
    client.force_login(ready["people"]["reviewer"])
    assert "0,8 TND/m³" in client.get(f"/ppp/consultations/{sounding.pk}/").content.decode()
    sounding.deadline = timezone.now() - dt.timedelta(seconds=1)
    sounding.save()
    with pytest.raises(NotAllowed):
        interests.answer_round(sounding, ready["people"]["company"], ["25 ans", "1 TND/m³"])


def test_sending_is_rate_limited(ready, settings):
    settings.PPP_MESSAGE_RATE = (1, 60)
    interests.express_interest(ready["screening"], ready["people"]["company"], "Premier")
    sounding = interests.open_round(ready["screening"], ready["people"]["reviewer"], title="Tour", questions=["?"],
                                    deadline=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(RateLimited):
        interests.answer_round(sounding, ready["people"]["company"], ["Oui"])


def test_the_company_downloads_and_erases_its_data(ready):
    from madina.accounts.personal_data import export

    interests.express_interest(ready["screening"], ready["people"]["company"], "Premier")
    data = export(ready["people"]["company"])["ppp"]
    assert data["company"]["name"] == "Eaux du Sud SA" and data["interests"][0]["message"] == "Premier"
