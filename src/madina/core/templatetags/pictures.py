"""Pictures on pages: a thing's uploaded picture or its sober default drawing, and a person's avatar or initials
(madina.core.pictures). Sizes come from the stylesheet's classes, so a picture never widens a 390 px page."""

from django import template

from madina.core import pictures

register = template.Library()
WIDTH_OF = {"thumb": 320, "card": 640, "page": 1280, "avatar": 320}


@register.inclusion_tag("core/_drawn_picture.html")
def picture(image, alt: str, kind: str, key: str = "", size: str = "card"):
    """`image` is the thing's ImageField (empty for none); `alt` its description, or its title when there is none;
    `kind` and `key` choose the default drawing (a project's sector code, say)."""
    return {
        "url": f"{image.url}?w={WIDTH_OF[size]}" if image else "", "alt": alt, "size": size,
        "drawing": None if image else pictures.drawing(kind, key),
    }


@register.inclusion_tag("core/_avatar.html")
def avatar(person, size: str = "small"):
    """A person's avatar beside their public name (drawn from that name, never the e-mail); decorative (the name follows it), so its alt is empty."""
    image = getattr(person, "avatar", None)
    name = getattr(person, "display_name", "") or ""
    return {
        "url": f"{image.url}?w={WIDTH_OF['avatar']}" if image else "", "size": size,
        "drawing": None if image else pictures.avatar(name),
    }
