"""Classification codes for generated documents: 支出功能分类 (类/款/项) and 部门预算支出经济分类.

The names come from the project's code lists (``ontology/codes/*.ttl``, SKOS concepts with
``skos:notation`` and a Chinese ``skos:prefLabel``) when they are there; otherwise from the built-in
list below, which holds the codes printed in the seed documents and in the regional real documents,
plus the department-specific 款/项 of the current (2024) classification. When the code lists are
present, a built-in code they do not define is dropped, so generated documents never print a code
the ontology does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# 类 of 支出功能分类, in the order the summary tables print them.
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出",
    "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}  # fmt: skip

FUNCTION_NAMES: dict[str, str] = {
    "20103": "政府办公厅（室）及相关机构事务", "2010301": "行政运行", "2010302": "一般行政管理事务",
    "2010350": "事业运行", "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "20106": "财政事务", "2010601": "行政运行", "2010602": "一般行政管理事务", "2010607": "信息化建设",
    "2010608": "财政委托业务支出", "2010650": "事业运行", "2010699": "其他财政事务支出",
    "20132": "组织事务", "2013299": "其他组织事务支出",
    "20138": "市场监督管理事务", "2013801": "行政运行", "2013802": "一般行政管理事务",
    "2013804": "市场主体管理", "2013805": "市场秩序执法", "2013899": "其他市场监督管理事务",
    "20501": "教育管理事务", "2050101": "行政运行", "2050102": "一般行政管理事务",
    "2050199": "其他教育管理事务支出", "20502": "普通教育", "2050201": "学前教育", "2050202": "小学教育",
    "2050203": "初中教育", "2050204": "高中教育",
    "20701": "文化和旅游", "2070101": "行政运行", "2070102": "一般行政管理事务", "2070104": "图书馆",
    "2070109": "群众文化", "2070199": "其他文化和旅游支出",
    "20801": "人力资源和社会保障管理事务", "2080101": "行政运行", "2080102": "一般行政管理事务",
    "2080109": "社会保险经办机构", "2080199": "其他人力资源和社会保障管理事务支出",
    "20802": "民政管理事务", "2080201": "行政运行", "2080202": "一般行政管理事务",
    "2080208": "基层政权建设和社区治理", "2080299": "其他民政管理事务支出",
    "20805": "行政事业单位养老支出", "2080501": "行政单位离退休", "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出",
    "20810": "社会福利", "2081001": "儿童福利", "2081002": "老年福利",
    "20899": "其他社会保障和就业支出", "2089999": "其他社会保障和就业支出",
    "21001": "卫生健康管理事务", "2100101": "行政运行", "2100102": "一般行政管理事务",
    "2100199": "其他卫生健康管理事务支出", "21004": "公共卫生", "2100401": "疾病预防控制机构",
    "2100408": "基本公共卫生服务", "2100409": "重大公共卫生服务",
    "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "21013": "医疗救助", "2101301": "城乡医疗救助", "2101399": "其他医疗救助支出",
    "21015": "医疗保障管理事务", "2101501": "行政运行", "2101502": "一般行政管理事务",
    "2101506": "医疗保障经办事务", "2101550": "事业运行", "2101599": "其他医疗保障管理事务支出",
    "21101": "环境保护管理事务", "2110101": "行政运行", "2110102": "一般行政管理事务",
    "2110199": "其他环境保护管理事务支出",
    "21301": "农业农村", "2130101": "行政运行", "2130102": "一般行政管理事务", "2130104": "事业运行",
    "2130199": "其他农业农村支出",
    "21401": "公路水路运输", "2140101": "行政运行", "2140102": "一般行政管理事务", "2140104": "公路建设",
    "2140106": "公路养护", "2140199": "其他公路水路运输支出",
    "20102": "政协事务", "2010201": "行政运行", "2010202": "一般行政管理事务", "2010204": "政协会议",
    "2010205": "委员视察", "2010299": "其他政协事务支出",
    "20404": "检察", "2040401": "行政运行", "2040402": "一般行政管理事务", "2040405": "公诉和审判监督",
    "2040406": "侦查监督", "2040499": "其他检察支出",
    "21201": "城乡社区管理事务", "2120101": "行政运行", "2120102": "一般行政管理事务", "2120104": "城管执法",
    "2120199": "其他城乡社区管理事务支出",
    "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴",
    "22960": "彩票公益金安排的支出", "2296002": "用于社会福利的彩票公益金支出",
}  # fmt: skip

ECONOMIC_NAMES: dict[str, str] = {
    "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金",
    "30106": "伙食补助费", "30107": "绩效工资", "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费", "30113": "住房公积金", "30199": "其他工资福利支出",
    "302": "商品和服务支出", "30201": "办公费", "30202": "印刷费", "30204": "手续费", "30205": "水费",
    "30206": "电费", "30207": "邮电费", "30208": "取暖费", "30209": "物业管理费", "30211": "差旅费",
    "30212": "因公出国（境）费用", "30213": "维修（护）费", "30214": "租赁费", "30215": "会议费",
    "30216": "培训费", "30217": "公务接待费", "30218": "专用材料费", "30226": "劳务费",
    "30227": "委托业务费", "30228": "工会经费", "30229": "福利费", "30231": "公务用车运行维护费",
    "30239": "其他交通费用", "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助", "30301": "离休费", "30302": "退休费", "30305": "生活补助",
    "30399": "其他对个人和家庭的补助",
    "310": "资本性支出", "31002": "办公设备购置", "31007": "信息网络及软件购置更新",
}  # fmt: skip


@dataclass(frozen=True)
class DepartmentKind:
    """A kind of government department: its name, its own 款 and the 项 it spends on."""

    name: str  # e.g. "医疗保障局"
    short: str  # e.g. "医保局"
    section: str  # the 款 of its administration (行政运行 is section + "01")
    project_items: tuple[str, ...]  # 项 codes its projects are classified under
    public_service: str  # the service it runs, for narrative and project names
    fund_item: str | None = None  # a 政府性基金 项 it may spend on


DEPARTMENT_KINDS: tuple[DepartmentKind, ...] = (
    DepartmentKind("医疗保障局", "医保局", "21015", ("2101502", "2101506", "2101599", "2101301", "2101399"),
                   "医疗保障经办"),
    DepartmentKind("财政局", "财政局", "20106", ("2010602", "2010607", "2010608", "2010699"), "财政管理"),
    DepartmentKind("人民政府办公室", "政府办", "20103", ("2010302", "2010399"), "政务服务"),
    DepartmentKind("教育局", "教育局", "20501", ("2050102", "2050199", "2050201", "2050202", "2050203"),
                   "教育管理"),
    DepartmentKind("民政局", "民政局", "20802", ("2080202", "2080208", "2080299", "2081001", "2081002"),
                   "民政服务", fund_item="2296002"),
    DepartmentKind("人力资源和社会保障局", "人社局", "20801", ("2080102", "2080109", "2080199"),
                   "社会保险经办"),
    DepartmentKind("交通运输局", "交通局", "21401", ("2140102", "2140104", "2140106", "2140199"),
                   "公路养护"),
    DepartmentKind("农业农村局", "农业农村局", "21301", ("2130102", "2130199"), "农业技术推广"),
    DepartmentKind("卫生健康委员会", "卫健委", "21001", ("2100102", "2100199", "2100408", "2100409"),
                   "公共卫生服务"),
    DepartmentKind("文化和旅游局", "文旅局", "20701", ("2070102", "2070104", "2070109", "2070199"),
                   "公共文化服务"),
    DepartmentKind("市场监督管理局", "市场监管局", "20138", ("2013802", "2013804", "2013805", "2013899"),
                   "市场监管执法"),
    DepartmentKind("生态环境局", "环境局", "21101", ("2110102", "2110199"), "生态环境监测"),
    DepartmentKind("人民检察院", "检察院", "20404", ("2040402", "2040405", "2040406", "2040499"), "检察业务"),
    DepartmentKind("城市管理局", "城管局", "21201", ("2120102", "2120104", "2120199"), "城市管理执法"),
    DepartmentKind("政协办公室", "政协办", "20102", ("2010202", "2010204", "2010205", "2010299"),
                   "政协履职服务"),
)  # fmt: skip


@dataclass(frozen=True)
class CodeLists:
    """Names by code, for the function and the economic classification, as of one year."""

    function: dict[str, str]
    economic: dict[str, str]
    source: str  # where the names came from: "ontology" or "built-in"
    function_versions: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict, repr=False)
    economic_versions: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict, repr=False)

    def function_name(self, code: str) -> str:
        return self.function[code]

    def economic_name(self, code: str) -> str:
        return self.economic[code]

    def has_function(self, code: str) -> bool:
        return code in self.function

    def has_economic(self, code: str) -> bool:
        return code in self.economic

    def classes(self) -> tuple[tuple[str, str], ...]:
        """The 类 a summary table lists, in the printed order, with their names."""
        return tuple((code, self.function[code]) for code in FUNCTION_CLASSES if code in self.function)

    def kinds(self) -> tuple[DepartmentKind, ...]:
        """The department kinds whose administration codes the code lists define."""
        return tuple(
            k
            for k in DEPARTMENT_KINDS
            if self.has_function(k.section + "01") and self.has_function(k.section)
        )

    def for_year(self, year: int) -> CodeLists:
        """The names in force in ``year``: for a code with versions, the latest one not after the year;
        a code first defined after the year is left out."""
        if not self.function_versions:
            return self
        function = _as_of(self.function_versions, year)
        economic = _as_of(self.economic_versions, year)
        return CodeLists(function, economic, self.source, self.function_versions, self.economic_versions)


def _as_of(versions: dict[str, tuple[tuple[int, str], ...]], year: int) -> dict[str, str]:
    result = {}
    for code, labels in versions.items():
        usable = [name for version, name in labels if version <= year]
        if usable:
            result[code] = usable[-1]
    return result


def builtin_code_lists() -> CodeLists:
    return CodeLists({**FUNCTION_CLASSES, **FUNCTION_NAMES}, dict(ECONOMIC_NAMES), "built-in")


Versions = dict[str, tuple[tuple[int, str], ...]]


def _ontology_names(directory: Path) -> tuple[Versions, Versions]:
    """(function, economic) labels by notation and version from the SKOS code lists in ``directory``."""
    from rdflib import Graph, Literal
    from rdflib.namespace import OWL, SKOS

    found: tuple[dict[str, list[tuple[int, str]]], dict[str, list[tuple[int, str]]]] = ({}, {})
    for path in sorted(directory.glob("*.ttl")):
        if path.name.startswith("economic-gov"):
            continue
        graph = Graph()
        graph.parse(path, format="turtle")
        target = found[1] if "economic" in path.name else found[0]
        for concept, notation in graph.subject_objects(SKOS.notation):
            names = [
                str(x)
                for x in graph.objects(concept, SKOS.prefLabel)
                if isinstance(x, Literal) and x.language == "zh"
            ]
            version = next((str(v) for v in graph.objects(concept, OWL.versionInfo)), "0")
            code = str(notation)
            if names and code.isdigit():
                target.setdefault(code, []).append((int(version) if version.isdigit() else 0, names[0]))
    return tuple({c: tuple(sorted(v)) for c, v in d.items()} for d in found)  # type: ignore[return-value]


def load_code_lists(ontology_codes: Path | None) -> CodeLists:
    """The code lists: the ontology's (``ontology/codes/*.ttl``, SKOS with ``owl:versionInfo``) when
    ``ontology_codes`` holds them, else the built-in list. Call ``for_year`` for a document's year.
    """
    builtin = builtin_code_lists()
    if ontology_codes is None or not ontology_codes.is_dir():
        return builtin
    function, economic = _ontology_names(ontology_codes)
    if not function or not economic:
        return builtin
    latest = CodeLists({c: v[-1][1] for c, v in function.items()}, {c: v[-1][1] for c, v in economic.items()},
                       "ontology", function, economic)  # fmt: skip
    return latest if latest.kinds() else builtin


def default_ontology_codes() -> Path | None:
    """``ontology/codes`` of the source checkout this package runs from, when there is one."""
    candidate = Path(__file__).resolve().parents[3] / "ontology" / "codes"
    return candidate if candidate.is_dir() else None
