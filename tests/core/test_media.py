"""/media/ serves only what an app has claimed: no other file of the media folder, nothing outside it."""

import pytest

from madina.core import media


@pytest.fixture
def a_file_nobody_owns(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "notes.txt").write_text("salaires")
    return "secret/notes.txt"


@pytest.mark.parametrize("name", [
    "secret/notes.txt",
    "participation/proposals/../../secret/notes.txt",
    "projects/..%2f..%2fsecret/notes.txt",
    "thumbs/320/secret/notes.webp",
])
def test_a_file_no_app_claims_is_not_found(client, db, a_file_nobody_owns, name):
    assert client.get("/media/" + name).status_code == 404


def test_the_owners_are_registered_by_the_apps_that_upload():
    assert set(media.OWNERS) == {"participation/proposals/", "participation/pictures/", "projects/",
                                 "projects/pictures/", "territory/pictures/", "accounts/avatars/", "ppp/",
                                 "assessment/"}


def test_the_longest_folder_owns_a_file_whatever_order_the_apps_registered_in(client, db, settings, tmp_path,
                                                                             monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "projects" / "pictures").mkdir(parents=True)
    (tmp_path / "projects" / "pictures" / "a.png").write_bytes(b"x")
    asked = []
    owners = {"projects/": lambda request, name: asked.append("projects/") or media.Served(public=True),
              "projects/pictures/": lambda request, name: asked.append("pictures") or media.Served(public=True)}
    monkeypatch.setattr(media, "OWNERS", owners)
    client.get("/media/projects/pictures/a.png")
    assert asked == ["pictures"]
