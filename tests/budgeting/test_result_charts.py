"""The results page's charts and figures in French, Arabic and English: votes per project with the selected
ones marked, the selected costs end to end against the budget line, amounts grouped in each language."""

import re
from html import unescape

import pytest
from django.conf import settings

from madina.budgeting import services
from madina.budgeting.models import Budget

from .conftest import CENSUS, close_vote, eligible, ids
from .test_pages import url
from .test_services import A, B, D


@pytest.fixture
def counted(budget, people, django_capture_on_commit_callbacks):
    for user, cin, choice in [(people["citizen"], CENSUS[0], (A, B)), (people["other_citizen"], CENSUS[1], (A, D))]:
        services.cast_ballot(budget, eligible(budget, user, cin), ids(budget, *choice))
    budget = close_vote(budget)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_count(budget, people["municipal_staff"])
    return Budget.objects.get(pk=budget.pk)


def results(client, budget, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url("results", budget))
    assert response.status_code == 200
    return unescape(response.content.decode())


def figure(html, key):
    found = re.search(rf'<figure class="chart" aria-labelledby="chart-{key}-title">(.*?)</figure>', html, re.S)
    assert found, key
    return found.group(1)


@pytest.mark.parametrize(("lang", "line", "label_x"), [
    ("fr", "Budget : 100\u00a0000 TND", 'x="0"'), ("en", "Budget: 100,000 TND", 'x="0"'),
    ("ar", "الميزانية: 100.000 د.ت", 'x="420"'),
])
def test_the_results_are_drawn_with_the_budget_line_and_a_table(client, counted, lang, line, label_x):
    html = results(client, counted, lang)
    votes, costs = figure(html, "votes"), figure(html, "costs")
    for chart in (votes, costs):
        assert '<svg class="chart-drawing"' in chart and 'aria-hidden="true"' in chart
        assert '<table class="visually-hidden">' in chart
        assert f'<text {label_x} ' in chart  # the labels start on the reading side
    assert line in costs
    # the project both voters chose is drawn first, marked, and listed as selected in the table
    first_rect = re.search(r'<rect x="[^"]+" y="\d+" width="([^"]+)" height="12" rx="2" fill="([^"]+)"', votes)
    assert first_rect.group(2) == "#b44d12" and float(first_rect.group(1)) > 0
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>(\d+)</td>", votes)
    assert [int(count) for _, count in rows] == sorted((int(count) for _, count in rows), reverse=True)


def test_the_marked_bars_are_the_selected_projects(client, counted):
    html = results(client, counted, "fr")
    selected = set(counted.outcome["selected"])
    titles = {str(p.pk): p.title for p in counted.projects.all()}
    table = figure(html, "votes")
    for pid, title in titles.items():
        row = re.search(rf"<tr><th scope=\"row\">{re.escape(title)}</th>.*?<td>(oui|non)</td></tr>", table)
        assert row.group(1) == ("oui" if pid in selected else "non"), title


def test_titles_inside_arabic_sentences_are_isolated(client, counted):
    html = results(client, counted, "ar")
    assert "«<bdi>Abris ombragés aux arrêts de bus</bdi>»" in html


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("fr", "1 vote", "2 votes"), ("en", "1 vote", "2 votes"), ("ar", "صوت واحد", "صوتان"),
])
def test_vote_counts_take_the_languages_plural(client, counted, lang, one, two):
    """The selected projects' lines and the count's explanation say "(1 vote)", never "(1 votes)"."""
    html = results(client, counted, lang)
    assert f"· {two}" in html and one in html
    assert "1 votes" not in html and "%(" not in html
