"""Matching routes: roles, ownership, contact masking, CSV export, web pages."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web_fixtures import build_market

from talentseek.api.app import create_app
from talentseek.auth import create_api_key
from talentseek.engine import Engine
from talentseek.store import models


def _client() -> tuple[TestClient, Engine, object]:
    engine = Engine()
    market = build_market(engine)
    return TestClient(create_app(engine)), engine, market


def _key(engine: Engine, username: str) -> str:
    import sqlalchemy as sa

    with engine.db.session() as s:
        uid = s.scalar(sa.select(models.User.id).where(models.User.username == username))
        return create_api_key(s, f"{username}-test", user_id=uid)


def test_seeker_gets_own_recommendations_with_reasons() -> None:
    client, engine, market = _client()
    h = {"Authorization": f"Bearer {_key(engine, 'seeker1')}"}
    r = client.get("/api/match/jobs", headers=h)
    assert r.status_code == 200, r.text
    data = r.json()
    ids = [x["id"] for x in data["results"]]
    assert market.job_a in ids and market.job_closed not in ids  # type: ignore[attr-defined]
    assert all(x["reasons"] for x in data["results"])
    # a seeker without a resume gets a 4xx that says what to do
    r2 = client.get("/api/match/jobs", headers={"Authorization": f"Bearer {_key(engine, 'seeker2')}"})
    assert r2.status_code == 400 and "简历" in r2.json()["error"]


def test_recruiter_shortlist_is_own_jobs_only_and_masks_contact() -> None:
    client, engine, market = _client()
    h = {"Authorization": f"Bearer {market.keys['rec_a']}"}  # type: ignore[attr-defined]
    r = client.get("/api/match/candidates", params={"job_id": market.job_a}, headers=h)  # type: ignore[attr-defined]
    assert r.status_code == 200, r.text
    people = {x["id"]: x for x in r.json()["results"]}
    # the applicant and the opted-in pool; never the private candidate
    assert set(people) == {market.cand_seeker, market.cand_pool}  # type: ignore[attr-defined]
    assert people[market.cand_seeker]["phone"] == "13812345678"  # type: ignore[attr-defined]
    assert people[market.cand_pool]["phone"] == "137****2222"  # type: ignore[attr-defined]
    other = client.get("/api/match/candidates", params={"job_id": market.job_b}, headers=h)  # type: ignore[attr-defined]
    assert other.status_code == 403
    seeker = {"Authorization": f"Bearer {_key(engine, 'seeker1')}"}
    job_a = market.job_a  # type: ignore[attr-defined]
    assert client.get("/api/match/candidates", params={"job_id": job_a}, headers=seeker).status_code == 403
    assert client.get("/api/match/candidates", params={"job_id": "abc"}, headers=h).status_code == 422
    assert client.get("/api/match/candidates", params={"job_id": 999999}, headers=h).status_code in (403, 404)


def test_csv_export_and_must_have_filter() -> None:
    client, engine, market = _client()
    h = {"Authorization": f"Bearer {market.keys['rec_a']}"}  # type: ignore[attr-defined]
    r = client.get("/api/match/candidates.csv", params={"job_id": market.job_a}, headers=h)  # type: ignore[attr-defined]
    assert r.status_code == 200 and r.text.startswith("\ufeffid,name")
    assert "张伟" in r.text and "刘洋" not in r.text  # applicants only by default
    strict = client.get("/api/match/candidates", params={"job_id": market.job_a, "must": "Kubernetes"},  # type: ignore[attr-defined]
                        headers=h)
    assert strict.json()["results"] == []


def test_pages_require_login_and_role() -> None:
    client, engine, market = _client()
    r = client.get("/match/jobs", follow_redirects=False)
    assert r.status_code == 303 and "/login" in r.headers["location"]
