"""Group sessions: the pure spread/ranking/combination functions and the views around them."""

import io

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from wijkactie.actie import services
from wijkactie.actie.content import registry
from wijkactie.actie.group import combined_answers, combined_intuition, divergence_ranking, spreads
from wijkactie.actie.models import GroupSession, Participant

PRO = registry().current.levels["professional"]


def test_divergence_ranks_the_widest_disagreement_first():
    answers = [
        {"A2": 1, "A3": 2, "C1": 3, "T7": 4},
        {"A2": 4, "A3": 3, "C1": 3, "T7": 1},
        {"A2": 4, "A3": 2, "C1": 3, "T7": None},
    ]
    ranking = divergence_ranking(PRO, answers)
    assert [s.question.id for s in ranking] == ["T7", "A2", "A3"]
    top = ranking[0]
    assert (top.low, top.high, top.answered, top.unknown) == (1, 4, 2, 1)
    assert top.counts == (1, 0, 0, 1)
    assert "C1" not in [s.question.id for s in ranking]  # everyone agrees


def test_ties_keep_question_order():
    answers = [{"C2": 1, "A3": 1}, {"C2": 2, "A3": 2}]
    assert [s.question.id for s in divergence_ranking(PRO, answers)] == ["A3", "C2"]


def test_combined_answers_average_numbers_and_take_the_most_chosen_choice():
    answers = [
        {"A1": "sociaal", "A2": 1, "A3": None},
        {"A1": "doelgericht", "A2": 4, "A3": None},
        {"A1": "sociaal", "A2": 4},
    ]
    combined = combined_answers(PRO, answers)
    assert combined["A1"] == "sociaal"
    assert combined["A2"] == 3
    assert combined["A3"] is None  # only "weet ik niet": stays unknown
    assert "A4" not in combined


def test_combined_intuition_needs_a_single_leader():
    assert combined_intuition(["rood", "rood", "blauw", ""]) == "rood"
    assert combined_intuition(["rood", "blauw"]) is None
    assert combined_intuition(["", ""]) is None


answer_value = st.sampled_from([None, 1, 2, 3, 4])


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from([q.id for q in PRO.questions if not q.is_choice]), answer_value
        ),
        max_size=8,
    )
)
def test_spread_properties(answer_sets):
    for spread in spreads(PRO, answer_sets):
        assert sum(spread.counts) == spread.answered
        assert spread.answered + spread.unknown <= len(answer_sets)
        assert spread.deviation >= 0
        assert (spread.deviation == 0) == (spread.range == 0)
    ranking = divergence_ranking(PRO, answer_sets)
    deviations = [s.deviation for s in ranking]
    assert deviations == sorted(deviations, reverse=True)
    combined = combined_answers(PRO, answer_sets)
    for value in combined.values():
        assert value is None or 1 <= value <= 4


@pytest.fixture
def session(fleur):
    return services.create_group_session(
        facilitator=fleur,
        data={
            "title": "Casus Vaartsche Rijn",
            "case_summary": "Bewoners willen een buurtkamer.",
            "hours_open": 3,
            "phase": 2,
            "origin": "bewoners",
        },
    )


def join(session, name, *, show_name=False, intuition="blauw") -> Client:
    participant = Client()
    response = participant.post(
        f"/g/{session.code}/",
        {
            "display_name": name,
            "show_name": "on" if show_name else "",
            "intuitive_approach": intuition,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return participant


def test_facilitator_creates_a_session_with_a_code_and_qr(fleur_client):
    response = fleur_client.post(
        "/actie/groepen/",
        {
            "title": "Casus Overvecht",
            "case_summary": "Een moestuin op corporatiegrond.",
            "hours_open": "3",
        },
    )
    session = GroupSession.objects.get()
    assert response["Location"] == f"/actie/groepen/{session.public_id}/"
    assert len(session.code) == 6
    page = fleur_client.get(response["Location"]).content.decode()
    assert session.code in page
    assert "<svg" in page and 'class="segno"' in page
    assert f"/g/{session.code}/" in page


def test_join_by_code_in_lower_case_with_spaces(session, db):
    response = Client().post(
        "/g/", {"code": " " + session.code.lower()[:3] + " " + session.code.lower()[3:]}
    )
    assert response["Location"] == f"/g/{session.code}/"
    unknown = Client().post("/g/", {"code": "ZZZZZZ"})
    assert unknown.status_code == 400
    assert "Deze code kennen we niet" in unknown.content.decode()


def test_three_participants_and_the_live_view(session, fleur_client):
    ans = join(session, "Ans", show_name=True, intuition="rood")
    bert = join(session, "Bert")
    chris = join(session, "Chris")
    ans.post(f"/g/{session.code}/gebied/A/", {"A2": "1", "A3": "2"})
    bert.post(f"/g/{session.code}/gebied/A/", {"A2": "4", "A3": "2"})
    chris.post(f"/g/{session.code}/gebied/A/", {"A2": "4", "A3": "3"})
    bert.post(f"/g/{session.code}/klaar/")

    live = fleur_client.get(
        f"/actie/groepen/{session.public_id}/live/", headers={"HX-Request": "true"}
    )
    body = live.content.decode()
    assert "1 van 3 klaar" in body
    ranking = body.split("Hier verschilt de groep het meest")[1].split("Advies voor de groep")[0]
    assert ranking.index("A2. Komt het idee echt") < ranking.index("A3. Wordt de motivatie")
    assert "Ans: 1" in ranking  # Ans agreed to be named
    assert "Bert:" not in ranking and "Chris:" not in ranking
    assert "Groep samen" in body
    # Three questions answered: too much is unknown to suggest a colour (unknown is not low).
    assert "2 deelnemers zonder naam: Eerst uitzoeken" in body
    assert "Ans: " in body.split("Advies voor de groep")[1]


def test_who_did_not_agree_is_never_shown_by_name(session, fleur_client):
    """Issue 9: 'Youssef: bezig (13 van 34 vragen)' appeared although Youssef did not agree."""
    ans = join(session, "Ans", show_name=True)
    youssef = join(session, "Youssef")
    ans.post(f"/g/{session.code}/gebied/A/", {"A2": "1", "A3": "2"})
    youssef.post(f"/g/{session.code}/gebied/A/", {"A2": "4", "A3": "3"})
    live = fleur_client.get(
        f"/actie/groepen/{session.public_id}/live/", headers={"HX-Request": "true"}
    ).content.decode()
    page = fleur_client.get(f"/actie/groepen/{session.public_id}/").content.decode()
    pdf = fleur_client.get(f"/actie/groepen/{session.public_id}/pdf/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for shown in (live, page, text):
        assert "Youssef" not in shown
    assert "Ans: bezig" in live and "Deelnemer zonder naam 1: bezig" in live


def test_participant_cannot_answer_after_closing_and_cannot_join(session, fleur_client):
    ans = join(session, "Ans")
    fleur_client.post(f"/actie/groepen/{session.public_id}/sluiten/")
    assert ans.post(f"/g/{session.code}/gebied/A/", {"A2": "1"}).status_code == 410
    assert Participant.objects.get().answers == {}
    late = Client().get(f"/g/{session.code}/")
    assert late.status_code == 410


def test_participant_sees_own_result_when_done(session):
    ans = join(session, "Ans")
    ans.post(f"/g/{session.code}/gebied/T/", {"T7": "4"})
    ans.post(f"/g/{session.code}/klaar/")
    page = ans.get(f"/g/{session.code}/klaar/").content.decode()
    assert "Dank je wel!" in page
    assert "Je neemt werk over" in page


def test_participant_without_cookie_is_sent_to_join(session):
    response = Client().get(f"/g/{session.code}/gebied/A/")
    assert response["Location"] == f"/g/{session.code}/"


def test_only_the_facilitator_sees_the_session(session, make_professional):
    other = Client()
    other.force_login(make_professional("kees@andere.test", "Kees", organisation="Gemeente Elders"))
    for suffix in ("", "live/", "pdf/"):
        assert other.get(f"/actie/groepen/{session.public_id}/{suffix}").status_code == 404
    assert other.post(f"/actie/groepen/{session.public_id}/sluiten/").status_code == 404


def test_group_report_pdf(session, fleur_client):
    for name, value in (("Ans", "1"), ("Bert", "4"), ("Chris", "3")):
        join(session, name).post(f"/g/{session.code}/gebied/A/", {"A2": value})
    response = fleur_client.get(f"/actie/groepen/{session.public_id}/pdf/")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Casus Vaartsche Rijn" in text
    assert "Hier verschilde de groep het meest" in text
    assert "A2. Komt het idee echt van bewoners zelf?" in text


def test_group_participant_answers_are_validated(session):
    ans = join(session, "Ans")
    response = ans.post(f"/g/{session.code}/gebied/A/", {"A2": "9"})
    assert response.status_code == 400
    assert Participant.objects.get().answers == {}


def test_join_form_errors_are_marked(session):
    response = Client().post(f"/g/{session.code}/", {"display_name": "", "intuitive_approach": ""})
    assert response.status_code == 400
    assert "Kies een rol, of" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_live_view_queries_do_not_grow_with_participants(session, fleur_client, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(count):
        join(session, f"Deelnemer {n}").post(f"/g/{session.code}/gebied/A/", {"A2": str(n % 4 + 1)})
    with CaptureQueriesContext(connection) as queries:
        response = fleur_client.get(f"/actie/groepen/{session.public_id}/live/")
    assert response.content.decode().count("bezig (") == count
    # session, user, professional, group session, participants
    assert len(queries) == 5, [q["sql"][:80] for q in queries]


def test_someone_who_answered_everything_counts_as_done_for_the_facilitator(session, fleur_client):
    """Issue 22: two people who answered all questions and stopped on the "Klaar?" page showed
    as "0 van 2 klaar … bezig (34 van 34 vragen)"."""
    from wijkactie.actie.content import registry  # noqa: PLC0415
    from wijkactie.actie.models import Participant  # noqa: PLC0415

    ans = join(session, "Ans", show_name=True)
    join(session, "Bert")
    level = registry().get(session.content_version).levels["professional"]
    everything = {q.id: q.choices[0].value if q.choices else 3 for q in level.questions}
    Participant.objects.filter(session=session).update(answers=everything)
    ans.post(f"/g/{session.code}/klaar/")
    live = fleur_client.get(
        f"/actie/groepen/{session.public_id}/live/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "2 van 2 klaar" in live
    assert "bezig (" not in live
    assert "alle vragen ingevuld, nog niet afgerond" in live
