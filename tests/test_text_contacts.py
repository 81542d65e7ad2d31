"""text.contacts: every kind of contact detail in free text is masked; ordinary text is left alone."""

from __future__ import annotations

import pytest

from talentseek.text.contacts import MASK, has_contacts, scrub_contacts, scrub_tree

HIDDEN = [
    ("电话 13812345678", "13812345678"),
    ("手机：138 1234 5678。", "1234 5678"),
    ("+86 138-1234-5678", "1234-5678"),
    ("8613812345678", "13812345678"),
    ("（+86）13812345678", "13812345678"),
    ("１３８１２３４５６７８", "１２３４５６７８"),
    ("邮箱 zhang.wei@qq.com", "zhang.wei"),
    ("zhangwei @ 163.com", "zhangwei"),
    ("12345678@qq.com", "12345678"),
    ("zhangwei(at)example.com", "zhangwei"),
    ("微信：zhang_wei88", "zhang_wei88"),
    ("微信号 abc123456", "abc123456"),
    ("微信 zw_1988", "zw_1988"),
    ("WeChat ID: zhangwei", "zhangwei"),
    ("wx: zw_1988", "zw_1988"),
    ("VX：zhangwei2024", "zhangwei2024"),
    ("加我 wxid_abc12345", "wxid_abc12345"),
    ("QQ：123456789", "123456789"),
    ("qq号 987654321", "987654321"),
    ("扣扣 88888888", "88888888"),
    ("身份证 37010219900101123X", "37010219900101123X"),
    ("座机 0531-88888888", "88888888"),
    ("（0531）8888 8888", "8888 8888"),
    ("客服 400-123-4567", "123-4567"),
]


@pytest.mark.parametrize(("text", "secret"), HIDDEN)
def test_contacts_are_masked(text: str, secret: str) -> None:
    out = scrub_contacts(text)
    assert secret not in out and MASK in out, out
    assert has_contacts(text) and not has_contacts(out)


@pytest.mark.parametrize(
    "text",
    [
        "熟悉微信 Android 开发",
        "微信小程序开发，公众号运营",
        "QQ音乐 2019年",
        "wxWidgets 桌面开发",
        "2016-07 至 2019-06 在浪潮软件",
        "年薪 300000，月薪 25000",
        "score 0.13812345678",
        "订单号 12345678901234567890",
        "Spring Boot / MySQL / Redis",
        "",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert scrub_contacts(text) == text


def test_keyword_stays_readable_and_replace_hook() -> None:
    assert scrub_contacts("微信：zhang_wei88，QQ 123456") == f"微信：{MASK}，QQ {MASK}"
    seen: list[tuple[str, str]] = []

    def rep(kind: str, found: str) -> str:
        seen.append((kind, found))
        return "#"

    scrub_contacts("13812345678 a@b.cn 微信：zw_1988 QQ 123456 0531-88888888", rep)
    assert [k for k, _ in seen] == ["email", "wechat", "qq", "phone", "phone"]


def test_scrub_tree_walks_json() -> None:
    data = {"a": ["电话 13812345678", {"b": "a@b.cn"}], "n": 13812345678, "t": ("QQ 123456",)}
    out = scrub_tree(data)
    assert out == {"a": [f"电话 {MASK}", {"b": MASK}], "n": 13812345678, "t": [f"QQ {MASK}"]}


@pytest.mark.parametrize(
    "hostile",
    ["1" * 100_000, "1 " * 50_000, "a" * 100_000 + "@", "a." * 50_000 + "@x", "微信 " * 30_000,
     "qq" * 50_000, "0" * 100_000, "a@" * 50_000, "1-" * 50_000],
)
def test_long_runs_are_linear(hostile: str) -> None:
    # a backtracking pattern would take minutes here (quadratic in 100k characters); these return
    out = scrub_contacts(hostile)
    assert len(out) <= len(hostile) + len(MASK)
