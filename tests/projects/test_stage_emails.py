"""Stage-change e-mails go out to each follower in the language stored on their account, with absolute links."""

from django.core import mail
from django.urls import reverse

from madina.core.models import AuditEntry
from madina.projects import services
from madina.projects.models import Stage


def test_each_follower_reads_the_mail_in_their_own_language(client, new_project, people, settings,
                                                            django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    project = new_project(title_ar="حافلة كهربائية")
    for who, language in (("citizen", "ar"), ("ezzit_municipal", "en"), ("gabes_municipal", "fr")):
        people[who].language = language
        people[who].save(update_fields=["language"])
        client.force_login(people[who])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"  # the page's language does not decide
        client.post(reverse("projects:follow", kwargs={"pk": project.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(project, Stage.QUALIFIED, people["sfax_municipal"], "Retenu au comité du 17 mars.")
    entry = AuditEntry.objects.get(action="projects.stage_changed")
    assert (entry.actor, entry.municipality_id, entry.details["to_stage"]) == (
        people["sfax_municipal"], project.municipality_id, Stage.QUALIFIED)
    sent = {message.to[0]: message for message in mail.outbox}
    assert {to: m.subject for to, m in sent.items()} == {
        "citoyen@example.tn": "[Madina] حافلة كهربائية: مؤهَّل",
        "ezzit@example.tn": "[Madina] Navette électrique: qualified",
        "gabes@example.tn": "[Madina] Navette électrique : qualifié",
    }
    assert {to: m.extra_headers["Content-Language"] for to, m in sent.items()} == {
        "citoyen@example.tn": "ar", "ezzit@example.tn": "en", "gabes@example.tn": "fr",
    }
    assert f"{settings.MADINA_SITE_URL}/projets/{project.pk}/" in sent["ezzit@example.tn"].body
    assert "Retenu au comité du 17 mars." in sent["citoyen@example.tn"].body


def test_following_twice_keeps_one_follow(new_project, people):
    project = new_project()
    assert services.follow(project, people["citizen"]) is True
    assert services.follow(project, people["citizen"]) is False
    project.refresh_from_db()
    assert project.follower_count == 1
