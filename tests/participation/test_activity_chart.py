"""Participation over time on a process page: each week's proposals, supports and comments, quiet weeks
included, hidden contributions left out, in French and Arabic."""

from datetime import datetime, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.utils import timezone

from madina.participation import queries
from madina.participation.charts import activity_chart
from madina.participation.models import Comment, Proposal, Support

MONDAY = timezone.make_aware(datetime(2026, 3, 2, 10))  # a Monday, Tunis time


@pytest.fixture
def dated(proposal, people):
    """The proposal on Monday 2 March, a support in the same week, a comment two weeks later, a hidden one."""
    Proposal.objects.filter(pk=proposal.pk).update(created_at=MONDAY)
    Support.objects.create(proposal=proposal, user=people["other_citizen"], created_at=MONDAY + timedelta(days=3))
    Comment.objects.create(proposal=proposal, author=people["citizen"], body="b", created_at=MONDAY + timedelta(days=15))
    Comment.objects.create(proposal=proposal, author=people["citizen"], body="h", created_at=MONDAY, is_hidden=True)
    return proposal


def test_each_week_counts_what_the_public_sees(dated):
    weekly = queries.activity_by_week(dated.process)
    assert weekly == {
        MONDAY.date(): {"proposals": 1, "supports": 1, "comments": 0},
        (MONDAY + timedelta(weeks=2)).date(): {"proposals": 0, "supports": 0, "comments": 1},
    }
    chart = activity_chart(weekly)
    assert [row.value for row in chart.rows] == [2, 0, 1]  # the quiet week between is drawn as such


def test_nothing_said_draws_nothing(process):
    assert activity_chart(queries.activity_by_week(process)) is None


@pytest.mark.parametrize(("lang", "week", "edge"), [("fr", "Semaine du 2 mars 2026", 'x="0"'),
                                                    ("ar", "أسبوع 2 مارس 2026", 'x="420"')])
def test_the_process_page_draws_the_weeks(client, dated, lang, week, edge):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = unescape(client.get(dated.process.get_absolute_url()).content.decode())
    assert 'aria-labelledby="chart-activity-title"' in html
    assert f'<th scope="row">{week}</th><td>2</td><td>1</td><td>1</td><td>0</td>' in html
    assert f"<text {edge} " in html


def test_the_weeks_are_kept_until_a_proposal_arrives(dated, people, sector):
    from madina.participation import services
    from tests.participation.conftest import INSIDE

    process = dated.process
    process.refresh_from_db()
    before = queries.activity_by_week(process)
    Support.objects.filter(proposal=dated).delete()  # behind the services' back: the kept answer stands
    assert queries.activity_by_week(process) == before
    services.create_proposal(process, people["citizen"], title="Des bancs à l'ombre", body="<p>Pour attendre.</p>",
                             sector=sector, latitude=INSIDE[0], longitude=INSIDE[1])
    process.refresh_from_db()
    now = queries.activity_by_week(process)
    assert sum(week["proposals"] for week in now.values()) == 2
    assert sum(week["supports"] for week in now.values()) == 0
