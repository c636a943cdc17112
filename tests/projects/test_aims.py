"""A project declares the indicators it aims to move: its municipality's staff add, edit and remove them through
the project's page; the project page and the indicator page show both sides; bad input is a clear 400."""

from decimal import Decimal

import pytest

from madina.core.errors import Invalid, NotAllowed
from madina.indicators import services as indicators
from madina.indicators.models import ProjectIndicator


@pytest.fixture
def project(new_project):
    return new_project()  # in Sfax


def test_the_service_declares_corrects_and_withdraws_an_aim(project, people):
    aim = indicators.aim_project(people["sfax_municipal"], project, _code("EC:I:ES:3C"), expected_change="2,5",
                                 by_year=2030, note="Compteurs intelligents")
    assert (aim.expected_change, aim.by_year, aim.declared_by) == (Decimal("2.5"), 2030, people["sfax_municipal"])
    again = indicators.aim_project(people["sfax_municipal"], project, _code("EC:I:ES:3C"), expected_change=-1)
    assert again.pk == aim.pk and again.expected_change == -1 and ProjectIndicator.objects.count() == 1
    for change in ("0", "beaucoup", "NaN", "1e40"):
        with pytest.raises(Invalid):
            indicators.aim_project(people["sfax_municipal"], project, _code("EC:I:ES:3C"), expected_change=change)
    with pytest.raises(Invalid):
        indicators.aim_project(people["sfax_municipal"], project, _code("EC:I:ES:3C"), expected_change=1, by_year=1800)
    for outsider in ("gabes_municipal", "gabes_governorate", "citizen"):
        with pytest.raises(NotAllowed):
            indicators.aim_project(people[outsider], project, _code("EC:I:ES:3C"), expected_change=1)
        with pytest.raises(NotAllowed):
            indicators.drop_project_aim(people[outsider], again)
    indicators.drop_project_aim(people["sfax_governorate"], again)
    assert not ProjectIndicator.objects.exists()


def test_staff_use_the_form_and_both_pages_show_the_aim(client, project, people):
    url = f"/projets/{project.pk}/indicateurs/"
    client.force_login(people["sfax_municipal"])
    assert url in client.get(project.get_absolute_url()).content.decode()
    post = {"indicator": "EC:I:ES:3C", "expected_change": "12,5", "by_year": "2028", "note": "Réseau"}
    assert client.post(url, post).status_code == 302
    aim = ProjectIndicator.objects.get()
    assert aim.expected_change == Decimal("12.5")
    edit = client.get(f"{url}?indicateur=EC:I:ES:3C").content.decode()
    assert 'value="12.5"' in edit
    assert client.post(url, {**post, "expected_change": "-3"}).status_code == 302
    project_page = client.get(project.get_absolute_url()).content.decode()
    assert "/indicateurs/EC:I:ES:3C/" in project_page and "-3" in project_page
    indicator_page = client.get("/indicateurs/EC:I:ES:3C/").content.decode()
    assert project.get_absolute_url() in indicator_page and "2028" in indicator_page
    for bad in ({**post, "expected_change": "zéro"}, {**post, "expected_change": "0"}, {**post, "indicator": "XX:1"},
                {**post, "by_year": "x"}, {**post, "note": "n" * 301}, {"drop": "abc"}):
        assert client.post(url, bad).status_code in (400, 404), bad
    assert ProjectIndicator.objects.get().expected_change == -3
    assert client.post(url, {"drop": str(aim.pk)}).status_code == 302
    assert not ProjectIndicator.objects.exists()


def test_others_cannot_open_the_form(client, project, people):
    url = f"/projets/{project.pk}/indicateurs/"
    assert client.get(url).status_code == 302  # to the login page
    for outsider in ("gabes_municipal", "citizen"):
        client.force_login(people[outsider])
        assert client.get(url).status_code == 403
        assert client.post(url, {"indicator": "EC:I:ES:3C", "expected_change": "1"}).status_code == 403
        assert url not in client.get(project.get_absolute_url()).content.decode()
    assert not ProjectIndicator.objects.exists()


def _code(code):
    from madina.indicators.models import Indicator

    return Indicator.objects.get(code=code)
