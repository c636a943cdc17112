"""The public investor catalogue, each project's investor view with its documents, and the project sheets (PDF
in French and Arabic, ZIP of a filtered list)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from madina.ppp import services
from madina.ppp.models import Audience, Readiness

from .conftest import walk

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(pdf: bytes) -> str:
    """The words of the PDF, lines joined (a narrow column wraps a label)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _ready(ppp):
    return walk(ppp["screening"], ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"],
                Readiness.MARKET_SOUNDING)


def test_the_catalogue_lists_only_projects_ready_for_market_sounding(ppp, client):
    walk(ppp["screening"], ppp["people"]["gabes_municipal"], ppp["people"]["reviewer"], Readiness.STRUCTURED)
    assert "eaux usées" not in client.get("/ppp/").content.decode()
    assert client.get(f"/ppp/investir/{ppp['project'].pk}/").status_code == 404
    _ready(ppp)
    page = client.get("/ppp/").content.decode()
    assert "Réutilisation des eaux usées traitées" in page
    for query, shown in [("sector=WAT", True), ("sector=MOB", False), ("governorate=gabes", True),
                         ("governorate=sfax", False), ("size=medium", True), ("size=large", False),
                         ("contract_form=ppp_contract", True), ("contract_form=lease", False),
                         ("stage=market_sounding", True), ("stage=tender", False)]:
        assert ("eaux usées" in client.get(f"/ppp/?{query}").content.decode()) is shown, query
    points = client.get("/ppp/carte.geojson").json()["features"]
    assert points[0]["geometry"]["coordinates"] == [10.1, 33.89]


def test_the_catalogue_reads_in_arabic_and_english(ppp, client):
    _ready(ppp)
    client.cookies["django_language"] = "ar"
    page = client.get("/ppp/").content.decode()
    assert 'dir="rtl"' in page and "إعادة استعمال المياه المعالجة" in page
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get(f"/ppp/investir/{ppp['project'].pk}/").content.decode()


def test_documents_are_released_to_everyone_or_after_sign_in(ppp, client):
    screening = _ready(ppp)
    staff = ppp["people"]["gabes_municipal"]
    public = services.add_document(screening, staff, title="Note de présentation", audience=Audience.PUBLIC,
                                   upload=SimpleUploadedFile("note.pdf", PDF))
    private = services.add_document(screening, staff, title="Étude de faisabilité", audience=Audience.SIGNED_IN,
                                    upload=SimpleUploadedFile("etude.pdf", PDF))
    url = f"/ppp/investir/{ppp['project'].pk}/"
    page = client.get(url).content.decode()
    assert "Note de présentation" in page and "Étude de faisabilité" not in page
    assert client.get(f"{url}documents/{public.pk}/").status_code == 200
    assert client.get(f"{url}documents/{private.pk}/").status_code == 404
    assert client.get(f"/media/{private.file.name}").status_code == 404
    client.force_login(ppp["people"]["citizen"])
    assert "Étude de faisabilité" in client.get(url).content.decode()
    assert client.get(f"{url}documents/{private.pk}/").status_code == 200


def test_a_renamed_script_is_not_a_document(ppp):
    import pytest

    from madina.core.errors import Invalid

    with pytest.raises(Invalid):
        services.add_document(ppp["screening"], ppp["people"]["gabes_municipal"], title="x",
                              audience=Audience.PUBLIC, upload=SimpleUploadedFile("x.pdf", b"<script>"))


def test_the_sheet_in_french_names_the_figures_and_the_stage(ppp, client):
    _ready(ppp)
    response = client.get(f"/projets/{ppp['project'].pk}/fiche.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    for expected in ("Réutilisation des eaux usées traitées", "Gabès", "prêt pour la consultation du marché",
                     "contrat de partenariat", "6.4", "Plan de financement", "Unité PPP de Gabès", "ppp@gabes.tn"):
        assert expected in text, expected
    assert len(PdfReader(io.BytesIO(response.content)).pages) <= 2


def test_the_sheet_in_arabic_reads_right_to_left(ppp, client):
    _ready(ppp)
    client.cookies["django_language"] = "ar"
    response = client.get(f"/projets/{ppp['project'].pk}/fiche.pdf")
    assert response["Content-Language"] == "ar"
    text = _text(response.content)
    assert "إعادة استعمال المياه المعالجة" in text and "قابس" in text
    assert "خطة التمويل" in text  # "funding plan"
    assert len(PdfReader(io.BytesIO(response.content)).pages) <= 2


def test_any_catalogue_project_has_a_sheet_without_ppp_figures_before_investors(ppp, client):
    text = _text(client.get(f"/projets/{ppp['project'].pk}/fiche.pdf").content)
    assert "Réutilisation des eaux usées traitées" in text and "ppp@gabes.tn" not in text
    assert client.get("/projets/999999/fiche.pdf").status_code == 404


def test_the_zip_holds_one_sheet_per_listed_project(ppp, client):
    _ready(ppp)
    assert client.get("/ppp/fiches.zip?sector=MOB").status_code == 404  # nothing listed
    response = client.get("/ppp/fiches.zip?governorate=gabes")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert len(names) == 1 and names[0].endswith("-fr.pdf")
        assert "Réutilisation" in _text(archive.read(names[0]))


def test_the_api_gives_the_sheet_url(ppp, client):
    data = client.get(f"/api/v1/projects/{ppp['project'].pk}").json()
    assert data["sheet_url"].endswith(f"/projets/{ppp['project'].pk}/fiche.pdf")


def test_a_sheet_is_kept_until_its_project_changes(ppp, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    screening = _ready(ppp)
    url = f"/projets/{ppp['project'].pk}/fiche.pdf"
    client.get(url)
    folder = tmp_path / "ppp" / "sheets" / str(ppp["project"].pk)
    [stored] = folder.iterdir()
    assert stored.name.startswith("fr-")
    stored.write_bytes(PDF)  # what is served again is what was stored, not laid out anew
    assert client.get(url).content == PDF
    with zipfile.ZipFile(io.BytesIO(client.get("/ppp/fiches.zip").content)) as archive:
        assert archive.read(archive.namelist()[0]) == PDF
    services.save_screening(screening, ppp["people"]["gabes_municipal"], contact_name="Direction des grands projets")
    assert "Direction des grands projets" in _text(client.get(url).content)
    client.cookies["django_language"] = "ar"
    client.get(url)
    assert sorted(p.name[:3] for p in folder.iterdir()) == ["ar-", "fr-"]  # the outdated French sheet is gone


def test_the_sheets_are_made_ahead_when_a_project_opens_to_investors(ppp, client, settings, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _ready(ppp)
    folder = tmp_path / "ppp" / "sheets" / str(ppp["project"].pk)
    assert sorted(p.name[:3] for p in folder.iterdir()) == ["ar-", "en-", "fr-"]
    for stored in folder.iterdir():
        stored.write_bytes(PDF)
    client.cookies["django_language"] = "ar"
    assert client.get(f"/projets/{ppp['project'].pk}/fiche.pdf").content == PDF  # the very sheet a reader gets
    with zipfile.ZipFile(io.BytesIO(client.get("/ppp/fiches.zip").content)) as archive:
        assert archive.read(archive.namelist()[0]) == PDF
