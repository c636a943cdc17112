"""Background work: the count (madina.pb can take seconds on a large vote)."""

from django_tasks import task

from . import services


@task()
def count_budget(budget_id: int) -> list[str]:
    return services.count(budget_id)["selected"]
