"""Stage-change e-mails go out in the language each follower used when they followed the project."""

from django.core import mail
from django.urls import reverse

from madina.projects import services
from madina.projects.models import Follow, Stage


def test_each_follower_reads_the_mail_in_their_language(client, new_project, people, settings,
                                                         django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    project = new_project(title_ar="حافلة كهربائية")
    for who, language in (("citizen", "ar"), ("ezzit_municipal", "en"), ("gabes_municipal", "fr")):
        client.force_login(people[who])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.post(reverse("projects:follow", kwargs={"pk": project.pk}))
    assert dict(Follow.objects.values_list("user__email", "language")) == {
        "citoyen@example.tn": "ar", "ezzit@example.tn": "en", "gabes@example.tn": "fr",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(project, Stage.QUALIFIED, people["sfax_municipal"], "Retenu au comité du 17 mars.")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "citoyen@example.tn": "[Madina] حافلة كهربائية: مؤهَّل",
        "ezzit@example.tn": "[Madina] Navette électrique: qualified",
        "gabes@example.tn": "[Madina] Navette électrique : qualifié",
    }


def test_following_again_in_another_language_switches_the_mails(new_project, people):
    project = new_project()
    services.follow(project, people["citizen"], language="en")
    assert services.follow(project, people["citizen"], language="ar") is False
    services.follow(project, people["ezzit_municipal"], language="xx")
    assert dict(Follow.objects.values_list("user__email", "language")) == {
        "citoyen@example.tn": "ar", "ezzit@example.tn": "fr",
    }
