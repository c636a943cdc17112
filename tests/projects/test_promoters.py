"""Promoters and contacts recorded from the project's pages by the people who manage it; contacts stay with staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from madina.core.errors import Invalid, NotAllowed
from madina.projects import services
from madina.projects.models import Contact, Organisation, OrganisationKind, Promoter

# The project is in Sfax (governorate of Sfax); Sakiet Ezzit is another municipality of the same governorate.
ROLES = [
    ("organiser", True),
    ("sfax_governorate", True),
    ("gabes_governorate", False),
    ("sfax_municipal", True),
    ("ezzit_municipal", False),
    ("citizen", False),
]


def promoter_data(*rows, **extra):
    data = {"action": "promoters", "promoter-TOTAL_FORMS": str(len(rows)), "promoter-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"promoter-{i}-{key}": value for key, value in row.items()})
    data.update(extra)
    return data


def contact_data(*rows, initial=0):
    data = {"action": "contacts", "contact-TOTAL_FORMS": str(len(rows)), "contact-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"contact-{i}-{key}": value for key, value in row.items()})
    return data


def url(project):
    return reverse("projects:promoters", kwargs={"pk": project.pk})


@pytest.mark.parametrize(("who", "allowed"), ROLES)
def test_who_may_record_promoters_and_contacts(client, people, new_project, who, allowed):
    project = new_project()
    client.force_login(people[who])
    page = client.get(url(project))
    response = client.post(url(project), promoter_data(
        {"name": "Association Sfax Durable", "kind": "association", "is_lead": "on"},
        {"name": "Université de Sfax", "kind": "university", "website": "https://www.uss.rnu.tn"},
    ))
    contact = client.post(url(project), contact_data(
        {"name": "Salma Ben Ali", "role": "Cheffe de projet", "email": "salma@example.tn", "phone": "+216 74 000 000"},
    ))
    if allowed:
        assert page.status_code == 200 and response.status_code == 302 and contact.status_code == 302
        links = {link.organisation.name: link.is_lead for link in project.promoter_links.select_related("organisation")}
        assert links == {"Association Sfax Durable": True, "Université de Sfax": False}
        assert project.contacts.get().phone == "+216 74 000 000"
    else:
        assert page.status_code == response.status_code == contact.status_code == 403
        assert not project.promoter_links.exists() and not project.contacts.exists()


def test_anonymous_is_sent_to_log_in(client, new_project):
    project = new_project()
    response = client.post(url(project), promoter_data({"name": "X", "kind": "company"}))
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    assert not Promoter.objects.exists()


@pytest.mark.parametrize(("who", "sees"), [*ROLES, ("anonymous", False)])
def test_public_page_lists_promoters_and_staff_see_contacts(client, people, new_project, who, sees):
    project = new_project()
    services.record_promoters(project, people["organiser"], [{"name": "Sfax Smart Start", "kind": "startup"}])
    services.add_contact(project, people["organiser"], name="Karim Trabelsi", email="karim@example.tn")
    if who != "anonymous":
        client.force_login(people[who])
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Sfax Smart Start" in page
    assert ("karim@example.tn" in page) is sees and ("Karim Trabelsi" in page) is sees


def test_an_organisation_is_reused_and_promoters_replaced(people, new_project):
    first, second = new_project(), new_project(title_fr="Parc solaire")
    user = people["sfax_municipal"]
    services.record_promoters(first, user, [{"name": "STEG", "kind": "public_body"}])
    services.record_promoters(second, user, [{"name": " steg ", "kind": "public_body", "website": "https://www.steg.com.tn"}])
    assert Organisation.objects.filter(kind=OrganisationKind.PUBLIC_BODY).count() == 1
    assert Organisation.objects.get().website == "https://www.steg.com.tn"
    services.record_promoters(first, user, [{"name": "Municipalité de Sfax", "kind": "municipality"}])
    assert [str(p) for p in first.promoter_links.all()] == ["Municipalité de Sfax"]
    services.record_promoters(first, user, [])
    assert not first.promoter_links.exists() and second.promoter_links.count() == 1


@pytest.mark.parametrize("rows", [
    [{"name": "", "kind": "company"}],
    [{"name": "ENIS", "kind": "school"}],
    [{"name": "ENIS", "kind": "university"}, {"name": "enis", "kind": "university"}],
    [{"name": "A", "kind": "company", "is_lead": True}, {"name": "B", "kind": "company", "is_lead": True}],
])
def test_record_promoters_refuses_bad_rows(people, new_project, rows):
    project = new_project()
    with pytest.raises(Invalid):
        services.record_promoters(project, people["organiser"], rows)
    assert not project.promoter_links.exists()


def test_contacts_services_check_the_manager(people, new_project):
    project = new_project()
    contact = services.add_contact(project, people["sfax_municipal"], name="Amel", phone="74 000 000")
    with pytest.raises(NotAllowed):
        services.update_contact(contact, people["ezzit_municipal"], name="Autre")
    with pytest.raises(NotAllowed):
        services.remove_contact(contact, people["gabes_governorate"])
    with pytest.raises(Invalid):
        services.update_contact(contact, people["sfax_governorate"], email="pas-un-email")
    services.update_contact(contact, people["sfax_governorate"], role="Ingénieure")
    assert Contact.objects.get().role == "Ingénieure"
    services.remove_contact(contact, people["sfax_governorate"])
    assert not Contact.objects.exists()


def test_invalid_rows_keep_what_was_typed_with_errors_on_the_fields(client, people, new_project):
    project = new_project()
    client.force_login(people["sfax_municipal"])
    response = client.post(url(project), promoter_data(
        {"name": "Cluster Numérique du Sud", "kind": ""},
        {"name": "Startup Oasis", "kind": "startup", "website": "pas une adresse"},
    ))
    page = response.content.decode()
    assert response.status_code == 200 and not project.promoter_links.exists()
    assert 'value="Cluster Numérique du Sud"' in page and 'value="Startup Oasis"' in page
    form = response.context["promoter_set"].forms
    assert "kind" in form[0].errors and "website" in form[1].errors
    assert 'aria-invalid="true"' in page
    two_leads = client.post(url(project), promoter_data(
        {"name": "A", "kind": "company", "is_lead": "on"}, {"name": "B", "kind": "company", "is_lead": "on"},
    ))
    assert "Un seul promoteur est chef de file." in two_leads.content.decode()
    contacts = client.post(url(project), contact_data(
        {"name": "Sans moyen de joindre"}, {"name": "Nadia", "email": "nadia@", "phone": "appelez-moi"},
    ))
    forms = contacts.context["contact_set"].forms
    assert "email" in forms[0].errors and {"email", "phone"} <= set(forms[1].errors)
    assert 'value="Sans moyen de joindre"' in contacts.content.decode() and not project.contacts.exists()


def test_contacts_are_edited_and_removed_from_the_page(client, people, new_project):
    project = new_project()
    services.record_promoters(project, people["organiser"], [{"name": "Sfax Smart Start", "kind": "startup"}])
    keep = services.add_contact(project, people["organiser"], name="Amel", email="amel@example.tn")
    drop = services.add_contact(project, people["organiser"], name="Hédi", phone="74 111 222")
    organisation = Organisation.objects.get()
    client.force_login(people["sfax_governorate"])
    page = client.get(url(project)).content.decode()
    assert 'value="Amel"' in page and 'value="Hédi"' in page
    response = client.post(url(project), contact_data(
        {"contact": keep.pk, "name": "Amel Jaziri", "email": "amel@example.tn", "organisation": organisation.pk},
        {"contact": drop.pk, "name": "Hédi", "phone": "74 111 222", "DELETE": "on"},
        {"name": "Nouvelle personne", "phone": "+216 98 000 000"},
        initial=2,
    ))
    assert response.status_code == 302
    assert sorted(project.contacts.values_list("name", "organisation")) == [
        ("Amel Jaziri", organisation.pk), ("Nouvelle personne", None),
    ]


def test_contact_rows_read_the_organisations_once(client, people, new_project):
    project = new_project()
    services.record_promoters(project, people["organiser"], [{"name": "Sfax Smart Start", "kind": "startup"}])
    client.force_login(people["organiser"])

    def queries_for_the_page():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url(project)).content.decode()
        assert page.count("Sfax Smart Start</option>") == project.contacts.count() + 1  # each row, the extra one too
        return len(ctx.captured_queries)

    services.add_contact(project, people["organiser"], name="Amel", email="amel@example.tn")
    one = queries_for_the_page()
    for name in ("Hédi", "Sonia", "Walid"):
        services.add_contact(project, people["organiser"], name=name, email="x@example.tn")
    assert queries_for_the_page() == one


def test_unknown_action_is_not_found(client, people, new_project):
    project = new_project()
    client.force_login(people["organiser"])
    assert client.post(url(project), {"action": "other"}).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_promoters_page_in_a_browser(page, live_server, client, people, new_project, lang):
    from tests.conftest import assert_accessible, set_language

    project = new_project()
    client.force_login(people["sfax_municipal"])
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    set_language(page, live_server, lang)
    page.goto(live_server.url + url(project))
    assert_accessible(page)
    page.fill("#id_promoter-0-name", "Association Sfax Durable")
    page.select_option("#id_promoter-0-kind", "association")
    page.fill("#id_promoter-1-name", "Sans type")
    page.locator("form:has(input[value=promoters]) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.input_value("#id_promoter-1-name") == "Sans type"  # kept, with its error
    assert page.get_attribute("#id_promoter-1-kind", "aria-invalid") == "true"
    assert_accessible(page)
    page.fill("#id_promoter-1-name", "")
    page.locator("form:has(input[value=promoters]) button[type=submit]").click()
    page.wait_for_url("**/promoteurs/")
    assert [str(p) for p in project.promoter_links.all()] == ["Association Sfax Durable"]
