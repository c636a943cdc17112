"""Uploads checked by content and size, progress and milestones, following and the stage-change e-mail,
prioritisation, and the workshop capture."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from madina.core.errors import Invalid, NotAllowed
from madina.projects import queries, services
from madina.projects.models import AttachmentKind, Criterion, Origin, Project, Stage


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("site.png", png_bytes(), AttachmentKind.PHOTO),
        ("etude.pdf", b"%PDF-1.7\n%...", AttachmentKind.DOCUMENT),
        ("note.docx", docx_bytes(), AttachmentKind.DOCUMENT),
    ],
)
def test_good_uploads_are_kept(new_project, people, name, content, kind):
    attachment = services.add_attachment(new_project(), people["sfax_municipal"], upload=SimpleUploadedFile(name, content), kind=kind)
    assert attachment.size == len(content) and attachment.content_type


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", AttachmentKind.PHOTO),  # not an image
        ("photo.jpg", png_bytes(), AttachmentKind.PHOTO),  # a PNG calling itself JPEG
        ("photo.gif", png_bytes(), AttachmentKind.PHOTO),  # extension not accepted
        ("run.exe", b"MZ\x90\x00", AttachmentKind.DOCUMENT),
        ("etude.pdf", b"<?php echo 1; ?>", AttachmentKind.DOCUMENT),
        ("note.docx", b"%PDF-1.4", AttachmentKind.DOCUMENT),
        ("note.xlsx", docx_bytes(), AttachmentKind.DOCUMENT),  # a zip, but a Word one
        ("vide.pdf", b"", AttachmentKind.DOCUMENT),
    ],
)
def test_bad_uploads_are_refused(new_project, people, name, content, kind):
    project = new_project()
    with pytest.raises(Invalid):
        services.add_attachment(project, people["sfax_municipal"], upload=SimpleUploadedFile(name, content), kind=kind)
    assert not project.attachments.exists()


def test_upload_over_the_size_limit_is_refused(new_project, people, settings):
    settings.MADINA_UPLOAD_MAX_BYTES = 100
    with pytest.raises(Invalid, match="taille maximale"):
        services.add_attachment(new_project(), people["organiser"], upload=SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 200), kind="document")


def test_upload_through_the_page_and_download(client, new_project, people):
    project = new_project()
    client.force_login(people["sfax_municipal"])
    url = reverse("projects:track", kwargs={"pk": project.pk})
    bad = client.post(url, {"action": "attachment", "attachment-kind": "photo", "attachment-upload": SimpleUploadedFile("x.jpg", b"not an image")})
    assert bad.status_code == 200 and "pas une image" in bad.content.decode()
    good = client.post(url, {"action": "attachment", "attachment-kind": "photo", "attachment-caption": "Chantier",
                             "attachment-upload": SimpleUploadedFile("x.png", png_bytes())})
    assert good.status_code == 302
    attachment = project.attachments.get()
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    client.force_login(people["citizen"])
    assert client.post(url, {"action": "progress"}).status_code == 403


def test_progress_and_milestones(new_project, people):
    project = new_project()
    services.record_progress(project, people["sfax_municipal"], physical=40, financial=25, reported_on=datetime.date(2024, 5, 1))
    services.record_progress(project, people["sfax_municipal"], physical=20, financial=10, reported_on=datetime.date(2024, 1, 1))
    project.refresh_from_db()
    assert (project.physical_progress, project.financial_progress) == (40, 25)  # the latest report wins
    with pytest.raises(Invalid):
        services.record_progress(project, people["organiser"], physical=120, financial=0)
    milestone = services.add_milestone(project, people["sfax_municipal"], title="Études", planned_date=datetime.date(2020, 1, 1))
    assert milestone.is_late
    services.reach_milestone(milestone, people["sfax_municipal"], datetime.date(2020, 2, 1))
    assert not milestone.is_late
    with pytest.raises(NotAllowed):
        services.add_milestone(project, people["ezzit_municipal"], title="X", planned_date=datetime.date(2020, 1, 1))


def test_follow_counts_and_stage_change_mail(new_project, people, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    project = new_project()
    assert services.follow(project, people["citizen"]) is True
    assert services.follow(project, people["citizen"]) is False
    services.follow(project, people["ezzit_municipal"])
    assert Project.objects.get(pk=project.pk).follower_count == 2
    assert services.unfollow(project, people["ezzit_municipal"]) is True
    assert Project.objects.get(pk=project.pk).follower_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(project, Stage.QUALIFIED, people["sfax_municipal"], "Retenu au comité du 17 mars.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["citoyen@example.tn"] and "Navette électrique" in message.subject
    assert "Retenu au comité du 17 mars." in message.body and f"/projets/{project.pk}/" in message.body


def test_follow_needs_an_account(client, new_project):
    project = new_project()
    response = client.post(reverse("projects:follow", kwargs={"pk": project.pk}))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_ranking_moves_with_the_weights(new_project, people):
    a, b = new_project(title_fr="A"), new_project(title_fr="B")
    impact, cost = Criterion.objects.get(code="impact"), Criterion.objects.get(code="cost")
    Criterion.objects.exclude(code__in=["impact", "cost"]).update(is_active=False)
    Criterion.objects.filter(pk=impact.pk).update(weight=3)
    Criterion.objects.filter(pk=cost.pk).update(weight=1)
    evaluator = people["sfax_governorate"]
    services.score_project(a, evaluator, impact, 5)
    services.score_project(a, evaluator, cost, 1)
    services.score_project(b, evaluator, impact, 2)
    services.score_project(b, evaluator, cost, 5)
    services.score_project(b, people["organiser"], impact, 4)  # b's impact averages 3
    ranked = queries.ranking({cost.pk: 5, impact.pk: 1})
    by_title = {r.project.title: r for r in ranked}
    assert by_title["A"].rank == 1 and by_title["B"].rank == 2  # adopted weights favour impact
    assert by_title["B"].trial_rank == 1 and by_title["B"].movement == 1 and by_title["A"].movement == -1
    with pytest.raises(NotAllowed):
        services.score_project(a, people["sfax_municipal"], impact, 5)  # a municipality does not grade itself
    with pytest.raises(Invalid):
        services.score_project(a, evaluator, impact, 6)
    with pytest.raises(NotAllowed):
        services.set_criteria_weights(evaluator, {"impact": 1})
    services.set_criteria_weights(people["organiser"], {"impact": 1, "cost": 5})
    assert queries.ranking()[0].project.title == "B"


def test_workshop_records_several_projects_for_the_stop(client, places, people):
    stop = places["stop_gabes"]
    url = reverse("projects:workshop", kwargs={"edition": "2020", "order": 16})
    client.force_login(people["sfax_municipal"])
    assert client.get(url).status_code == 403  # Sfax staff, Gabès stop
    client.force_login(people["gabes_municipal"])
    form = {"p-TOTAL_FORMS": "3", "p-INITIAL_FORMS": "0",
            "p-0-title_fr": "Bus électrique", "p-0-sector": "3", "p-0-intervention": "city_wide",
            "p-1-title_fr": "Serres de l'oasis", "p-1-title_ar": "بيوت مكيفة", "p-1-intervention": "greenfield",
            "p-1-perimeter": str(places["oasis"].pk), "p-1-estimated_cost_tnd": "250000",
            "p-2-intervention": "city_wide"}
    from madina.projects.models import Sector

    form["p-0-sector"] = str(Sector.objects.get(code="MOB").pk)
    form["p-1-sector"] = str(Sector.objects.get(code="AGR").pk)
    bad = client.post(url, {**form, "p-1-perimeter": ""})
    assert bad.status_code == 200 and not Project.objects.exists()  # one bad row: nothing saved, draft kept
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"].endswith("?saved=1")
    created = Project.objects.order_by("title_fr")
    assert [p.title_fr for p in created] == ["Bus électrique", "Serres de l'oasis"]
    assert all(p.stop == stop and p.origin == Origin.CARAVAN_STOP and p.municipality == places["gabes"] for p in created)
    assert client.get(response["Location"]).content.decode().count("data-draft-saved") == 1


def test_workshop_reads_sectors_and_perimeters_once_for_all_rows(client, places, people):
    client.force_login(people["gabes_municipal"])
    url = reverse("projects:workshop", kwargs={"edition": "2020", "order": 16})
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in ctx.captured_queries if " FROM " in q["sql"]]
    assert tables.count('"projects_sector"') == 1 and tables.count('"territory_perimeter"') == 1
    assert html.count("Gabès Oasis Intelligente") == 5  # one choice in each of the five rows


def test_follows_are_limited_but_never_hold_back_an_erasure(new_project, people, settings):
    from madina.accounts.personal_data import erase
    from madina.core.errors import RateLimited

    settings.MADINA_FOLLOW_RATE = (2, 10)
    first, second = new_project(), new_project()
    citizen = people["citizen"]
    services.follow(first, citizen)
    services.follow(second, citizen)
    with pytest.raises(RateLimited, match="2 fois en 10 minutes"):
        services.unfollow(first, citizen)
    erase(citizen)
    assert [Project.objects.get(pk=p.pk).follower_count for p in (first, second)] == [0, 0]


def test_a_weight_in_other_digits_is_left_out_not_a_server_error(client, people):
    client.force_login(people["organiser"])
    response = client.get(reverse("projects:ranking"), {"w_impact": "²", "w_cost": "٣"})
    assert response.status_code == 200
