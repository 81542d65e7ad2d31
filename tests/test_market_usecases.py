"""Marketplace use cases called directly: backfilled applications, stage moves and their records,
new-match notifications (held back for flagged postings), resume merging, the contact-view audit,
resume downloads, operator tools."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from talentseek.auth import find_user
from talentseek.auth.principal import CurrentUser, principal_for
from talentseek.domain import InteractionKind, Resume, Role
from talentseek.engine import Engine
from talentseek.errors import Conflict, Forbidden, NotFound, Unprocessable
from talentseek.store import models
from talentseek.store.repo import add_interaction
from talentseek.usecases import (
    admin,
    applications,
    audit,
    job_edits,
    jobs,
    messages,
    moderation,
    notifications,
    registration,
    resumes,
    saved,
)
from web_fixtures import Market, build_market, count_rows


@pytest.fixture
def env() -> Iterator[tuple[Engine, Market]]:
    eng = Engine()
    market = build_market(eng)
    yield eng, market
    eng.close()


def who(eng: Engine, username: str) -> CurrentUser:
    with eng.db.session() as s:
        row = find_user(s, username)
        assert row is not None
        return principal_for(s, row)


def test_old_apply_interactions_become_applications_with_their_furthest_stage(
    env: tuple[Engine, Market],
) -> None:
    eng, m = env
    with eng.db.session() as s:
        for kind in (InteractionKind.APPLY, InteractionKind.INTERVIEW, InteractionKind.OFFER):
            add_interaction(s, m.cand_private, m.job_b, kind, Role.SEEKER)
    found = applications.job_applications(eng.db, who(eng, "rec_b"), m.job_b)
    assert [(a["candidate_id"], a["stage"]) for a in found] == [(m.cand_private, "offer")]
    # a second read adds nothing
    assert applications.job_applications(eng.db, who(eng, "rec_b"), m.job_b) == found
    assert count_rows(eng, models.Application) == 1


def test_moves_keep_history_interactions_and_notify(env: tuple[Engine, Market]) -> None:
    eng, m = env
    seeker, op = who(eng, "seeker1"), who(eng, "op")
    app_id = applications.my_applications(eng.db, seeker)[0]["id"]
    before = count_rows(eng, models.Interaction)
    moved = applications.move_stage(eng.db, op, app_id, "interview")
    assert moved["stage"] == "interview" and moved["stage_label"] == "面试"
    applications.move_stage(eng.db, op, app_id, "interview")  # same stage: nothing recorded
    assert count_rows(eng, models.Interaction) == before + 1  # the interview interaction (analytics)
    detail = applications.get_application(eng.db, op, app_id)
    assert [(e["from"], e["to"], e["by"]) for e in detail["history"]] == [("applied", "interview", "op")]
    assert detail["can_move"] and not detail["can_withdraw"] and not detail["can_message"]
    assert notifications.unread_count(eng.db, seeker) == 1
    with pytest.raises(Unprocessable):
        applications.move_stage(eng.db, op, app_id, "fired")
    with pytest.raises(Forbidden):
        applications.withdraw(eng.db, op, app_id)
    applications.withdraw(eng.db, seeker, app_id)
    # the company's recruiter hears about the withdrawal
    assert notifications.list_notifications(eng.db, who(eng, "rec_a"))["notifications"][0]["kind"] == "stage"
    with pytest.raises(Conflict):
        applications.move_stage(eng.db, op, app_id, "offer")
    with pytest.raises(Forbidden):
        applications.my_applications(eng.db, op)


def test_new_match_notifies_fitting_seekers_but_not_for_flagged_postings(env: tuple[Engine, Market]) -> None:
    eng, m = env
    made = registration.register_seeker(eng.db, "py_dev", "pw-12345678", "赵敏")
    seeker = who(eng, "py_dev")
    assert seeker.candidate_id == made["candidate_id"]
    resumes.patch_resume(eng.db, seeker, {"city": "济南", "intent": {"titles": ["Python后端工程师"]}})
    rec = who(eng, "rec_a")
    flagged = job_edits.create_job(
        eng.db, rec, {"title": "Python后端工程师", "city": "济南市", "description": "限男性"}
    )
    assert flagged["moderation"] == "flagged" and notifications.unread_count(eng.db, seeker) == 0
    job_edits.create_job(eng.db, rec, {"title": "Python后端工程师", "city": "青岛市"})  # another city
    assert notifications.unread_count(eng.db, seeker) == 0
    moderation.approve(eng.db, who(eng, "op"), flagged["id"])
    got = notifications.list_notifications(eng.db, seeker)["notifications"]
    assert [(n["kind"], n["link"]) for n in got] == [("new_match", f"/jobs/{flagged['id']}")]
    # someone else's notification ids are ignored
    assert notifications.mark_read(eng.db, who(eng, "seeker1"), [got[0]["id"]]) == 0
    assert notifications.mark_read(eng.db, seeker, [got[0]["id"]]) == 1


def test_an_edit_that_changes_findings_goes_back_to_the_queue(env: tuple[Engine, Market]) -> None:
    eng, m = env
    rec, op = who(eng, "rec_a"), who(eng, "op")
    job = job_edits.create_job(eng.db, rec, {"title": "收银员", "description": "限女性"})
    moderation.approve(eng.db, op, job["id"])
    same = job_edits.update_job(eng.db, rec, job["id"], {"headcount": 3})
    assert same["moderation"] == "approved"  # findings unchanged: the review stays
    worse = job_edits.update_job(eng.db, rec, job["id"], {"description": "限女性，未婚"})
    assert worse["moderation"] == "flagged"
    with pytest.raises(Forbidden):
        moderation.moderation_queue(eng.db, rec)
    # jobs stored before the check existed are checked on demand
    assert moderation.scan_unchecked(eng.db, op) == {"checked": 3, "flagged": 0}
    assert moderation.scan_unchecked(eng.db, op) == {"checked": 0, "flagged": 0}


def test_merge_resume_normalises_and_refuses_unknown_fields() -> None:
    base = Resume(name="张三", skills=("Java",))
    merged = resumes.merge_resume(base, {"skills": ["python", "python", " MySQL "], "city": "济南"})
    assert merged.skills == ("Python", "MySQL") and merged.city == "济南市" and merged.name == "张三"
    salary = resumes.merge_resume(
        base, {"intent": {"salary": {"low": 8000, "high": 12000, "period": "month"}}}
    )
    assert salary.intent.salary.valid and salary.intent.salary.low == 8000
    with pytest.raises(Unprocessable):
        resumes.merge_resume(base, {"password": "x"})


def test_contact_views_are_audited_only_when_shown(env: tuple[Engine, Market]) -> None:
    eng, m = env
    op = who(eng, "op")
    shown = jobs.get_candidate(eng.db, who(eng, "rec_a"), m.cand_seeker, route="/candidates/x")
    assert shown["contact_masked"] is False
    masked = jobs.get_candidate(eng.db, who(eng, "rec_b"), m.cand_pool)
    assert masked["contact_masked"] is True
    jobs.get_candidate(eng.db, who(eng, "seeker1"), m.cand_seeker)  # one's own record: not logged
    views = audit.contact_views(eng.db, op)
    assert [(v["viewer"], v["candidate_id"], v["route"]) for v in views] == [
        ("rec_a", m.cand_seeker, "/candidates/x")
    ]
    with pytest.raises(Forbidden):
        audit.contact_views(eng.db, who(eng, "rec_a"))


def test_resume_download_for_the_seeker_and_applied_companies(env: tuple[Engine, Market], home: Path) -> None:
    eng, m = env
    seeker = who(eng, "seeker1")
    with pytest.raises(NotFound):
        resumes.resume_file(eng.db, seeker)
    text = "李四\n电话：13911112222\n期望职位：测试工程师\n专业技能：Python、Selenium\n"
    resumes.upload_resume(eng.db, seeker, home, "cv.txt", text.encode())
    assert resumes.resume_file(eng.db, seeker).path.read_bytes() == text.encode()
    got = resumes.resume_file(eng.db, who(eng, "rec_a"), candidate_id=m.cand_seeker)
    assert got.filename == "cv.txt" and got.content_type.startswith("text/plain")
    with pytest.raises(Forbidden):
        resumes.resume_file(eng.db, who(eng, "rec_b"), candidate_id=m.cand_seeker)
    assert [v["route"] for v in audit.contact_views(eng.db, who(eng, "op"))] == ["resume-download"]


def test_operator_tools(env: tuple[Engine, Market]) -> None:
    eng, m = env
    op, rec = who(eng, "op"), who(eng, "rec_a")
    with pytest.raises(Conflict):
        admin.set_disabled(eng.db, op, op.id, True)
    with pytest.raises(Forbidden):
        admin.set_disabled(eng.db, rec, op.id, True)
    made = admin.create_user(eng.db, op, "walkin", "seeker", display_name="到店求职者")
    assert made["password"] and made["role"] == "seeker"
    assert who(eng, "walkin").candidate_id is not None  # seekers get an empty resume record
    off = admin.set_disabled(eng.db, op, made["id"], True)
    with eng.db.session() as s:
        disabled = s.scalar(sa.select(models.User.disabled_at).where(models.User.id == made["id"]))
    assert off["disabled_at"] is not None and disabled is not None
    key = admin.create_key(eng.db, op, "nightly", username="rec_a")
    assert key["key"].startswith("ts-") and key["user"] == "rec_a" and key["last_used_at"] is None
    assert admin.revoke_key(eng.db, op, key["id"])["revoked"] is True
    with pytest.raises(NotFound):
        admin.revoke_key(eng.db, op, 999_999)


def test_job_page_shows_the_seekers_own_application(env: tuple[Engine, Market]) -> None:
    eng, m = env
    seeker = who(eng, "seeker1")
    page = jobs.job_for_viewer(eng.db, seeker, m.job_a)
    assert page is not None and page["application"] is not None and page["application"]["stage"] == "applied"
    applications.withdraw(eng.db, seeker, page["application"]["id"])
    again = jobs.job_for_viewer(eng.db, seeker, m.job_a)
    assert again is not None and again["application"]["stage"] == "withdrawn"
    other = jobs.job_for_viewer(eng.db, seeker, m.job_b)
    assert other is not None and other["application"] is None
    with pytest.raises(Conflict):
        jobs.apply_to_job(eng.db, seeker, m.job_a)


def test_deleting_a_job_takes_its_applications_messages_and_saves_along(env: tuple[Engine, Market]) -> None:
    eng, m = env
    seeker, rec = who(eng, "seeker1"), who(eng, "rec_a")
    app_id = applications.my_applications(eng.db, seeker)[0]["id"]
    messages.post_message(eng.db, seeker, app_id, "您好")
    saved.save_job(eng.db, seeker, m.job_a)
    applications.move_stage(eng.db, rec, app_id, "interview")
    job_edits.delete_job(eng.db, rec, m.job_a)
    assert applications.my_applications(eng.db, seeker) == [] and saved.saved_jobs(eng.db, seeker) == []
    for table in (models.Application, models.ApplicationEvent, models.Message, models.SavedJob):
        assert count_rows(eng, table) == 0
