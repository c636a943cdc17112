"""Uploaded photos and documents (a project's, an assessment's evidence) are checked by what they contain, not by
what their name claims.

The extension chooses the expected format; the first bytes (and, for images, Pillow's parser) must agree.
Anything else (a script renamed .pdf, an HTML page renamed .jpg, a file over the size limit) is refused.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from madina.core.errors import Invalid

PHOTO_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Office files are zip archives; the member that must be inside tells a real one from any zip.
OFFICE_MEMBERS = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": ("content.xml", "application/vnd.oasis.opendocument.text"),
    "ods": ("content.xml", "application/vnd.oasis.opendocument.spreadsheet"),
}
DOCUMENT_EXTENSIONS = ("pdf", *OFFICE_MEMBERS)
PHOTO = "photo"
DOCUMENT = "document"


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload, kind: str) -> CheckedUpload:
    """Return the verified content type, or refuse with Invalid (on the `upload` field) saying what is wrong."""
    limit = settings.MADINA_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise Invalid(
            _("Le fichier dépasse la taille maximale de %(mb)s Mo.") % {"mb": round(limit / 1_048_576, 1)},
            field="upload",
        )
    if upload.size == 0:
        raise Invalid(_("Le fichier est vide."), field="upload")
    ext = _extension(upload.name)
    upload.seek(0)
    try:
        if kind == PHOTO:
            return CheckedUpload(_check_photo(upload, ext), upload.size)
        if kind == DOCUMENT:
            return CheckedUpload(_check_document(upload, ext), upload.size)
        raise Invalid(_("Type de pièce jointe inconnu."), field="upload")
    finally:
        upload.seek(0)


def _check_photo(upload, ext: str) -> str:
    expected = PHOTO_FORMATS.get(ext)
    if expected is None:
        raise Invalid(
            _("Photo refusée : formats acceptés %(formats)s.") % {"formats": ", ".join(PHOTO_FORMATS)}, field="upload"
        )
    try:
        with Image.open(upload) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise Invalid(_("Ce fichier n'est pas une image lisible."), field="upload") from exc
    if found != expected:
        raise Invalid(_("Le contenu du fichier ne correspond pas à son extension."), field="upload")
    return PHOTO_TYPES[found]


def _check_document(upload, ext: str) -> str:
    if ext not in DOCUMENT_EXTENSIONS:
        raise Invalid(
            _("Document refusé : formats acceptés %(formats)s.") % {"formats": ", ".join(DOCUMENT_EXTENSIONS)},
            field="upload",
        )
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf":
        if not head.startswith(b"%PDF-"):
            raise Invalid(_("Le contenu du fichier ne correspond pas à son extension."), field="upload")
        return "application/pdf"
    member, content_type = OFFICE_MEMBERS[ext]
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            declared = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else None
    except zipfile.BadZipFile as exc:
        raise Invalid(_("Le contenu du fichier ne correspond pas à son extension."), field="upload") from exc
    if member not in names or (ext in ("odt", "ods") and declared != content_type):
        raise Invalid(_("Le contenu du fichier ne correspond pas à son extension."), field="upload")
    return content_type
