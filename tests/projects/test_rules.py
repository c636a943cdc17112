"""Who may move a project from each stage to each other one: the whole registry, for every role."""

import datetime

import pytest
from django.utils import timezone

from madina.core.errors import Invalid, NotAllowed
from madina.projects import services
from madina.projects.models import Project, Stage, StageChange
from madina.projects.rules import (
    TRANSITIONS,
    allowed_next_stages,
    can_transition,
    manages_project,
    oversees_project,
)

ALL = [(source, target) for source, targets in TRANSITIONS.items() for target in targets]
assert len(ALL) == 38  # 8 forward, 7 open stages x (hold, abandon, merge, resume), send back, revive


def at_stage(project, stage, before_hold=""):
    target = Project.objects.exclude(pk=project.pk).first() if stage == Stage.MERGED else None
    Project.objects.filter(pk=project.pk).update(stage=stage, stage_before_hold=before_hold, merged_into=target)
    return Project.objects.select_related("municipality").get(pk=project.pk)


def test_registry_covers_the_pipeline_and_ends():
    assert Stage.QUALIFIED in TRANSITIONS[Stage.IDEA]
    assert TRANSITIONS[Stage.OPERATION] == {} and TRANSITIONS[Stage.MERGED] == {}
    assert TRANSITIONS[Stage.STRUCTURING][Stage.APPROVED] is oversees_project


def test_each_transition_for_each_role(new_project, people):
    """Sfax project: organisers and Sfax governorate staff may make every transition; Sfax municipal staff the
    everyday ones; staff of other places and citizens none."""
    project = new_project()
    new_project(title_fr="Projet d'accueil des fusions")
    for source, target in ALL:
        project = at_stage(project, source, before_hold=target if source == Stage.ON_HOLD else "")
        who = TRANSITIONS[source][target]
        label = f"{source} -> {target}"
        assert can_transition(people["organiser"], project, target), label
        assert can_transition(people["sfax_governorate"], project, target), label
        assert can_transition(people["sfax_municipal"], project, target) == (who is manages_project), label
        for outsider in ("gabes_governorate", "ezzit_municipal", "gabes_municipal", "citizen"):
            assert not can_transition(people[outsider], project, target), (outsider, label)


def test_transitions_outside_the_registry_are_refused_even_to_organisers(new_project, people):
    project = new_project()
    new_project(title_fr="Projet d'accueil des fusions")
    for source in Stage:
        project = at_stage(project, source)
        for target in Stage:
            if target not in TRANSITIONS[source]:
                assert not can_transition(people["organiser"], project, target), f"{source} -> {target}"


def test_anonymous_cannot_transition(new_project):
    from django.contrib.auth.models import AnonymousUser

    assert allowed_next_stages(AnonymousUser(), new_project()) == []


def test_transition_records_dated_note_and_history(new_project, people):
    project = new_project()
    change = services.transition(project, Stage.QUALIFIED, people["sfax_municipal"], "Retenu en atelier.",
                                 effective_date=timezone.localdate())
    project.refresh_from_db()
    assert project.stage == Stage.QUALIFIED and project.stage_changed_at
    assert (change.from_stage, change.to_stage, change.note, change.made_by) == (
        Stage.IDEA, Stage.QUALIFIED, "Retenu en atelier.", people["sfax_municipal"])
    assert list(project.history.values_list("to_stage", flat=True)) == [Stage.QUALIFIED, Stage.IDEA]


def test_municipal_staff_cannot_approve_their_own_project(new_project, people):
    project = at_stage(new_project(), Stage.STRUCTURING)
    with pytest.raises(NotAllowed):
        services.transition(project, Stage.APPROVED, people["sfax_municipal"], "On approuve.")
    services.transition(project, Stage.APPROVED, people["sfax_governorate"], "Approuvé par le gouvernorat.")
    assert Project.objects.get(pk=project.pk).stage == Stage.APPROVED


def test_note_is_required_and_date_not_in_future(new_project, people):
    project = new_project()
    with pytest.raises(Invalid):
        services.transition(project, Stage.QUALIFIED, people["organiser"], "  ")
    with pytest.raises(Invalid):
        services.transition(project, Stage.QUALIFIED, people["organiser"], "ok",
                            effective_date=datetime.date.today() + datetime.timedelta(days=3))
    assert StageChange.objects.filter(project=project).count() == 1


def test_hold_resumes_only_where_it_stopped(new_project, people):
    project = at_stage(new_project(), Stage.FEASIBILITY)
    services.transition(project, Stage.ON_HOLD, people["sfax_municipal"], "Budget gelé.")
    project = Project.objects.select_related("municipality").get(pk=project.pk)
    assert allowed_next_stages(people["sfax_municipal"], project) == [Stage.FEASIBILITY]
    with pytest.raises(Invalid):
        services.transition(project, Stage.IMPLEMENTATION, people["organiser"], "Saut d'étapes.")
    services.transition(project, Stage.FEASIBILITY, people["sfax_municipal"], "Reprise.")
    assert Project.objects.get(pk=project.pk).stage == Stage.FEASIBILITY


def test_merge_needs_another_project(new_project, people):
    project, other = new_project(), new_project(title_fr="Bus à haut niveau de service")
    with pytest.raises(Invalid):
        services.transition(project, Stage.MERGED, people["organiser"], "Fusion.")
    with pytest.raises(Invalid):
        services.transition(project, Stage.MERGED, people["organiser"], "Fusion.", merged_into=project)
    services.transition(project, Stage.MERGED, people["sfax_governorate"], "Fusion.", merged_into=other)
    project.refresh_from_db()
    assert project.merged_into == other and project.stage == Stage.MERGED


def test_edit_and_create_permissions(new_project, people, places, sector):
    project = new_project()
    services.update_project(project, people["sfax_municipal"], title_fr="Navette électrique du centre")
    for outsider in ("ezzit_municipal", "gabes_governorate", "citizen"):
        with pytest.raises(NotAllowed):
            services.update_project(project, people[outsider], title_fr="Piraté")
    with pytest.raises(NotAllowed):
        services.update_project(project, people["sfax_municipal"], municipality=places["gabes"])
    with pytest.raises(NotAllowed):
        services.create_project(people["ezzit_municipal"], title_fr="X", municipality=places["sfax"], sector=sector,
                                intervention="city_wide", origin="municipal_plan")
    assert manages_project.test(people["sfax_municipal"], project)
