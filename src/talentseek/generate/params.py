"""The known truth of the synthetic market: cities, occupations, the salary model and the hidden
preference model. Reports and matching are evaluated against these (and against the empirical
figures the generator writes to `home/generated/market.json`, see `load_truth`).

Salary model: monthly salary (12-month basis) of a full-time job ~ lognormal with median
    OCCUPATIONS[occ].median × CITIES[city].salary_index × EXPERIENCE_MULTIPLIER[bucket],  sigma SALARY_SIGMA.
The medians are round figures in the range of 2024 Shandong postings (济南 = 1.0); they are
parameters of a simulation, not survey results.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class City:
    province: str
    city: str
    weight: float  # share of jobs, before normalising
    salary_index: float  # median multiplier relative to 济南市
    districts: tuple[str, ...]


def _c(prov: str, city: str, w: float, idx: float, districts: str) -> City:
    return City(prov, city, w, idx, tuple(districts.split()))


SD = "山东省"
CITIES: tuple[City, ...] = (
    _c(SD, "济南市", 16, 1.00, "历下区 市中区 槐荫区 天桥区 历城区 长清区 章丘区 济阳区 莱芜区"),
    _c(SD, "青岛市", 16, 1.06, "市南区 市北区 黄岛区 崂山区 李沧区 城阳区 即墨区 胶州市"),
    _c(SD, "烟台市", 6, 0.88, "芝罘区 福山区 牟平区 莱山区 蓬莱区 龙口市"),
    _c(SD, "潍坊市", 6, 0.84, "潍城区 寒亭区 坊子区 奎文区 青州市 诸城市 寿光市"),
    _c(SD, "临沂市", 5, 0.80, "兰山区 罗庄区 河东区 沂南县"),
    _c(SD, "淄博市", 4, 0.83, "淄川区 张店区 博山区 临淄区 周村区"),
    _c(SD, "济宁市", 4, 0.80, "任城区 兖州区 曲阜市 邹城市"),
    _c(SD, "泰安市", 2.5, 0.78, "泰山区 岱岳区 新泰市 肥城市"),
    _c(SD, "威海市", 2.5, 0.87, "环翠区 文登区 荣成市 乳山市"),
    _c(SD, "德州市", 2, 0.76, "德城区 陵城区 禹城市"),
    _c(SD, "聊城市", 2, 0.75, "东昌府区 茌平区 临清市"),
    _c(SD, "滨州市", 1.5, 0.77, "滨城区 沾化区 邹平市"),
    _c(SD, "菏泽市", 2, 0.72, "牡丹区 定陶区 曹县"),
    _c(SD, "枣庄市", 1.5, 0.74, "市中区 薛城区 峄城区 滕州市"),
    _c(SD, "日照市", 1.5, 0.79, "东港区 岚山区"),
    _c(SD, "东营市", 1.5, 0.90, "东营区 河口区 垦利区"),
    _c("北京市", "北京市", 5, 1.48, "朝阳区 海淀区 东城区 西城区 丰台区"),
    _c("上海市", "上海市", 5, 1.47, "浦东新区 徐汇区 静安区 闵行区 杨浦区"),
    _c("浙江省", "杭州市", 3, 1.28, "西湖区 滨江区 余杭区 拱墅区"),
    _c("湖北省", "武汉市", 3, 1.02, "武昌区 洪山区 江汉区 江夏区"),
    _c("江苏省", "南京市", 2.5, 1.16, "鼓楼区 玄武区 江宁区 建邺区"),
    _c("广东省", "深圳市", 2.5, 1.42, "南山区 福田区 宝安区 龙岗区"),
    _c("广东省", "广州市", 2, 1.22, "天河区 海珠区 越秀区 番禺区"),
    _c("天津市", "天津市", 2, 1.02, "和平区 南开区 滨海新区 河西区"),
    _c("河南省", "郑州市", 2, 0.90, "金水区 中原区 二七区 管城回族区"),
    _c("河北省", "石家庄市", 1.5, 0.83, "长安区 桥西区 新华区 裕华区"),
)
CITY_INDEX = {c.city: i for i, c in enumerate(CITIES)}


@dataclass(frozen=True)
class OccupationFamily:
    key: str
    code: str  # CSCO 2022
    name: str
    weight: float
    median: float  # yuan/month in 济南市 with 3-5 years
    titles: tuple[str, ...]
    skills: tuple[str, ...]  # most typical first (required skills are drawn from the front)
    education: tuple[tuple[str, float], ...]  # requirement distribution
    majors: tuple[str, ...]


def _o(
    key: str, code: str, name: str, w: float, med: float, titles: str, skills: str, edu: str, majors: str
) -> OccupationFamily:
    dist = tuple((e.split(":")[0], float(e.split(":")[1])) for e in edu.split())
    return OccupationFamily(
        key, code, name, w, med, tuple(titles.split()), tuple(skills.split(",")), dist, tuple(majors.split())
    )


_IT = "本科:0.7 大专:0.22 硕士:0.08"
_OFFICE = "大专:0.45 本科:0.4 不限:0.15"
_WORK = "不限:0.45 初中及以下:0.15 高中:0.2 中专/中技:0.2"
OCCUPATIONS: tuple[OccupationFamily, ...] = (
    _o(
        "software",
        "2-02-10-03",
        "计算机软件工程技术人员",
        9,
        11000,
        "Java开发工程师 前端开发工程师 Python开发工程师 C++开发工程师 Go开发工程师 "
        "Android开发工程师 全栈工程师",
        "Java,Spring Boot,MySQL,Redis,Linux,Git,JavaScript,Vue,React,TypeScript,Python,Docker,"
        "微服务,Kubernetes,C++,Go",
        _IT,
        "计算机科学与技术 软件工程 信息管理与信息系统 电子信息工程",
    ),
    _o(
        "testing",
        "4-04-05-02",
        "计算机软件测试员",
        3,
        8500,
        "软件测试工程师 测试开发工程师 自动化测试工程师",
        "软件测试,自动化测试,Python,SQL,Linux,Selenium,JMeter,接口测试,性能测试",
        _IT,
        "计算机科学与技术 软件工程",
    ),
    _o(
        "ops",
        "2-02-10-08",
        "信息系统运行维护工程技术人员",
        3,
        8500,
        "运维工程师 网络工程师 数据库管理员 IT支持工程师",
        "Linux,Shell,Docker,Kubernetes,Nginx,MySQL,网络,Python,监控",
        _IT,
        "计算机科学与技术 网络工程 通信工程",
    ),
    _o(
        "data",
        "2-02-30-09",
        "数据分析处理工程技术人员",
        4,
        10000,
        "数据分析师 数据工程师 BI工程师 数据运营专员",
        "SQL,Python,Excel,数据分析,Tableau,Power BI,Hive,Spark,统计学",
        _IT,
        "统计学 数学与应用数学 计算机科学与技术",
    ),
    _o(
        "ai",
        "2-02-38-01",
        "人工智能工程技术人员",
        2,
        18000,
        "算法工程师 机器学习工程师 大模型算法工程师 NLP算法工程师",
        "Python,PyTorch,机器学习,深度学习,LLM,NLP,TensorFlow,计算机视觉",
        "硕士:0.5 本科:0.45 博士:0.05",
        "计算机科学与技术 人工智能 数学与应用数学 自动化",
    ),
    _o(
        "product",
        "2-02-10-05",
        "信息系统分析工程技术人员",
        3,
        11000,
        "产品经理 产品助理 项目经理",
        "需求分析,Axure,原型设计,项目管理,数据分析,用户研究,Visio",
        _IT,
        "信息管理与信息系统 工商管理 计算机科学与技术",
    ),
    _o(
        "design",
        "2-09-06-01",
        "视觉传达设计人员",
        3,
        7500,
        "UI设计师 平面设计师 视觉设计师",
        "Photoshop,Illustrator,UI设计,Figma,平面设计,C4D,Sketch",
        "本科:0.5 大专:0.45 不限:0.05",
        "视觉传达设计 数字媒体艺术 美术学",
    ),
    _o(
        "media",
        "2-10-02-05",
        "网络编辑",
        5,
        6500,
        "新媒体运营 内容编辑 短视频运营 文案策划",
        "新媒体运营,短视频,文案,剪辑,公众号运营,抖音,Premiere",
        "本科:0.45 大专:0.5 不限:0.05",
        "新闻学 汉语言文学 广告学 网络与新媒体",
    ),
    _o(
        "ecommerce",
        "4-01-06-01",
        "电子商务师",
        4,
        7000,
        "电商运营 淘宝运营 直播运营 跨境电商专员",
        "电商运营,淘宝,京东,拼多多,直播,Excel,数据分析",
        "大专:0.55 本科:0.35 不限:0.1",
        "电子商务 市场营销 国际经济与贸易",
    ),
    _o(
        "sales",
        "4-01-02-00",
        "销售人员",
        12,
        8000,
        "销售代表 客户经理 大客户经理 销售经理 电话销售",
        "销售,客户开发,商务谈判,CRM,市场拓展",
        "不限:0.35 大专:0.4 本科:0.2 高中:0.05",
        "市场营销 工商管理 国际经济与贸易",
    ),
    _o(
        "marketing",
        "2-06-07-02",
        "市场营销专业人员",
        4,
        7500,
        "市场专员 市场经理 品牌专员 活动策划",
        "市场推广,品牌策划,活动策划,市场调研,文案",
        _OFFICE,
        "市场营销 广告学 工商管理",
    ),
    _o(
        "accounting",
        "2-06-03-00",
        "会计专业人员",
        6,
        6500,
        "会计 出纳 财务主管 税务会计 成本会计",
        "会计,财务报表,用友,金蝶,Excel,税务,成本核算,初级会计职称",
        "大专:0.5 本科:0.45 中专/中技:0.05",
        "会计学 财务管理 审计学",
    ),
    _o(
        "hr",
        "2-06-08-01",
        "人力资源管理专业人员",
        4,
        6500,
        "人事专员 招聘专员 HRBP 薪酬绩效专员",
        "招聘,员工关系,薪酬绩效,劳动法,培训,Excel",
        _OFFICE,
        "人力资源管理 工商管理 心理学",
    ),
    _o(
        "admin",
        "3-01-01-01",
        "行政办事员",
        5,
        5000,
        "行政专员 前台文员 办公室文员 行政主管",
        "Office,Word,Excel,公文写作,档案管理",
        "大专:0.5 本科:0.25 不限:0.15 中专/中技:0.1",
        "行政管理 文秘 汉语言文学",
    ),
    _o(
        "mechanical",
        "2-02-07-01",
        "机械设计工程技术人员",
        5,
        8500,
        "机械工程师 机械设计工程师 工艺工程师 设备工程师",
        "AutoCAD,SolidWorks,机械设计,UG,工艺设计,设备维护",
        "本科:0.6 大专:0.4",
        "机械设计制造及其自动化 机械电子工程",
    ),
    _o(
        "electrical",
        "2-02-12-05",
        "电力工程安装工程技术人员",
        3,
        8500,
        "电气工程师 自动化工程师 电气设计工程师",
        "PLC,电气设计,AutoCAD,电路设计,自动化",
        "本科:0.55 大专:0.45",
        "电气工程及其自动化 自动化",
    ),
    _o(
        "nurse",
        "2-05-08-01",
        "内科护士",
        3,
        6000,
        "护士 护理师 护士长",
        "护理,护士资格证,急救,静脉输液",
        "大专:0.6 本科:0.35 中专/中技:0.05",
        "护理学",
    ),
    _o(
        "trainer",
        "4-07-03-05",
        "职业培训师",
        3,
        6500,
        "培训讲师 英语老师 数学老师 课程顾问",
        "教学,课程设计,英语,普通话,教师资格证",
        "本科:0.7 大专:0.3",
        "英语 数学与应用数学 教育学 汉语言文学",
    ),
    _o(
        "assembler",
        "6-20-01-01",
        "装配钳工",
        8,
        5500,
        "普工 操作工 装配工 生产线工人",
        "装配,设备操作,质检,5S管理",
        _WORK,
        "机电一体化技术 数控技术",
    ),
    _o(
        "welder",
        "6-18-02-04",
        "焊工",
        2,
        7000,
        "焊工 电焊工 氩弧焊工",
        "焊接,氩弧焊,二保焊,焊工证",
        _WORK,
        "焊接技术与自动化",
    ),
    _o(
        "electrician",
        "6-31-01-03",
        "电工",
        2,
        6500,
        "电工 维修电工 设备电工",
        "电工证,电气维修,PLC,低压电工",
        _WORK,
        "电气自动化技术 机电一体化技术",
    ),
    _o(
        "warehouse",
        "4-02-06-01",
        "仓储管理员",
        4,
        5500,
        "仓管员 物流专员 仓库主管",
        "仓储管理,WMS,物流,库存管理,Excel",
        "不限:0.4 高中:0.2 大专:0.4",
        "物流管理 工商管理",
    ),
    _o(
        "driver",
        "4-02-02-02",
        "道路货运汽车驾驶员",
        3,
        7000,
        "货车司机 配送司机 叉车司机",
        "驾驶证B2,驾驶证A2,配送,叉车证",
        "不限:0.8 初中及以下:0.2",
        "汽车运用技术",
    ),
    _o(
        "service",
        "4-07-02-03",
        "客户服务管理员",
        5,
        5000,
        "客服专员 售后客服 电话客服 客服主管",
        "客户服务,沟通能力,售后服务,呼叫中心,Excel",
        "大专:0.45 不限:0.35 高中:0.2",
        "市场营销 工商管理 文秘",
    ),
    _o(
        "cook",
        "4-03-02-01",
        "中式烹调师",
        3,
        6500,
        "厨师 厨师长 面点师 配菜员",
        "中餐,烹饪,食品安全,健康证",
        _WORK,
        "烹饪工艺与营养",
    ),
    _o(
        "waiter",
        "4-03-02-05",
        "餐厅服务员",
        4,
        4500,
        "服务员 店员 收银员 领班",
        "服务意识,收银,健康证",
        _WORK,
        "酒店管理",
    ),
)
OCC_INDEX = {o.key: i for i, o in enumerate(OCCUPATIONS)}

EXPERIENCE_BUCKETS: tuple[tuple[str, float | None, float | None, bool, float, float], ...] = (
    # (text, min years, max years, fresh graduate, share of jobs, salary multiplier)
    ("经验不限", 0, None, False, 0.22, 0.85),
    ("应届毕业生", 0, 0, True, 0.06, 0.68),
    ("1-3年", 1, 3, False, 0.30, 0.82),
    ("3-5年", 3, 5, False, 0.24, 1.00),
    ("5-10年", 5, 10, False, 0.14, 1.30),
    ("10年以上", 10, None, False, 0.04, 1.55),
)
EXPERIENCE_MULTIPLIER = {b[0]: b[5] for b in EXPERIENCE_BUCKETS}
SALARY_SIGMA = 0.28  # lognormal sigma of a job's monthly salary around its median
SALARY_SPREAD = (1.25, 1.8)  # high / low of a posted range, uniform
NEGOTIABLE_SHARE = 0.04
MONTHS_SHARE = {13: 0.15, 14: 0.05}  # share of monthly full-time jobs stating ·13薪 / ·14薪
JOB_TYPES = (("全职", 0.85), ("实习", 0.06), ("兼职", 0.05), ("校招", 0.04))
SHANDONG_CANDIDATE_SHARE = 0.82  # candidates living in 山东省
INFLOW_SHARE = 0.35  # of candidates living elsewhere, the share that intend a 山东 city


@dataclass(frozen=True)
class PreferenceModel:
    """The hidden two-sided preference model that drives interactions.

    seeker utility  u = skill·overlap + salary·fit + location·[city ∈ intents] + seniority·fit
                        + occupation·[same family] + N(0, noise)
    recruiter score r = r_skill·overlap + r_education·[education ≥ required] + r_experience·fit
                        + N(0, r_noise)
    overlap = |skills ∩ job skills| / |job skills|;
    salary fit = clip((job mid − intent low) / intent low, −1, 1);
    seniority/experience fit = −min(|years − required years| / 5, 1).
    A candidate views every job shown, applies when u > apply_threshold; recruiters invite talent-pool
    candidates with r > invite_threshold; interview when r > interview_threshold; offer when
    r > offer_threshold; the candidate accepts (hire) when u > accept_threshold, else declines (reject).
    """

    skill: float = 3.0
    salary: float = 1.5
    location: float = 1.5
    seniority: float = 0.8
    occupation: float = 2.0
    noise: float = 0.6
    r_skill: float = 3.0
    r_education: float = 1.0
    r_experience: float = 1.5
    r_noise: float = 0.5
    apply_threshold: float = 5.9  # ≈ top 15% of what a candidate is shown
    invite_threshold: float = 3.2
    interview_threshold: float = 3.0
    offer_threshold: float = 3.6
    accept_threshold: float = 6.4
    shown_per_candidate: int = 14  # jobs a candidate is shown (and views)
    same_family_share: float = 0.8  # of those, the share from the candidate's own occupation family


PREFERENCES = PreferenceModel()


def expected_median(city: str, occupation_key: str, experience: str = "3-5年") -> float:
    """The salary model's median (yuan/month, 12-month basis) for a full-time job."""
    c = CITIES[CITY_INDEX[city]]
    o = OCCUPATIONS[OCC_INDEX[occupation_key]]
    return o.median * c.salary_index * EXPERIENCE_MULTIPLIER[experience]


def model_parameters() -> dict[str, Any]:
    """All simulation parameters as JSON-ready data (written into market.json)."""
    return {
        "cities": [asdict(c) for c in CITIES],
        "occupations": [{k: v for k, v in asdict(o).items() if k != "majors"} for o in OCCUPATIONS],
        "experience_buckets": [list(b) for b in EXPERIENCE_BUCKETS],
        "salary_sigma": SALARY_SIGMA,
        "salary_spread": list(SALARY_SPREAD),
        "negotiable_share": NEGOTIABLE_SHARE,
        "months_share": MONTHS_SHARE,
        "job_types": [list(t) for t in JOB_TYPES],
        "shandong_candidate_share": SHANDONG_CANDIDATE_SHARE,
        "inflow_share": INFLOW_SHARE,
        "preference_model": asdict(PREFERENCES),
    }


def load_truth(home: Path) -> dict[str, Any]:
    """The generator's market.json for a home (raises FileNotFoundError when nothing was generated)."""
    return json.loads((home / "generated" / "market.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
