"""API schema pieces shared by every app's router, so that links and translated names read the same everywhere."""

from ninja import Schema


class Linked(Schema):
    """An object with a page on the site: the API gives its address so clients can link to it."""

    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class TranslatedName(Linked):
    """`name` in the request's language (falling back to French), beside each language's stored value."""

    name: str
    name_fr: str
    name_ar: str | None
    name_en: str | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.name
