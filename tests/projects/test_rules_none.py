"""The admin asks model-wide permissions with no object: predicates must answer, not crash."""

import pytest

from madina.accounts.models import User


@pytest.mark.django_db
@pytest.mark.parametrize("perm", ["projects.change_project", "projects.score_project", "projects.see_contacts"])
def test_project_permissions_without_an_object_are_refused_to_non_organisers(perm):
    staff = User.objects.create_user("staff@example.tn", "pw-12345678", is_staff=True)
    assert staff.has_perm(perm, None) is False
    assert staff.has_perm(perm) is False
