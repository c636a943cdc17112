"""Who may do what with a project, and the pipeline's transition table, declared once.

`TRANSITIONS[stage][next_stage]` is the predicate naming who may move a project from `stage` to `next_stage`.
Everyday steps belong to whoever manages the municipality (its staff, its governorate's staff, organisers);
approval, merging and reviving an abandoned project need the governorate or the organisers, so a municipality
cannot approve its own project.
"""

import rules

from madina.accounts.rules import (
    is_governorate_staff_of,
    is_organiser,
    is_signed_in,
    is_staff_member,
    manages_municipality,
)

from .models import Stage


@rules.predicate
def manages_project(user, project):
    """Municipal staff of its municipality, governorate staff of its governorate, organisers.

    Asked without a project (the admin asks `has_perm(perm, None)`), the answer is no: model-wide rights belong to
    organisers, whom accounts' OrganiserBackend answers first.
    """
    return project is not None and manages_municipality(user, project.municipality)


@rules.predicate
def oversees_project(user, project):
    """Governorate staff of its governorate and organisers: the level above the municipality."""
    return is_organiser(user) or (
        project is not None and is_governorate_staff_of(user, project.municipality.governorate_id)
    )


@rules.predicate
def resumes_where_it_stopped(project, to_stage):
    """A project on hold goes back to the stage it was at, not to a later one."""
    return project.stage_before_hold == to_stage


_FORWARD = [
    (Stage.IDEA, Stage.QUALIFIED, manages_project),
    (Stage.QUALIFIED, Stage.FEASIBILITY, manages_project),
    (Stage.FEASIBILITY, Stage.STRUCTURING, manages_project),
    (Stage.STRUCTURING, Stage.APPROVED, oversees_project),
    (Stage.APPROVED, Stage.PROCUREMENT, manages_project),
    (Stage.PROCUREMENT, Stage.IMPLEMENTATION, manages_project),
    (Stage.IMPLEMENTATION, Stage.COMPLETED, manages_project),
    (Stage.COMPLETED, Stage.OPERATION, manages_project),
]
# Stages from which a project may be paused, dropped or folded into another one.
_OPEN = [Stage.IDEA, Stage.QUALIFIED, Stage.FEASIBILITY, Stage.STRUCTURING, Stage.APPROVED, Stage.PROCUREMENT,
         Stage.IMPLEMENTATION]


def _table():
    table: dict[str, dict[str, rules.Predicate]] = {stage: {} for stage in Stage}
    for source, target, who in _FORWARD:
        table[source][target] = who
    for stage in _OPEN:
        table[stage][Stage.ON_HOLD] = manages_project
        table[stage][Stage.ABANDONED] = manages_project
        table[stage][Stage.MERGED] = oversees_project
        table[Stage.ON_HOLD][stage] = manages_project  # only back to stage_before_hold, see CONDITIONS
    table[Stage.QUALIFIED][Stage.IDEA] = manages_project  # sent back for more work
    table[Stage.ABANDONED][Stage.IDEA] = oversees_project
    return table


TRANSITIONS = _table()

# Conditions on the project (not the user) that some transitions add, checked with the same registry.
CONDITIONS = {(Stage.ON_HOLD, stage): resumes_where_it_stopped for stage in _OPEN}


def transition_rule(project, to_stage):
    """Who may move the project to `to_stage` now, or None when the pipeline has no such move from its stage."""
    who = TRANSITIONS.get(project.stage, {}).get(to_stage)
    if who is None or not CONDITIONS.get((project.stage, to_stage), rules.always_true).test(project, to_stage):
        return None
    return who


def can_transition(user, project, to_stage) -> bool:
    who = transition_rule(project, to_stage)
    return who is not None and who.test(user, project)


def allowed_next_stages(user, project) -> list[str]:
    """The stages this user may move this project to now, in pipeline order."""
    return [stage for stage in Stage if can_transition(user, project, stage)]


@rules.predicate
def manages_any_municipality(user):
    return is_staff_member(user)


rules.add_perm("projects.change_project", manages_project)
rules.add_perm("projects.add_project", manages_any_municipality)
rules.add_perm("projects.score_project", oversees_project)
rules.add_perm("projects.follow_project", is_signed_in)
rules.add_perm("projects.see_contacts", manages_project)
rules.add_perm("projects.change_criteria", is_organiser)
