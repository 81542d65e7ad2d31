"""The use-case layer called directly (no HTTP): jobs, job edits with ownership, applying, accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from talentseek.api.jobs_io import JobPatch, given_fields
from talentseek.auth import find_user
from talentseek.auth.principal import CurrentUser, principal_for
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import Forbidden, InputError, NotFound
from talentseek.usecases import accounts, job_edits, jobs
from web_fixtures import Market, build_market


@pytest.fixture
def env() -> Iterator[tuple[Engine, Market]]:
    eng = Engine()
    market = build_market(eng)
    yield eng, market
    eng.close()


def _principal(eng: Engine, username: str) -> CurrentUser:
    with eng.db.session() as s:
        row = find_user(s, username)
        assert row is not None
        return principal_for(s, row)


def test_principal_carries_what_the_user_owns(env: tuple[Engine, Market]) -> None:
    eng, m = env
    seeker, rec = _principal(eng, "seeker1"), _principal(eng, "rec_a")
    assert (seeker.role, seeker.candidate_id, seeker.company_id) == (Role.SEEKER, m.cand_seeker, None)
    assert (rec.role, rec.company_id, rec.candidate_id) == (Role.RECRUITER, m.company_a, None)
    assert rec.name == "李招聘"


def test_list_jobs_pages_newest_first_and_matches_city_without_suffix(env: tuple[Engine, Market]) -> None:
    eng, m = env
    page = jobs.list_jobs(eng.db, per_page=1)
    assert page.total == 2 and [j["id"] for j in page.jobs] == [m.job_b]
    jinan = jobs.list_jobs(eng.db, city="济南", status=None)
    assert {j["id"] for j in jinan.jobs} == {m.job_a, m.job_closed}
    assert set(jobs.top_cities(eng.db)) == {("济南市", 1), ("青岛市", 1)}  # open jobs only
    with pytest.raises(NotFound):
        jobs.get_job(eng.db, 999_999)


def test_job_page_data_depends_on_the_viewer(env: tuple[Engine, Market]) -> None:
    eng, m = env
    owner = jobs.job_for_viewer(eng.db, _principal(eng, "rec_a"), m.job_a)
    assert owner is not None and owner["can_edit"] and owner["applicants"] == 1 and not owner["can_apply"]
    other = jobs.job_for_viewer(eng.db, _principal(eng, "rec_b"), m.job_a)
    assert other is not None and not other["can_edit"] and other["applicants"] == 0
    seeker = jobs.job_for_viewer(eng.db, _principal(eng, "seeker1"), m.job_a)
    assert seeker is not None and seeker["can_apply"] and seeker["applied"]
    assert jobs.job_for_viewer(eng.db, None, 999_999) is None


def test_apply_is_idempotent_and_only_for_seekers_on_open_jobs(env: tuple[Engine, Market]) -> None:
    eng, m = env
    seeker = _principal(eng, "seeker1")
    first = jobs.apply_to_job(eng.db, seeker, m.job_b)
    again = jobs.apply_to_job(eng.db, seeker, m.job_b)
    assert (first["created"], again["created"]) == (True, False)
    assert first["applied_at"] == again["applied_at"] and first["candidate_id"] == m.cand_seeker
    with pytest.raises(InputError):
        jobs.apply_to_job(eng.db, seeker, m.job_closed)
    with pytest.raises(Forbidden):
        jobs.apply_to_job(eng.db, _principal(eng, "rec_a"), m.job_b)


def test_job_edits_check_ownership_and_merge_only_given_fields(env: tuple[Engine, Market]) -> None:
    eng, m = env
    rec_a, rec_b = _principal(eng, "rec_a"), _principal(eng, "rec_b")
    # a structured salary keeps its defaults (period: month) although the request named only low/high
    fields = given_fields(JobPatch.model_validate({"salary": {"low": 9000, "high": 15000}}))
    changed = job_edits.update_job(eng.db, rec_a, m.job_a, fields)
    assert changed["salary"]["period"] == "month" and changed["salary_display"] == "9千-1.5万"
    assert changed["city"] == "济南市" and changed["skills"] == ["Java", "Spring Boot"]
    with pytest.raises(Forbidden):
        job_edits.update_job(eng.db, rec_b, m.job_a, {"title": "改名"})
    with pytest.raises(Forbidden):
        job_edits.create_job(eng.db, rec_b, {"title": "越权"}, company_id=m.company_a)
    made = job_edits.create_job(eng.db, rec_b, {"title": "运维工程师", "salary_text": "8千-1.2万·13薪"})
    assert made["company_id"] == m.company_b and made["salary_display"] == "8千-1.2万·13薪"
    with pytest.raises(InputError):
        job_edits.create_job(eng.db, _principal(eng, "op"), {"title": "无公司"})
    job_edits.delete_job(eng.db, rec_b, made["id"])
    with pytest.raises(NotFound):
        jobs.get_job(eng.db, made["id"])


def test_own_open_jobs_are_the_company_s_own(env: tuple[Engine, Market]) -> None:
    eng, m = env
    own = jobs.own_open_jobs(eng.db, _principal(eng, "rec_a"))
    assert [(j["id"], j["applicants"]) for j in own] == [(m.job_a, 1)]
    assert {j["id"] for j in jobs.own_open_jobs(eng.db, _principal(eng, "op"))} == {m.job_a, m.job_b}


def test_accounts_and_keys(env: tuple[Engine, Market]) -> None:
    eng, m = env
    with pytest.raises(InputError):
        accounts.check_company_link(Role.SEEKER, "山东浪潮软件有限公司")
    uid = accounts.create_account(eng.db, "rec_new", "pw-123456789", Role.RECRUITER, company=str(m.company_b))
    listed = {u["username"]: u for u in accounts.list_accounts(eng.db)}
    assert listed["rec_new"]["id"] == uid and listed["rec_new"]["company"] == "青岛海信网络科技有限公司"
    with pytest.raises(NotFound):
        accounts.create_account(eng.db, "rec_x", "pw-123456789", Role.RECRUITER, company="不存在的公司")
    key = accounts.create_key(eng.db, "ci", "rec_new", rate_limit_per_min=5)
    shown = [k for k in accounts.list_keys(eng.db) if k["name"] == "ci"]
    assert shown == [dict(shown[0], prefix=key[:10], user="rec_new", rate_limit_per_min=5, revoked=False)]
    assert accounts.revoke_keys(eng.db, key[:10] + "…") == 1
    with pytest.raises(NotFound):
        accounts.revoke_keys(eng.db, "ts-nothing")
    me = accounts.principal_dict(eng.db, _principal(eng, "rec_a"))
    assert me["company"] == "山东浪潮软件有限公司" and "password_hash" not in me
