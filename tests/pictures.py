"""Files for the picture and avatar tests: a photo carrying a phone's metadata, and what is left on disk."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_with_gps(name="chantier.jpg", size=(1200, 800)):
    exif = Image.Exif()
    exif[0x8825] = {2: (36.0, 48.0, 0.0)}  # GPSInfo: where the phone stood
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def files_under(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())
