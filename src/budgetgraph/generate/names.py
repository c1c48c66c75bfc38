"""Unit names: governments (province / city / district), departments, sub-units and offices."""

from __future__ import annotations

import random

from budgetgraph.generate.codes import DEPARTMENT_KINDS, DepartmentKind
from budgetgraph.generate.model import Template, Unit
from budgetgraph.records import Level

# province -> city -> districts (an empty district list: a county-level city reporting alone)
PLACES: dict[str, dict[str, tuple[str, ...]]] = {
    "新疆维吾尔自治区": {"乌鲁木齐市": ("天山区", "沙依巴克区", "水磨沟区", "米东区"),
                        "克拉玛依市": ("乌尔禾区", "白碱滩区", "独山子区"), "阿图什市": (), "昌吉市": ()},
    "江苏省": {"南京市": ("玄武区", "秦淮区", "鼓楼区", "江宁区"), "苏州市": ("姑苏区", "吴中区", "相城区"),
              "无锡市": ("梁溪区", "滨湖区"), "昆山市": ()},
    "重庆市": {"重庆市": ("渝中区", "江北区", "沙坪坝区", "九龙坡区", "南岸区")},
    "四川省": {"成都市": ("锦江区", "青羊区", "武侯区", "成华区"), "绵阳市": ("涪城区", "游仙区")},
    "湖北省": {"武汉市": ("江岸区", "洪山区", "武昌区"), "宜昌市": ("西陵区", "伍家岗区")},
    "广东省": {"广州市": ("越秀区", "天河区", "海珠区"), "深圳市": ("福田区", "南山区", "龙岗区")},
    "浙江省": {"杭州市": ("西湖区", "上城区", "拱墅区"), "宁波市": ("海曙区", "鄞州区"), "义乌市": ()},
    "河南省": {"郑州市": ("金水区", "二七区", "中原区"), "洛阳市": ("涧西区", "西工区")},
    "山东省": {"济南市": ("历下区", "市中区"), "青岛市": ("市南区", "崂山区", "黄岛区")},
}  # fmt: skip

SHANGHAI_DISTRICTS = ("普陀区", "徐汇区", "静安区", "长宁区", "虹口区", "杨浦区", "闵行区", "宝山区",
                      "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "黄浦区")  # fmt: skip

OFFICES = ("办公室", "综合科", "财务科", "政策法规科", "业务管理科", "信息科", "稽查科", "规划发展科",
           "人事科", "监督检查科", "宣传科", "档案室", "审批服务科", "基金管理科")  # fmt: skip

SUB_UNIT_STEMS = {"人民政府办公室": "政务服务", "政协办公室": "政协机关", "人民检察院": "检察",
                  "城市管理局": "城市管理"}  # fmt: skip
SUB_UNIT_SUFFIXES = ("事务中心", "服务中心", "信息中心", "发展中心", "综合行政执法大队", "监测站")


def _government(rng: random.Random, template: Template) -> tuple[str, str, str]:
    """(province, the government's full name, its short name) for a new unit."""
    if template is Template.SHANGHAI:
        district = rng.choice(SHANGHAI_DISTRICTS)
        return "上海市", f"上海市{district}", district
    province = rng.choice(sorted(PLACES))
    city = rng.choice(sorted(PLACES[province]))
    districts = PLACES[province][city]
    if districts and rng.random() < 0.6:
        district = rng.choice(districts)
        full = district if city == province else f"{city}{district}"
        return province, full, district
    return province, city, city


def _service_unit(kind: DepartmentKind) -> str:
    stem = kind.public_service.removesuffix("经办").removesuffix("服务").removesuffix("执法")
    return f"{stem}事务中心"


def make_unit(rng: random.Random, template: Template, index: int, taken: set[str],
              kinds: tuple[DepartmentKind, ...] = DEPARTMENT_KINDS) -> Unit:  # fmt: skip
    """A new unit with a name not in ``taken`` (which is updated)."""
    attempt = -1
    while True:
        attempt += 1
        province, government, short_place = _government(rng, template)
        kind = rng.choice(kinds)
        level = Level.DEPARTMENT if rng.random() < 0.5 else Level.UNIT
        if template is Template.SHANGHAI and kind.name == "人民政府办公室":
            name = f"{government}人民政府办公室"
        elif level is Level.UNIT and rng.random() < 0.4:
            name = f"{government}{_service_unit(kind)}"
        else:
            name = f"{government}{kind.name}"
        if attempt > 100:
            name = f"{name}（{index + 1}）"
        if name in taken:
            continue
        taken.add(name)
        sub_units: tuple[str, ...] = ()
        if level is Level.DEPARTMENT:
            count = rng.randint(1, 3)
            suffixes = rng.sample(SUB_UNIT_SUFFIXES, count)
            stem = SUB_UNIT_STEMS.get(kind.name, kind.name.removesuffix("局").removesuffix("委员会"))
            sub_units = (f"{name}（本级）", *(f"{short_place}{stem}{s}" for s in suffixes))
        offices = tuple(rng.sample(OFFICES, rng.randint(2, 8)))
        short = f"{short_place}{kind.short}" if name.endswith(kind.name) else name
        return Unit(
            name=name,
            short_name=short,
            place=government,
            province=province,
            kind=kind,
            level=level,
            sub_units=sub_units,
            offices=offices,
            key=f"u{index + 1:05d}",
        )
