"""A person's public page, found by their public name: what they proposed, commented and endorsed in public
processes. Never their e-mail address, nothing hidden by moderation, no draft."""

from __future__ import annotations

from django.shortcuts import render

from .. import queries


def person(request, name):
    found = queries.person(name)
    return render(request, "participation/person.html", {
        "person": found,
        "proposals": queries.proposals_by(found),
        "comments": queries.comments_by(found),
        "endorsements": queries.endorsements_by(found),
    })
