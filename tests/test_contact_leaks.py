"""No contact detail reaches a recruiter without contact rights, in any response about a candidate.

A pool candidate and an invited-and-interviewed (never applied) candidate carry a phone number, an
e-mail address, a WeChat id and a QQ number in every free-text field. Company A's recruiter may see
both profiles, but no response (profile, shortlist JSON, CSV and page, talent search JSON and page,
the assistant) may hold any of the four. The operator, who may, sees them (so the check can fail).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from talentseek import domain
from talentseek.engine import Engine
from talentseek.llm.scripted import ScriptedLLM
from talentseek.store.repo import add_interaction, upsert_candidate
from web_fixtures import Market
from webclient import market_client, web_login

PHONE, EMAIL, WECHAT, QQ = "13912345678", "leak.person@corp.cn", "leak_wx2024", "77665544"
CONTACTS = f"电话 139 1234 5678，邮箱 {EMAIL}，微信：{WECHAT}，QQ：{QQ}"


@pytest.fixture(autouse=True)
def _hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTSEEK_EMBEDDER", "hashing")


def _leaky_resume(name: str) -> domain.Resume:
    work = domain.WorkEntry(
        company="济南某软件公司",
        title=f"Java开发工程师 微信 {WECHAT}",
        start="2018-07",
        description=f"负责 Java 微服务开发。{CONTACTS}",
    )
    return domain.Resume(
        name=name,
        phone=PHONE,
        email=EMAIL,
        city="济南市",
        intent=domain.Intent(cities=("济南市",), titles=(f"Java开发 QQ {QQ}",)),
        experience=(work,),
        skills=("Java", "MySQL"),
        summary=f"自我评价：踏实肯干。{CONTACTS}",
    )


def _plant(engine: Engine, market: Market) -> tuple[int, int]:
    """A pool candidate and one company A invited and interviewed (no application), both leaky."""
    text = f"赵六 Java开发工程师 济南\n{CONTACTS}\n工作经历：负责 Java 微服务开发。{CONTACTS}"
    with engine.db.session() as db:
        pool, _ = upsert_candidate(db, _leaky_resume("赵六"), external_id="leak1", open_to_pool=True,
                                   resume_text=text)
        invited, _ = upsert_candidate(db, _leaky_resume("孙七"), external_id="leak2", open_to_pool=False,
                                      resume_text=text)
        add_interaction(db, invited.id, market.job_a, domain.InteractionKind.INVITE, domain.Role.RECRUITER)
        add_interaction(db, invited.id, market.job_a, domain.InteractionKind.INTERVIEW, domain.Role.RECRUITER)
        ids = pool.id, invited.id
    engine.search.sync()
    return ids


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


def leaks(text: str) -> list[str]:
    """Which of the four secrets occur in `text` (phone digits also across spaces and dashes)."""
    digits = re.sub(r"[\s\-]", "", text)
    found = [s for s in (EMAIL, WECHAT, QQ) if s in text]
    return found + ([PHONE] if PHONE in digits else [])


def json_leaks(body: Any) -> list[str]:
    return sorted({s for part in _strings(body) for s in leaks(part)})


def _assistant_llm() -> ScriptedLLM:
    """A model that repeats every contact detail it can (the guard must mask them all)."""
    tool = json.dumps({"tool": "search_candidates", "arguments": {"keywords": ["Java"]}})
    return ScriptedLLM([tool, f"推荐候选人赵六：{CONTACTS}"] * 3)


def test_recruiter_without_contact_rights_sees_no_contact_anywhere() -> None:
    with market_client(llm=_assistant_llm()) as (client, engine, market):
        pool, invited = _plant(engine, market)
        rec = {"Authorization": f"Bearer {market.keys['rec_a']}"}
        responses: dict[str, Any] = {}
        for cid in (pool, invited):
            r = client.get(f"/api/candidates/{cid}", headers=rec)
            assert r.status_code == 200, r.text
            assert r.json()["contact_masked"] is True
            responses[f"profile {cid}"] = r.json()
        shortlist = client.get("/api/match/candidates", params={"job_id": market.job_a}, headers=rec)
        assert pool in {x["id"] for x in shortlist.json()["results"]}
        responses["shortlist"] = shortlist.json()
        found = client.get("/api/search/candidates", params={"q": "Java 济南"}, headers=rec)
        assert pool in {x["id"] for x in found.json()["results"]}, found.text
        responses["search"] = found.json()
        chat = client.post("/api/assistant", json={"message": "找济南的Java候选人"}, headers=rec)
        assert chat.status_code == 200, chat.text
        responses["assistant"] = chat.json()
        for name, body in responses.items():
            assert json_leaks(body) == [], (name, json_leaks(body), body)
        params = {"job_id": market.job_a, "applicants_only": False}
        csv = client.get("/api/match/candidates.csv", params=params, headers=rec)
        assert csv.status_code == 200 and "赵六" in csv.text
        assert leaks(csv.text) == [], csv.text


def test_recruiter_pages_show_no_contact() -> None:
    with market_client() as (client, engine, market):
        pool, _ = _plant(engine, market)
        web_login(client, "rec_a")
        page = client.get("/match/candidates", params={"job_id": market.job_a})
        assert page.status_code == 200 and "赵六" in page.text
        assert leaks(page.text) == []


def test_operator_and_applied_company_do_see_contacts() -> None:
    """The positive control: the same walk finds all four where contact rights exist."""
    with market_client() as (client, engine, market):
        pool, invited = _plant(engine, market)
        op = {"Authorization": f"Bearer {market.keys['op']}"}
        body = client.get(f"/api/candidates/{pool}", headers=op).json()
        assert set(json_leaks(body)) == {PHONE, EMAIL, WECHAT, QQ}
        with engine.db.session() as db:
            add_interaction(db, invited, market.job_a, domain.InteractionKind.APPLY, domain.Role.SEEKER)
        rec = {"Authorization": f"Bearer {market.keys['rec_a']}"}
        body = client.get(f"/api/candidates/{invited}", headers=rec).json()
        assert body["contact_masked"] is False and set(json_leaks(body)) == {PHONE, EMAIL, WECHAT, QQ}


def test_talent_search_page_shows_no_contact() -> None:
    with market_client() as (client, engine, market):
        _plant(engine, market)
        web_login(client, "rec_a")
        page = client.get("/search", params={"side": "candidates", "q": "Java 济南"})
        assert page.status_code == 200 and "Java开发" in page.text
        assert leaks(page.text) == []


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 8])
def test_streamed_answer_masked_piece_by_piece_with_safe_cut(piece: int) -> None:
    """assistant.safety.safe_cut: cut there, mask the head, send it; no contact is split across sends."""
    from talentseek.assistant.safety import mask_contacts, safe_cut

    full = f"推荐候选人赵六：{CONTACTS}。另一位 {'很合适' * 30}，电话 13812345678"
    buf, sent = "", []
    for i in range(0, len(full), piece):
        buf += full[i : i + piece]
        cut = safe_cut(buf)
        sent.append(mask_contacts(buf[:cut]))
        buf = buf[cut:]
    sent.append(mask_contacts(buf))
    assert leaks("".join(sent)) == [] and "13812345678" not in "".join(sent)
    assert "".join(sent).startswith("推荐候选人赵六：电话 139****5678")


def test_streamed_assistant_answer_shows_no_contact() -> None:
    with market_client(llm=_assistant_llm()) as (client, engine, market):
        _plant(engine, market)
        rec = {"Authorization": f"Bearer {market.keys['rec_a']}"}
        r = client.post("/api/assistant", json={"message": "找济南的Java候选人", "stream": True}, headers=rec)
        assert r.status_code == 200
        deltas = "".join(
            json.loads(block.split("data: ", 1)[1]).get("text", "")
            for block in r.text.split("\n\n")
            if block.startswith("event: delta")
        )
        assert "赵六" in deltas and leaks(deltas) == []


def test_candidate_page_shows_no_contact() -> None:
    from test_authz_matrix import app_routes

    with market_client() as (client, engine, market):
        if ("GET", "/candidates/{candidate_id}") not in app_routes(client.app):
            pytest.skip("no candidate page mounted")
        pool, invited = _plant(engine, market)
        web_login(client, "rec_a")
        for cid, name in ((pool, "赵六"), (invited, "孙七")):
            page = client.get(f"/candidates/{cid}")
            assert page.status_code == 200 and name in page.text
            assert leaks(page.text) == []
