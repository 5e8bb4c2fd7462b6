"""The terugblik (issue 13): after the session the public event page carries its report,
materials (checked by content, public or for attendees through the personal link) and the
published cases of the afternoon; the programme page points to it."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.followup.test_evaluation import attend
from wijkactie.accounts.models import Organisation
from wijkactie.events.models import Programme
from wijkactie.followup import recap
from wijkactie.followup.models import Evaluation, EvaluationAnswer, Material
from wijkactie.initiatives import services as cases

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def pptx(with_presentation=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_presentation:
            archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        else:
            archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_materials_are_checked_by_content_not_by_name():
    assert recap.check_material(PDF_BYTES) is recap.PDF
    assert recap.check_material(pptx()) is recap.PPTX
    assert recap.check_material(png()).content_type == "image/png"
    for refused in (b"<html><script>alert(1)</script>", pptx(with_presentation=False), b""):
        with pytest.raises(recap.MaterialRefused):
            recap.check_material(refused)
    too_big = png() + b"\0" * (5 * 1024 * 1024)
    with pytest.raises(recap.MaterialRefused, match="hoogstens 5 MB"):
        recap.check_material(too_big)


def publish_case_for(event, title):
    organisation = Organisation.objects.first()
    case = cases.submit_case(
        data={
            "kind": "voorbeeld",
            "title": title,
            "situation": "Bewoners organiseren een buurtmaaltijd.",
            "question": "Hoe houden we het vol?",
            "municipality": "Arnhem",
            "contributor_name": "Inbrenger",
            "contributor_organisation": organisation.name,
            "contributor_email": "inbrenger@linie.test",
            "may_use_in_session": True,
            "may_publish": True,
        },
        themes=[],
        event=event,
    )
    cases.accept_case(case=case, actor=None, event=event, for_publication=True)
    cases.publish_case(case=case, actor=None)
    return case


@pytest.fixture
def recapped(session, admin_client):
    """A staff member writes the terugblik through its page: report, two materials, published."""
    event, people = session
    attend(event, people["anouk"], "ochtenddeel", "middagdeel")
    attend(event, people["sanne"])
    url = reverse("staff_followup:recap", args=[event.slug])
    for title, name, data, audience in [
        ("Dia's van de ochtend", "dias.pdf", PDF_BYTES, "public"),
        ("Foto's van de groepen", "groepen.png", png(), "attendees"),
    ]:
        response = admin_client.post(
            url,
            {
                "actie": "materiaal",
                "title": title,
                "audience": audience,
                "file": SimpleUploadedFile(name, data),
            },
        )
        assert response.status_code == 302
    admin_client.post(
        url,
        {
            "actie": "verslag",
            "report": "## Wat we leerden\n\n- **Animo** eerst",
            "is_published": "on",
        },
    )
    return event, people


def test_the_event_page_becomes_its_terugblik_after_the_session(recapped, client):
    event, people = recapped
    case = publish_case_for(event, "Buurtmaaltijd De Kroon")
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Terugblik" in page and "<strong>Animo</strong> eerst" in page
    public, attendees_only = Material.objects.order_by("pk")
    assert reverse("followup:material", args=[event.slug, public.pk]) in page
    assert reverse("followup:material", args=[event.slug, attendees_only.pk]) not in page
    assert reverse("initiatives:case", args=[case.pk]) in page
    assert 'name="accept_terms"' not in page  # no registration form after the session

    download = client.get(reverse("followup:material", args=[event.slug, public.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    hidden = client.get(reverse("followup:material", args=[event.slug, attendees_only.pk]))
    assert hidden.status_code == 404


def test_attendees_get_their_materials_through_the_personal_link(recapped, client):
    event, people = recapped
    _public, attendees_only = Material.objects.order_by("pk")
    anouk = client.get(reverse("events:manage", args=[people["anouk"].manage_token]))
    link = reverse(
        "followup:personal_material", args=[people["anouk"].manage_token, attendees_only.pk]
    )
    assert link in anouk.content.decode()
    assert client.get(link).status_code == 200
    # Sanne had a seat but was at no part: not hers.
    sanne_link = reverse(
        "followup:personal_material", args=[people["sanne"].manage_token, attendees_only.pk]
    )
    assert client.get(sanne_link).status_code == 404


def test_a_file_that_is_no_material_is_refused_with_its_reason(session, admin_client):
    event, _people = session
    response = admin_client.post(
        reverse("staff_followup:recap", args=[event.slug]),
        {
            "actie": "materiaal",
            "title": "Presentatie",
            "audience": "public",
            "file": SimpleUploadedFile("presentatie.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dit bestand nemen we niet aan" in body and 'value="Presentatie"' in body
    assert not Material.objects.exists()


def test_the_programme_page_lists_past_sessions_with_their_terugblik(recapped, client):
    event, _people = recapped
    programme = Programme.objects.create(name="Werken aan leefbare wijken", slug="leefbare-wijken")
    type(event).objects.filter(pk=event.pk).update(programme=programme)
    page = client.get(reverse("events:programme", args=[programme.slug])).content.decode()
    assert "Eerdere bijeenkomsten" in page
    assert f"{reverse('events:detail', args=[event.slug])}#terugblik-kop" in page


def test_the_evaluation_headline_shows_only_when_the_organiser_chooses(recapped, client):
    event, _people = recapped
    EvaluationAnswer.objects.create(event=event, grade=8)
    url = reverse("events:detail", args=[event.slug])
    assert "gemiddeld een" not in client.get(url).content.decode()
    Evaluation.objects.create(event=event, on_recap=True)
    assert "gemiddeld een 8,0" in client.get(url).content.decode()


def test_no_terugblik_before_the_session_ends(make_event, client):
    event = make_event()
    recap.save_recap(event_id=event.pk, report="Vooruitblik", is_published=True)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "terugblik-kop" not in page and 'name="accept_terms"' in page


def test_a_signed_in_visitor_sees_the_terugblik_too(recapped, admin_client):
    """Found in the browser: only the anonymous (cached) page had the terugblik."""
    event, _people = recapped
    page = admin_client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "terugblik-kop" in page and "<strong>Animo</strong> eerst" in page


def test_removing_a_material_by_a_made_up_number_is_a_404_not_an_error(recapped, admin_client):
    event, _people = recapped
    url = reverse("staff_followup:recap", args=[event.slug])
    for made_up in ("abc", "99999999999999999999", "-1", ""):
        response = admin_client.post(url, {"actie": "verwijderen", "materiaal": made_up})
        assert response.status_code == 404, made_up
    material = Material.objects.first()
    admin_client.post(url, {"actie": "verwijderen", "materiaal": material.pk})
    assert not Material.objects.filter(pk=material.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_terugblik_reads_the_same_number_of_times_however_much_it_holds(
    recapped, client, django_assert_num_queries, count
):
    event, _people = recapped
    for n in range(count):
        publish_case_for(event, f"Casus {n}")
        recap.add_material(
            event_id=event.pk,
            title=f"Extra {n}",
            filename="x.pdf",
            data=PDF_BYTES,
            audience="public",
        )
        EvaluationAnswer.objects.create(event=event, grade=7)
    Evaluation.objects.create(event=event, on_recap=True)
    url = reverse("events:detail", args=[event.slug])
    client.get(url)
    with django_assert_num_queries(10):
        assert "Extra 0" in client.get(url).content.decode()


def test_the_dashboard_says_what_waits_after_a_session(session, admin_client):
    event, people = session
    page = admin_client.get("/beheer/").content.decode()
    assert f"Aanwezigheid van ‘{event.title}’ is nog niet vastgelegd" in page
    assert f"Nog geen terugblik voor ‘{event.title}’" in page
    attend(event, people["anouk"], "ochtenddeel")
    recap.save_recap(event_id=event.pk, report="", is_published=True)
    page = admin_client.get("/beheer/").content.decode()
    assert "nog niet vastgelegd" not in page and "Nog geen terugblik" not in page


def test_a_material_over_twenty_megabytes_is_refused_before_it_is_read(session, admin_client):
    event, _people = session
    response = admin_client.post(
        reverse("staff_followup:recap", args=[event.slug]),
        {
            "actie": "materiaal",
            "title": "Opname",
            "audience": "public",
            "file": SimpleUploadedFile("opname.pdf", PDF_BYTES + b"\0" * (20 * 1024 * 1024)),
        },
    )
    assert response.status_code == 400
    assert "groter dan 20 MB" in response.content.decode()
    assert not Material.objects.exists()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width × height pixels (valid chunks, so
    Pillow opens and verifies it without decoding a pixel)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("megapixels", [150, 400])
def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded(
    session, admin_client, megapixels
):
    """Finding: a PNG claiming 400 Mpx gave a 500 (Pillow's DecompressionBombError); one
    claiming 150 Mpx in 94 bytes was accepted."""
    event, _people = session
    side = int((megapixels * 1_000_000) ** 0.5)
    response = admin_client.post(
        reverse("staff_followup:recap", args=[event.slug]),
        {
            "actie": "materiaal",
            "title": "Plattegrond",
            "audience": "public",
            "file": SimpleUploadedFile("plattegrond.png", png_claiming(side, side)),
        },
    )
    assert response.status_code == 400
    assert "megapixel" in response.content.decode()
    assert not Material.objects.exists()


def test_an_image_material_is_served_as_a_download_not_inline(recapped, client):
    event, _people = recapped
    material = recap.add_material(
        event_id=event.pk, title="Foto", filename="foto.png", data=png(), audience="public"
    )
    response = client.get(reverse("followup:material", args=[event.slug, material.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
