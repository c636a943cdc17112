""""Évaluer l'ordre actuel" evaluates every team of a tour on its own stops, in their order, and the plan page says
each team's cost, days used and spare, and the rules its order breaks."""

from madina.caravan import services
from madina.caravan.models import PlanRun, Stop


def _run(coast, organiser, capture, kind):
    with capture(execute=True):
        run = services.request_plan(coast, organiser, kind)
    run.refresh_from_db()
    return run


def test_every_teams_current_order_is_evaluated(client, coast, organiser, django_capture_on_commit_callbacks):
    tour = services.tours.ensure_tour(coast)
    first = tour.teams.get()
    second = services.add_team(tour, organiser, name_fr="Bleue")
    for name in ("Mahdia", "El Jem"):
        services.pin_stop(coast.stops.get(name_fr=name), organiser, tour=None, team=second)
    planned = _run(coast, organiser, django_capture_on_commit_callbacks, PlanRun.Kind.PLAN)
    services.apply_plan(planned, organiser, publish=False)
    mine = {team.pk: [f"stop-{pk}" for pk in Stop.objects.filter(team=team).order_by("order").values_list("pk",
                                                                                                            flat=True)]
            for team in (first, second)}
    assert mine[second.pk]

    run = _run(coast, organiser, django_capture_on_commit_callbacks, PlanRun.Kind.ORDER)
    assert run.instance["announced_order"] == {f"team-{first.pk}": mine[first.pk], f"team-{second.pk}": mine[second.pk]}
    assert run.result["method"] == "given order" and run.result["feasible"]
    assert [(t["team"], t["order"]) for t in run.result["teams"]] == [
        (f"team-{first.pk}", mine[first.pk]), (f"team-{second.pk}", mine[second.pk])]

    # Mahdia moved by hand to the first team (and unpinned): that team's days no longer hold its order
    coast.end_date = coast.start_date
    coast.session_minutes = 240
    coast.save()
    services.save_tour(tour, organiser, end_date=coast.start_date)
    mahdia = coast.stops.get(name_fr="Mahdia")
    services.pin_stop(mahdia, organiser, tour=None, team=None)
    Stop.objects.filter(pk=mahdia.pk).update(team=first)
    run = _run(coast, organiser, django_capture_on_commit_callbacks, PlanRun.Kind.ORDER)
    by_team = {t["team"]: t for t in run.result["teams"]}
    assert not by_team[f"team-{first.pk}"]["feasible"] and by_team[f"team-{second.pk}"]["feasible"]
    client.force_login(organiser)
    html = client.get(run.get_absolute_url()).content.decode()
    legend = html[html.index("team-legend"):html.index("</table>", html.index("team-legend"))]
    assert legend.count("<strong>ne tient pas</strong>") == 1 and legend.count("toutes tenues") == 1
    assert "Solution : compter" in legend


def test_a_stop_pinned_to_another_team_since_is_said_with_the_team_it_is_pinned_to(
        client, coast, organiser, django_capture_on_commit_callbacks):
    tour = services.tours.ensure_tour(coast)
    first = tour.teams.get()
    second = services.add_team(tour, organiser, name_fr="Bleue")
    services.apply_plan(_run(coast, organiser, django_capture_on_commit_callbacks, PlanRun.Kind.PLAN), organiser,
                        publish=False)
    moved = Stop.objects.filter(team=first).order_by("order").first()
    services.pin_stop(moved, organiser, tour=None, team=second)
    run = _run(coast, organiser, django_capture_on_commit_callbacks, PlanRun.Kind.ORDER)
    client.force_login(organiser)
    html = client.get(run.get_absolute_url()).content.decode()
    row = html[html.index("team-legend"):]
    row = row[row.index("Caravane</th>"):row.index("</tr>", row.index("Caravane</th>"))]
    assert f"{moved.name_fr} est imposée à l’équipe Bleue" in row.replace("'", "’").replace("&#x27;", "’")
