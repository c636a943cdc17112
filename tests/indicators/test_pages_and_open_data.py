"""The dashboards, the import page, the files, the API and the NGSI-LD export."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from madina.core.permissions import OPERATOR
from madina.indicators import services
from madina.indicators.demo import load_demo_values
from madina.indicators.models import Indicator, Value
from madina.indicators.ngsi import CONTEXT

NGSI_CATEGORIES = {"actionable", "directional", "financial", "input", "lagging", "leading", "output", "practical",
                   "process", "qualitative", "quantitative"}
NGSI_FREQUENCIES = {"hourly", "daily", "weekly", "monthly", "yearly", "quarterly", "bimonthly", "biweekly"}


@pytest.fixture
def values(places):
    for place, value in (("sfax", 97), ("gabes", 88), ("ezzit", 91)):
        services.record_value(OPERATOR, "EC:I:ES:3C", year=2023, value=value, municipality=places[place],
                              source="STEG", confidence="measured")
    services.record_value(OPERATOR, "EC:I:ES:3C", year=2022, value=95, municipality=places["sfax"])
    services.record_value(OPERATOR, "EC:I:ES:3C", year=2023, value=93, governorate=places["sfax_g"])
    services.set_target(OPERATOR, Indicator.objects.get(code="EC:I:ES:3C"), places["sfax"], year=2030,
                        value=100)


def test_the_indicator_page_ranks_maps_and_tables_the_values(client, values):
    page = client.get(reverse("indicators:indicator", args=["EC:I:ES:3C"])).content.decode()
    assert page.index("Sfax") < page.index("Sakiet Ezzit") < page.index("Gabès")
    assert 'id="choropleth-classes"' in page and "<svg" in page and "Répartition" in page
    governorates = client.get(reverse("indicators:indicator", args=["EC:I:ES:3C"]), {"level": "governorate"})
    assert "93" in governorates.content.decode()
    odd = client.get(reverse("indicators:indicator", args=["EC:I:ES:3C"]), {"year": "99999", "level": "x"})
    assert odd.status_code == 200
    assert client.get(reverse("indicators:indicator", args=["NOPE:1"])).status_code == 404


def test_the_municipality_page_shows_series_target_and_peer_median_in_arabic(client, values):
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("indicators:municipality", args=["sfax"])).content.decode()
    assert 'dir="rtl"' in page and "النفاذ إلى الكهرباء" in page
    assert "2030" in page and "100" in page
    assert "الاقتصاد" in page


def test_illustrative_values_say_so_wherever_shown(client, places):
    load_demo_values([places["gabes"]])
    assert Value.objects.filter(illustrative=True).count() == 90 * 7
    for url in (reverse("indicators:dashboard"), reverse("indicators:municipality", args=["gabes"]),
                reverse("indicators:indicator", args=["EC:I:ES:3C"])):
        assert "illustratives" in client.get(url).content.decode(), url
    assert all(row["illustrative"] for row in client.get("/api/v1/municipalities/gabes/indicators").json())
    assert ",yes" in b"".join(client.get(reverse("indicators:values_file", args=["csv"])).streaming_content).decode()
    assert load_demo_values([places["gabes"]]) == 0


def test_page_queries_do_not_grow_with_the_data(client, values, places, django_capture_on_commit_callbacks):
    def queries(url):
        client.get(url)  # the peer medians and coverage computed and cached: the count of a warm page follows
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [reverse("indicators:municipality", args=["sfax"]), reverse("indicators:indicator", args=["EC:I:ES:3C"])]
    before = [queries(url) for url in urls]
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_values([places["sfax"], places["gabes"], places["ezzit"]])
    assert [queries(url) for url in urls] == before


def test_the_staff_import_page_lists_problems_or_imports(client, people, places):
    client.force_login(people["sfax_municipal"])
    url = reverse("indicators:import")
    bad = SimpleUploadedFile("v.csv", b"municipality,indicator,year,value\nsfax,EC:I:ES:3C,2023,x\n")
    page = client.post(url, {"file": bad}).content.decode()
    assert re.search(r"<td class=\"num\">2</td><td dir=\"ltr\">value</td>", page)
    elsewhere = SimpleUploadedFile("v.csv", b"municipality,indicator,year,value\ngabes,EC:I:ES:3C,2023,1\n")
    page = client.post(url, {"file": elsewhere}).content.decode()
    assert re.search(r"<td class=\"num\">2</td><td dir=\"ltr\">municipality</td>", page)
    assert not Value.objects.exists()
    good = SimpleUploadedFile("v.csv", b"municipality,indicator,year,value\nsfax,EC:I:ES:3C,2023,97\n")
    assert client.post(url, {"file": good}).status_code == 302
    assert Value.objects.get().value == Decimal("97")
    client.force_login(people["citizen"])
    assert client.get(url).status_code == 403


def test_the_api_serves_the_catalogue_values_and_a_municipality(client, values):
    catalogue = client.get("/api/v1/indicators").json()
    assert len(catalogue) == 95 and {"code", "title", "unit", "sdg_goals"} <= set(catalogue[0])
    assert client.get("/api/v1/indicators/EC:I:ES:3C").json()["unit"] == "%"
    latest = client.get("/api/v1/indicators/EC:I:ES:3C/values").json()
    assert [(row["place"], row["year"]) for row in latest] == [("sfax", 2023), ("sakiet-ezzit", 2023), ("gabes", 2023)]
    assert [row["place"] for row in client.get("/api/v1/indicators/EC:I:ES:3C/values?level=governorate").json()] == ["sfax"]
    assert Decimal(client.get("/api/v1/indicators/EC:I:ES:3C/values?year=2022").json()[0]["value"]) == 95
    assert len(client.get("/api/v1/municipalities/sfax/indicators").json()) == 2
    assert client.get("/api/v1/indicators/XX").status_code == 404
    assert client.get("/api/v1/indicators/EC:I:ES:3C/values?year=abc").status_code == 422


def test_the_ngsi_ld_export_follows_the_key_performance_indicator_model(client, values):
    answer = client.get("/api/v1/indicators.jsonld", {"code": "EC:I:ES:3C", "year": 2023})
    entities = answer.json()
    assert len(entities) == 4
    for entity in entities:
        assert entity["type"] == "KeyPerformanceIndicator"
        assert re.fullmatch(r"urn:ngsi-ld:KeyPerformanceIndicator:[\w:.\-]+", entity["id"])
        assert entity["@context"] == CONTEXT
        assert set(entity["category"]) <= NGSI_CATEGORIES and entity["category"]
        assert entity["calculationFrequency"] in NGSI_FREQUENCIES
        assert entity["calculationMethod"] in {"manual", "automatic", "semiautomatic"}
        assert entity["process"] or entity["product"]
        assert isinstance(entity["kpiValue"], float)
        assert entity["calculationPeriod"] == {"from": "2023-01-01", "to": "2023-12-31"}
        assert entity["organization"] and entity["address"]["addressCountry"] == "TN"
    assert len({entity["id"] for entity in entities}) == 4
    sfax = next(e for e in entities if e["id"].endswith("municipality:sfax:2023"))
    assert (sfax["kpiValue"], sfax["address"]["addressLocality"]) == (97.0, "Sfax")


def test_the_municipality_page_leads_to_its_indicators(client, places):
    page = client.get(places["gabes"].get_absolute_url()).content.decode()
    assert reverse("indicators:municipality", args=["gabes"]) in page
    governorate = client.get(places["gabes"].governorate.get_absolute_url()).content.decode()
    assert reverse("indicators:municipality", args=["gabes"]) not in governorate


def test_the_municipality_dashboard_is_drawn_again_after_each_write(client, places,
                                                                  django_capture_on_commit_callbacks):
    url = reverse("indicators:municipality", args=["gabes"])
    gabes = places["gabes"]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_value(OPERATOR, "EC:I:ES:3C", year=2022, value="41.5", municipality=gabes)
    assert "41,5" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_value(OPERATOR, "EC:I:ES:3C", year=2022, value="42.75", municipality=gabes)
    page = client.get(url).content.decode()
    assert "42,75" in page and "41,5" not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.set_target(OPERATOR, Indicator.objects.get(code="EC:I:ES:3C"), gabes, year=2031, value=60)
    assert "cible 2031" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "42.75" in client.get(url).content.decode()  # each language drawn on its own


def test_an_indicator_map_is_drawn_again_after_each_write(client, places, django_capture_on_commit_callbacks):
    url = reverse("indicators:indicator", args=["EC:I:ES:3C"])
    with django_capture_on_commit_callbacks(execute=True):
        services.record_value(OPERATOR, "EC:I:ES:3C", year=2022, value="41.5", municipality=places["gabes"])
    assert "41,5" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_value(OPERATOR, "EC:I:ES:3C", year=2022, value="12", municipality=places["sfax"])
    page = client.get(url).content.decode()
    assert "41,5" in page and "Sfax" in page and "2 lieux" in page


def test_a_target_changed_in_the_admin_shows_on_the_dashboard(client, places, people):
    from madina.indicators.models import Target

    url = reverse("indicators:municipality", args=["gabes"])
    services.set_target(OPERATOR, Indicator.objects.get(code="EC:I:ES:3C"), places["gabes"], year=2031, value=60)
    client.get(url)  # drawn and kept
    target = Target.objects.get()
    people["organiser"].is_staff = True  # the admin's own door
    people["organiser"].save()
    client.force_login(people["organiser"])
    response = client.post(f"/admin/indicators/target/{target.pk}/change/", {
        "indicator": target.indicator_id, "municipality": places["gabes"].pk, "year": 2032, "value": "61",
        "note": ""})
    assert response.status_code == 302 and "/admin/indicators/target/" in response["Location"]
    assert "cible 2032" in client.get(url).content.decode()


def test_a_files_year_in_other_digits_is_ignored_not_a_server_error(client, values):
    """"²⁰²³" passes str.isdigit() but not int(): the file of every year comes back, as for any year it cannot read."""
    every = b"".join(client.get(reverse("indicators:values_file", args=["csv"])).streaming_content)
    odd = client.get(reverse("indicators:values_file", args=["csv"]), {"year": "²⁰²³"})
    assert odd.status_code == 200
    assert b"".join(odd.streaming_content) == every
    one_year = b"".join(client.get(reverse("indicators:values_file", args=["csv"]), {"year": "2022"}).streaming_content)
    assert one_year.count(b"\n") == 2
