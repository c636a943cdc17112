"""Pictures of processes, projects and municipalities, and people's avatars: what an upload must be, how it is
stored, and the sober drawing shown when there is none.

An upload goes through the same checks as a project's photo (core.uploads: size capped, extension and content
agree, Pillow can read it), then is re-encoded by Pillow from its pixels alone: whatever else the file carried
(EXIF with the phone's position, comments, a payload after the image data) is left behind, and a picture too large
is brought down to MAX_SIDE. The stored name is random, so nothing of the uploader's file name reaches the page.

Without a picture, pages draw a plain SVG from the thing's kind (a project's sector, a process, a municipality)
or a person's initials: no stock photo, nothing fetched, nothing derived from an e-mail address.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from .errors import Invalid
from .uploads import PHOTO, check_upload

MAX_SIDE = 2400  # pixels: sharp on any screen, a few hundred kilobytes once re-encoded
SAVE_AS = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}
# Muted tones, readable white text on each (contrast ≥ 4.5:1), picked by the kind so a sector keeps its colour.
TONES = ("#0b6e4f", "#1d4e89", "#7a3e9d", "#9c4221", "#3d5a2a", "#2c5f6e", "#6b4f1d", "#8a2846", "#36454f")


def cleaned(upload) -> ContentFile:
    """The upload, checked and re-encoded without its metadata, under a random name; Invalid (on `upload`) when it
    is not a picture we accept."""
    content_type = check_upload(upload, PHOTO).content_type
    fmt, extension = SAVE_AS[content_type]
    out = io.BytesIO()
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, fmt, **({"quality": 85} if fmt != "PNG" else {"optimize": True}))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        # verify() passed but the pixels do not decode (a truncated file): the same refusal as an unreadable one
        raise Invalid(_("Ce fichier n'est pas une image lisible."), field="upload") from exc
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def apply(instance, *, upload=None, remove: bool = False, alt: str | None = None, field: str = "image",
          alt_field: str = "image_alt") -> None:
    """A picture form's outcome on `instance`, saved to those columns only: a new upload replaces the picture,
    `remove` takes it away, `alt` (when given) becomes its description. The file replaced is deleted once the
    transaction commits, so a change rolled back keeps the picture it had."""
    previous = getattr(instance, field)
    # The stored name, read under the row's lock: two changes at once queue, and each deletes the file it replaced.
    old_name = instance._meta.model.objects.select_for_update().filter(pk=instance.pk).values_list(field, flat=True).first()
    old_name = old_name or ""
    updated = []
    if upload is not None:
        content = cleaned(upload)
        getattr(instance, field).save(content.name, content, save=False)
        updated.append(field)
    elif remove and old_name:
        setattr(instance, field, None)
        updated.append(field)
    if alt is not None and alt_field:
        setattr(instance, alt_field, alt.strip())
        updated.append(alt_field)
    if not updated:
        return
    instance.save(update_fields=updated)
    if old_name and old_name != (getattr(instance, field).name or ""):
        storage = previous.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@dataclass(frozen=True)
class Drawing:
    """The default picture: a tone, a pictogram (an SVG path in a 48-unit box) and, for a person, initials."""

    tone: str
    path: str = ""
    initials: str = ""


PICTOGRAMS = {
    # a speech bubble: a process, people talking
    "process": "M10 12h28a4 4 0 0 1 4 4v14a4 4 0 0 1-4 4H22l-8 6v-6h-4a4 4 0 0 1-4-4V16a4 4 0 0 1 4-4z",
    # a town hall with a dome
    "municipality": "M24 8l14 8H10zM12 18h4v14h-4zM22 18h4v14h-4zM32 18h4v14h-4zM8 34h32v4H8z",
    # a building block under a crane: a project
    "project": "M8 40V20h12v20zM24 40V12h16v28zM12 24h4v4h-4zM28 16h8v4h-8zM28 24h8v4h-8zM28 32h8v4h-8z",
}


def tone_of(key: str) -> str:
    """The same key always draws in the same tone, on every server (a hash, not Python's salted hash())."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return TONES[digest[0] % len(TONES)]


def drawing(kind: str, key: str = "") -> Drawing:
    return Drawing(tone=tone_of(f"{kind}:{key}"), path=PICTOGRAMS.get(kind, PICTOGRAMS["project"]))


def initials(name: str) -> str:
    """One or two letters of a public name ("Amel B." -> "AB", "نور" -> "ن"); "?" for an empty one."""
    words = [word for word in name.replace("_", " ").replace("-", " ").split() if word[0].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


def avatar(public_name: str) -> Drawing:
    return Drawing(tone=tone_of(f"person:{public_name}"), initials=initials(public_name))
