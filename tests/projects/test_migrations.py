"""The data migrations of the core kit, run backwards then forwards on rows of the time."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor.loader.project_state(list(targets)).apps


@pytest.fixture
def back_to_today():
    """Whatever happens in the test, the database ends on the latest migrations for the tests that follow."""
    yield
    migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_followers_language_moves_onto_their_account_and_proposals_get_their_search_text(back_to_today):
    old = migrate(("projects", "0005_rebuild_search_text"), ("participation", "0003_notification_results"),
                  ("accounts", "0002_role_scope_messages_and_unique_per_scope"))
    User = old.get_model("accounts", "User")
    Governorate, Municipality = old.get_model("territory", "Governorate"), old.get_model("territory", "Municipality")
    Sector, Project, Follow = (old.get_model("projects", name) for name in ("Sector", "Project", "Follow"))
    Process, Proposal = old.get_model("participation", "Process"), old.get_model("participation", "Proposal")
    governorate = Governorate.objects.create(slug="gabes", iso_code="TN-81", name="Gabès", name_fr="Gabès")
    gabes = Municipality.objects.create(governorate=governorate, slug="gabes", name="Gabès", name_fr="Gabès")
    sector, _ = Sector.objects.get_or_create(code="MOB", defaults={"name": "Mobilité", "name_fr": "Mobilité"})
    project = Project.objects.create(title="Navette", title_fr="Navette", municipality=gabes, sector=sector,
                                     intervention="city_wide", origin="municipal_plan", stage="idea")
    amel = User.objects.create(email="amel@example.tn")
    User.objects.create(email="karim@example.tn")  # follows nothing: keeps the default language
    Follow.objects.create(project=project, user=amel, language="ar")
    process = Process.objects.create(slug="p", title="P", title_fr="P", municipality=gabes)
    Proposal.objects.create(process=process, author=amel, title="Éclairage", body="<p>Des <b>lampes</b></p>",
                            sector=sector, latitude=33.88, longitude=10.1)

    new = migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())
    User = new.get_model("accounts", "User")
    assert dict(User.objects.values_list("email", "language")) == {"amel@example.tn": "ar", "karim@example.tn": "fr"}
    assert new.get_model("participation", "Proposal").objects.get().search_text == "eclairage | des lampes"


def test_every_account_gets_a_public_name_without_its_address(back_to_today):
    old = migrate(("accounts", "0003_user_language"))
    User = old.get_model("accounts", "User")
    for email, name in [("a@example.tn", ""), ("b@example.tn", "Amel"), ("c@example.tn", "AMEL"),
                        ("d@example.tn", "d@example.tn"), ("e@example.tn", "  Karim   B. "), ("f@example.tn", "x" * 120)]:
        User.objects.create(email=email, display_name=name)

    new = migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())
    names = dict(new.get_model("accounts", "User").objects.values_list("email", "display_name"))
    assert names["b@example.tn"] == "Amel" and names["e@example.tn"] == "Karim B." and names["f@example.tn"] == "x" * 40
    for email in ("a@example.tn", "c@example.tn", "d@example.tn"):
        assert names[email].startswith("habitant-")
    assert len({name.lower() for name in names.values()}) == len(names)


def test_public_names_that_differ_only_by_capitals_beyond_ascii_or_by_form_keep_one_owner(back_to_today):
    old = migrate(("accounts", "0007_avatar"))
    User = old.get_model("accounts", "User")
    # Both pairs passed 0004's Lower() constraint on SQLite and PostgreSQL alike.
    for email, name in [("a@example.tn", "Straße"), ("b@example.tn", "STRASSE"), ("c@example.tn", "ليلى"),
                        ("d@example.tn", "ﻟﻴﻠﻰ"), ("e@example.tn", "")]:
        User.objects.create(email=email, display_name=name)

    new = migrate(*MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = {email: (name, key) for email, name, key in
            new.get_model("accounts", "User").objects.values_list("email", "display_name", "name_key")}
    assert rows["a@example.tn"] == ("Straße", "strasse") and rows["c@example.tn"] == ("ليلى", "ليلى")
    assert rows["b@example.tn"][0].startswith("habitant-") and rows["d@example.tn"][0].startswith("habitant-")
    assert rows["e@example.tn"] == ("", "")
