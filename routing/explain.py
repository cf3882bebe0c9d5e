"""What a route says to the traveller: warnings, turn-by-turn instructions, comparisons.

Everything here is in Japanese (``ja``) or English (``en``). Warnings are points along the route
with a machine-readable ``warning`` kind and a message; consecutive stretches of the same kind
are merged, so that a route whose data is unknown everywhere gets one warning, not one per edge.

Warning kinds
-------------
``data_unknown``
    At the origin: attributes the profile limits that are unknown along the whole route.
``unknown_stretch``
    Where a stretch with one unknown attribute (slope, width or surface) begins, with its length.
``kerb_unknown``
    A crossing where the kerb height is unknown: a mapped crossing, or a main road that the
    route crosses at a junction (its in- and out-going ways are not main roads, one beside
    them is). Only for profiles that limit kerbs.
``kerb``
    A kerb of known height above zero.
``incline``
    A stretch at least :data:`NOTABLE_INCLINE_PERCENT` steep, one direction, with its length.
``steps``, ``elevator``, ``barrier``
    A flight of steps or an elevator taken, a barrier passed (bollard, gate) on wheels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from routing.profiles import MLIT_ROAD_MAX_INCLINE_PERCENT, Profile
from routing.router import Route, Router, Segment

Lang = Literal["ja", "en"]
LANGS: tuple[str, ...] = ("ja", "en")

# A slope worth a warning: the road standard's limit for sidewalks, 5 %.
NOTABLE_INCLINE_PERCENT = MLIT_ROAD_MAX_INCLINE_PERCENT  # percent
# Pieces shorter than this carry no direction of their own and no stretch of their own.
MIN_PIECE_M = 0.5  # metres
# A piece shorter than this gets no instruction of its own.
MIN_LEG_M = 10.0  # metres
# The bearing into and out of a junction is measured over this much of the way.
BEARING_REACH_M = 10.0  # metres

# Road classes whose crossing is a real crossing of traffic.
MAIN_ROADS = frozenset(
    {
        "trunk",
        "trunk_link",
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
    }
)

# Attribute names as said in sentences: (en singular, en plural, ja).
_ATTRIBUTE_WORDS = {
    "incline_percent": ("slope", "slopes", "勾配"),
    "kerb_height_m": ("kerb height", "kerb heights", "段差"),
    "width_m": ("width", "widths", "幅員"),
    "surface": ("surface", "surfaces", "路面"),
}

# Ways without a name, by highway class: (en, ja).
_WAY_WORDS = {
    "footway": ("the footpath", "歩道"),
    "sidewalk": ("the sidewalk", "歩道"),
    "path": ("the path", "小道"),
    "pedestrian": ("the pedestrian street", "歩行者道路"),
    "steps": ("the steps", "階段"),
    "elevator": ("the elevator", "エレベーター"),
    "corridor": ("the corridor", "通路"),
    "platform": ("the platform", "ホーム"),
    "crossing": ("the crossing", "横断歩道"),
    "service": ("the service road", "通路"),
    "track": ("the track", "農道"),
    "living_street": ("the street", "生活道路"),
    "residential": ("the street", "道路"),
    "unclassified": ("the street", "道路"),
    "road": ("the street", "道路"),
    **{hw: ("the main road", "幹線道路") for hw in MAIN_ROADS},
}

_COMPASS = (
    ("north", "北"),
    ("northeast", "北東"),
    ("east", "東"),
    ("southeast", "南東"),
    ("south", "南"),
    ("southwest", "南西"),
    ("west", "西"),
    ("northwest", "北西"),
)

# Turn modifiers by the size of the turn in degrees (upper bounds), and how they are said.
_TURN_LIMITS_DEG = (
    (20.0, "straight"),
    (50.0, "slight"),
    (130.0, ""),
    (165.0, "sharp"),
)
_TURN_WORDS = {
    "straight": ("Continue straight", "直進し"),
    "slight_left": ("Bear left", "やや左に進み"),
    "slight_right": ("Bear right", "やや右に進み"),
    "left": ("Turn left", "左折し"),
    "right": ("Turn right", "右折し"),
    "sharp_left": ("Turn sharp left", "左に大きく曲がり"),
    "sharp_right": ("Turn sharp right", "右に大きく曲がり"),
    "uturn": ("Make a U-turn", "Uターンし"),
}

_BARRIER_WORDS = {
    "bollard": ("bollard", "車止め"),
    "gate": ("gate", "門"),
    "lift_gate": ("lift gate", "遮断機"),
    "swing_gate": ("swing gate", "開き戸の門"),
}


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``ja`` or ``en``, else raise ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang  # type: ignore[return-value]


def say_distance(metres: float) -> str:
    """A distance as people say it: ``7 m``, ``120 m``, ``1.2 km``.

    >>> say_distance(6.6), say_distance(123.0), say_distance(1234.0)
    ('7 m', '120 m', '1.2 km')
    """
    if metres >= 1000:
        return f"{metres / 1000:.1f} km"
    if metres < 10:
        return f"{round(metres)} m"
    return f"{round(metres, -1):.0f} m"


def _pick(lang: Lang, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _attribute_list(attributes: list[str], lang: Lang, plural: bool) -> str:
    if lang == "ja":
        return "・".join(_ATTRIBUTE_WORDS[a][2] for a in attributes)
    words = [_ATTRIBUTE_WORDS[a][1 if plural else 0] for a in attributes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def is_unknown(seg: Segment, attribute: str) -> bool:
    """Whether a segment's attribute is unknown (an elevator has no slope to know)."""
    if attribute == "incline_percent" and seg.attrs.get("elevator"):
        return False
    return seg.attrs.get(attribute) is None


# --- geometry helpers ------------------------------------------------------------------------


def _metres(coords: list[tuple[float, float]]) -> np.ndarray:
    arr = np.asarray(coords, dtype=float)
    lat0 = math.radians(float(arr[:, 1].mean()))
    return np.column_stack([arr[:, 0] * 111_320.0 * math.cos(lat0), arr[:, 1] * 110_574.0])


def _bearing(coords: list[tuple[float, float]], at_end: bool) -> float | None:
    """Compass bearing (degrees from north, clockwise) of the first or last few metres."""
    pts = _metres(coords)
    if at_end:
        pts = pts[::-1]
    start = pts[0]
    for p in pts[1:]:
        if np.hypot(*(p - start)) >= BEARING_REACH_M:
            far = p
            break
    else:
        far = pts[-1]
    dx, dy = far - start
    if math.hypot(dx, dy) < 1e-6:
        return None
    angle = math.degrees(math.atan2(dx, dy)) % 360
    return (angle + 180) % 360 if at_end else angle


def turn_modifier(bearing_in: float, bearing_out: float) -> str:
    """Name the turn from one bearing to another.

    >>> turn_modifier(180, 90), turn_modifier(0, 10), turn_modifier(0, 140), turn_modifier(0, 178)
    ('left', 'straight', 'sharp_right', 'uturn')
    """
    delta = (bearing_out - bearing_in + 540.0) % 360.0 - 180.0
    side = "right" if delta > 0 else "left"
    for limit, size in _TURN_LIMITS_DEG:
        if abs(delta) <= limit:
            if size == "straight":
                return "straight"
            return f"{size}_{side}" if size else side
    return "uturn"


def compass(bearing: float, lang: Lang) -> str:
    """One of eight compass points for a bearing.

    >>> compass(178, "en"), compass(178, "ja")
    ('south', '南')
    """
    en, ja = _COMPASS[int(((bearing + 22.5) % 360) // 45)]
    return _pick(lang, en, ja)


# --- warnings --------------------------------------------------------------------------------


@dataclass
class _Placed:
    """A segment with where it starts along the route."""

    seg: Segment
    start_m: float

    @property
    def first(self) -> tuple[float, float]:
        return tuple(self.seg.geometry.coords[0])  # type: ignore[return-value]

    @property
    def last(self) -> tuple[float, float]:
        return tuple(self.seg.geometry.coords[-1])  # type: ignore[return-value]


def _placed(route: Route) -> list[_Placed]:
    out, at = [], 0.0
    for seg in route.segments:
        out.append(_Placed(seg, at))
        at += seg.length_m
    return out


def _warning(kind: str, at: tuple[float, float], at_m: float, message: str, **extra: Any) -> dict:
    return {
        "warning": kind,
        "message": message,
        "lon": float(at[0]),
        "lat": float(at[1]),
        "at_m": round(at_m, 1),
        **extra,
    }


def _runs(placed: list[_Placed], test: Callable[[_Placed], Any]) -> list[tuple[list[_Placed], Any]]:
    """Maximal runs of consecutive pieces for which ``test`` gives the same truthy key."""
    runs: list[tuple[list[_Placed], Any]] = []
    current: list[_Placed] = []
    key: Any = None
    for p in placed:
        k = test(p)
        if k and current and k == key:
            current.append(p)
            continue
        if current:
            runs.append((current, key))
        current, key = ([p], k) if k else ([], None)
    if current:
        runs.append((current, key))
    return runs


def route_warnings(route: Route, router: Router, lang: Lang = "ja") -> list[dict[str, Any]]:
    """The warnings along a route for its profile, in walking order (see the module notes)."""
    profile = route.profile
    placed = [p for p in _placed(route) if p.seg.length_m >= MIN_PIECE_M] or _placed(route)
    distance = route.distance_m
    out: list[dict[str, Any]] = []
    relevant = profile.relevant_attributes()

    # Attributes unknown along the whole route: one warning for all of them.
    whole = [a for a in relevant if distance > 0 and all(is_unknown(p.seg, a) for p in placed)]
    if whole:
        words = _attribute_list(whole, lang, plural=True)
        out.append(
            _warning(
                "data_unknown",
                placed[0].first,
                0.0,
                _pick(
                    lang,
                    f"Accessibility data unknown for the whole route ({say_distance(distance)}):"
                    f" {words} are not recorded here",
                    f"経路全体（{say_distance(distance)}）で{words}の情報がありません",
                ),
                attributes=whole,
                length_m=round(distance, 1),
            )
        )

    # Stretches with one attribute unknown; kerbs are reported at crossings instead.
    for attribute in relevant:
        if attribute in whole or attribute == "kerb_height_m":
            continue

        def unknown_here(p: _Placed, a: str = attribute) -> bool:
            return is_unknown(p.seg, a)

        for run, _ in _runs(placed, unknown_here):
            length = sum(p.seg.length_m for p in run)
            word = _attribute_list([attribute], lang, plural=False)
            out.append(
                _warning(
                    "unknown_stretch",
                    run[0].first,
                    run[0].start_m,
                    _pick(
                        lang,
                        f"{word.capitalize()} unknown for {say_distance(length)}",
                        f"この先{say_distance(length)}、{word}の情報がありません",
                    ),
                    attributes=[attribute],
                    length_m=round(length, 1),
                )
            )

    out.extend(_kerb_warnings(route, router, placed, lang))
    out.extend(_incline_warnings(placed, lang))
    out.extend(_passage_warnings(profile, placed, lang))
    out.sort(key=lambda w: w["at_m"])
    return out


def _kerb_warnings(
    route: Route, router: Router, placed: list[_Placed], lang: Lang
) -> list[dict[str, Any]]:
    profile = route.profile
    out: list[dict[str, Any]] = []
    if profile.wheeled or profile.limits("kerb"):
        for p in placed:
            height = p.seg.attrs.get("kerb_height_m")
            if height is not None and height > 0:
                cm = f"{100 * height:g} cm"
                out.append(
                    _warning(
                        "kerb",
                        p.last,
                        p.start_m + p.seg.length_m,
                        _pick(lang, f"{cm} kerb", f"{cm}の段差があります"),
                        kerb_height_m=height,
                    )
                )
    if not profile.limits("kerb"):
        return out

    # Mapped crossings with no kerb height.
    for p in placed:
        attrs = p.seg.attrs
        if (attrs.get("crossing") or attrs.get("highway") == "crossing") and is_unknown(
            p.seg, "kerb_height_m"
        ):
            out.append(
                _warning(
                    "kerb_unknown",
                    p.first,
                    p.start_m,
                    _pick(
                        lang,
                        "Kerb height unknown at this crossing",
                        "この横断箇所の段差の高さは不明です",
                    ),
                    road=None,
                )
            )

    # Main roads crossed at a junction: neither way in nor way out is the main road.
    for before, after in zip(placed[:-1], placed[1:], strict=True):
        e_in, e_out = before.seg.edge, after.seg.edge
        hw_in, hw_out = before.seg.attrs.get("highway"), after.seg.attrs.get("highway")
        if hw_in in MAIN_ROADS or hw_out in MAIN_ROADS or e_in == e_out:
            continue
        if not (is_unknown(before.seg, "kerb_height_m") and is_unknown(after.seg, "kerb_height_m")):
            continue
        node = int(router.head[e_in])
        if int(router.tail[e_out]) != node:
            continue
        beside = [
            int(e)
            for e in router.out_edges(node)
            if int(e) not in (e_out, int(router.reverse[e_in]))
            and router.edge_data[int(e)].get("highway") in MAIN_ROADS
        ]
        if not beside:
            continue
        road = next(
            (router.edge_data[e].get("name") for e in beside if router.edge_data[e].get("name")),
            None,
        )
        out.append(
            _warning(
                "kerb_unknown",
                after.first,
                after.start_m,
                _pick(
                    lang,
                    f"Kerb height unknown where the route crosses {road or 'a main road'}",
                    f"{road or '幹線道路'}を横断する箇所の段差の高さは不明です",
                ),
                road=road,
            )
        )
    return out


def _incline_warnings(placed: list[_Placed], lang: Lang) -> list[dict[str, Any]]:
    def direction(p: _Placed) -> str | None:
        inc = p.seg.attrs.get("incline_percent")
        if inc is None or abs(inc) < NOTABLE_INCLINE_PERCENT - 1e-9:
            return None
        return "up" if inc > 0 else "down"

    out = []
    for run, way in _runs(placed, direction):
        length = sum(p.seg.length_m for p in run)
        steepest = max(abs(p.seg.attrs["incline_percent"]) for p in run)
        en_way, ja_way = ("uphill", "上り坂") if way == "up" else ("downhill", "下り坂")
        out.append(
            _warning(
                "incline",
                run[0].first,
                run[0].start_m,
                _pick(
                    lang,
                    f"{steepest:g} % {en_way} for {say_distance(length)}",
                    f"{say_distance(length)}の{ja_way}（最大 {steepest:g} %）",
                ),
                incline_percent=steepest if way == "up" else -steepest,
                length_m=round(length, 1),
            )
        )
    return out


def _passage_warnings(profile: Profile, placed: list[_Placed], lang: Lang) -> list[dict[str, Any]]:
    out = []
    for run, _ in _runs(placed, lambda p: bool(p.seg.attrs.get("steps"))):
        count = run[0].seg.attrs.get("step_count")
        ramp = bool(run[0].seg.attrs.get("ramp"))
        en = f"Steps ({count} steps)" if count else "Steps"
        ja = f"階段（{count}段）があります" if count else "階段があります"
        if ramp:
            en, ja = en + " with a ramp beside them", "スロープ付きの" + ja
        out.append(
            _warning("steps", run[0].first, run[0].start_m, _pick(lang, en, ja), step_count=count)
        )
    for run, _ in _runs(placed, lambda p: bool(p.seg.attrs.get("elevator"))):
        out.append(
            _warning(
                "elevator",
                run[0].first,
                run[0].start_m,
                _pick(lang, "Elevator", "エレベーターを利用します"),
            )
        )
    if profile.wheeled:
        for p in placed:
            barrier = p.seg.attrs.get("barrier")
            if barrier and not str(barrier).startswith("kerb"):
                en, ja = _BARRIER_WORDS.get(barrier, (barrier, barrier))
                out.append(
                    _warning(
                        "barrier",
                        p.last,
                        p.start_m + p.seg.length_m,
                        _pick(lang, f"{en.capitalize()} on the way", f"{ja}があります"),
                        barrier=barrier,
                    )
                )
    return out


# --- turn-by-turn ----------------------------------------------------------------------------


def _way_key(seg: Segment) -> tuple[str | None, str]:
    attrs = seg.attrs
    highway = str(attrs.get("highway") or "")
    if attrs.get("elevator"):
        highway = "elevator"
    elif attrs.get("steps"):
        highway = "steps"
    group = _WAY_WORDS.get(highway, ("the way", "道"))[0]
    name = attrs.get("name")
    return (name if name and highway not in ("steps", "elevator") else None, group)


def _way_words(seg: Segment, lang: Lang) -> str:
    name, _ = _way_key(seg)
    if name:
        return str(name)
    highway = "elevator" if seg.attrs.get("elevator") else str(seg.attrs.get("highway") or "")
    if seg.attrs.get("steps"):
        highway = "steps"
    en, ja = _WAY_WORDS.get(highway, ("the way", "道"))
    return _pick(lang, en, ja)


def route_instructions(route: Route, lang: Lang = "ja") -> list[dict[str, Any]]:
    """Turn-by-turn instructions: depart, one per turn or change of way, arrive.

    Consecutive pieces of the same way (same name, or same kind of unnamed way) are merged while
    they run straight or bend slightly; a real turn starts a new instruction even on the same
    street. Each instruction has ``action`` (depart, turn, continue, elevator, arrive),
    ``modifier`` (straight, slight_left, left, sharp_left, uturn and the right-hand ones),
    ``name`` (the street name or ``None``), ``distance_m`` (to the next instruction),
    ``lon``/``lat`` where it applies and ``text`` in the chosen language.
    """
    pieces = [p for p in _placed(route) if p.seg.length_m >= MIN_PIECE_M]
    if not pieces:
        pieces = _placed(route)[:1]

    # Group pieces into legs, each starting with the turn onto it. A piece shorter than
    # MIN_LEG_M (a jog at a junction, a snapped end) joins a neighbouring leg and the turn is
    # measured across it; steps and elevators always stand alone.
    legs: list[dict[str, Any]] = []
    held: list[_Placed] = []
    for p in pieces:
        coords = list(p.seg.geometry.coords)
        b_start, b_end = _bearing(coords, at_end=False), _bearing(coords, at_end=True)
        notable = bool(p.seg.attrs.get("steps") or p.seg.attrs.get("elevator"))
        short = p.seg.length_m < MIN_LEG_M and not notable
        if legs:
            last = legs[-1]
            last_notable = bool(
                last["pieces"][-1].seg.attrs.get("steps")
                or last["pieces"][-1].seg.attrs.get("elevator")
            )
            if short and not last_notable:
                last["pieces"].append(p)
                continue
            modifier = (
                turn_modifier(last["bearing_end"], b_start)
                if last["bearing_end"] is not None and b_start is not None
                else "straight"
            )
            same_way = _way_key(p.seg) == _way_key(last["pieces"][-1].seg)
            if same_way and modifier in ("straight", "slight_left", "slight_right"):
                last["pieces"].append(p)
                last["bearing_end"] = b_end if b_end is not None else last["bearing_end"]
                continue
        else:
            if short and p is not pieces[-1]:
                held.append(p)
                continue
            modifier = "depart"
        legs.append(
            {
                "pieces": [*held, p],
                "way": p,
                "modifier": modifier,
                "bearing_start": b_start,
                "bearing_end": b_end,
            }
        )
        held = []

    out = []
    for i, leg in enumerate(legs):
        first: _Placed = leg["pieces"][0]
        way_piece: _Placed = leg["way"]
        length = sum(p.seg.length_m for p in leg["pieces"])
        way = _way_words(way_piece.seg, lang)
        dist = say_distance(length)
        modifier = leg["modifier"]
        if way_piece.seg.attrs.get("elevator"):
            action, text = "elevator", _pick(lang, "Take the elevator", "エレベーターを利用します")
        elif modifier == "depart":
            action = "depart"
            bearing = leg["bearing_start"] or 0.0
            text = _pick(
                lang,
                f"Head {compass(bearing, 'en')} on {way} for {dist}",
                f"{way}を{compass(bearing, 'ja')}へ{dist}進みます",
            )
        else:
            action = "continue" if modifier == "straight" else "turn"
            en_turn, ja_turn = _TURN_WORDS[modifier]
            text = _pick(
                lang, f"{en_turn} onto {way} and go {dist}", f"{ja_turn}、{way}を{dist}進みます"
            )
        out.append(
            {
                "sequence": i,
                "action": action,
                "modifier": None if modifier == "depart" else modifier,
                "name": _way_key(way_piece.seg)[0],
                "distance_m": round(length, 1),
                "bearing": None if leg["bearing_start"] is None else round(leg["bearing_start"]),
                "lon": float(first.first[0]),
                "lat": float(first.first[1]),
                "text": text,
            }
        )
    end = route.segments[-1].geometry.coords[-1]
    out.append(
        {
            "sequence": len(out),
            "action": "arrive",
            "modifier": None,
            "name": None,
            "distance_m": 0.0,
            "bearing": None,
            "lon": float(end[0]),
            "lat": float(end[1]),
            "text": _pick(lang, "Arrive at the destination", "目的地に到着します"),
        }
    )
    return out


# --- comparison and barriers -----------------------------------------------------------------


def steps_on(route: Route) -> list[dict[str, Any]]:
    """The flights of steps a route takes: where each starts, its step count and name."""
    out = []
    for run, _ in _runs(_placed(route), lambda p: bool(p.seg.attrs.get("steps"))):
        start = run[0].first
        out.append(
            {
                "lon": float(start[0]),
                "lat": float(start[1]),
                "step_count": run[0].seg.attrs.get("step_count"),
                "length_m": round(sum(p.seg.length_m for p in run), 1),
                "edges": [p.seg.edge for p in run],
            }
        )
    return out


def compare_with_pedestrian(route: Route, walk: Route, router: Router) -> dict[str, Any]:
    """How the route compares with the pedestrian route between the same points.

    ``steps_avoided`` counts the flights of steps the pedestrian route takes and this route
    does not (in either direction); ``extra_distance_m`` and ``extra_percent`` say how much
    longer this route is.
    """
    used = {s.edge for s in route.segments} | {int(router.reverse[s.edge]) for s in route.segments}
    avoided = [f for f in steps_on(walk) if not used & set(f["edges"])]
    extra = route.distance_m - walk.distance_m
    counts = [f["step_count"] for f in avoided]
    return {
        "profile": walk.profile.name,
        "distance_m": round(walk.distance_m, 1),
        "duration_s": round(walk.duration_s, 1),
        "extra_distance_m": round(extra, 1),
        "extra_percent": round(100 * extra / walk.distance_m, 1) if walk.distance_m > 0 else None,
        "steps_used": walk.steps_used,
        "steps_avoided": len(avoided),
        "step_count_avoided": (
            sum(counts) if counts and all(c is not None for c in counts) else None
        ),
        "avoided_steps": [{k: v for k, v in f.items() if k != "edges"} for f in avoided],
    }


def _num(value: float, unit: str) -> str:
    if unit == "m" and value < 1:
        return f"{100 * value:g} cm"
    return f"{value:g} {unit}"


def describe_barrier(barrier: dict[str, Any], lang: Lang = "ja") -> str:
    """Say what a barrier is and by how much it exceeds the limit.

    >>> describe_barrier({"kind": "kerb", "value": 0.06, "limit": 0.02, "unit": "m"}, "en")
    'kerb 6 cm > 2 cm'
    >>> describe_barrier({"kind": "incline_up", "value": 12.0, "limit": 5.0, "unit": "%"}, "ja")
    '上り勾配 12 % > 上限 5 %'
    """
    kind, value, limit, unit = (barrier.get(k) for k in ("kind", "value", "limit", "unit"))
    names = {
        "steps": ("steps", "階段"),
        "elevator": ("elevator (not used by this profile)", "エレベーター（利用しない設定）"),
        "incline_up": ("incline_up", "上り勾配"),
        "incline_down": ("incline_down", "下り勾配"),
        "kerb": ("kerb", "段差"),
        "width": ("width", "幅員"),
        "surface": ("surface", "路面"),
        "smoothness": ("smoothness", "路面の平坦性"),
        "wheelchair_no": ("marked not wheelchair-accessible", "車いす通行不可の表示"),
        "barrier": ("barrier", "障害物"),
        "unknown_incline": ("slope unknown (forbidden by unknown_incline)", "勾配が不明"),
        "unknown_kerb": ("kerb height unknown (forbidden by unknown_kerb)", "段差の高さが不明"),
        "unknown_width": ("width unknown (forbidden by unknown_width)", "幅員が不明"),
        "unknown_surface": ("surface unknown (forbidden by unknown_surface)", "路面が不明"),
        "reported": ("reported closed", "通行止めの報告あり"),
    }
    en, ja = names.get(str(kind), (str(kind), str(kind)))
    word = _pick(lang, en, ja)
    if kind == "steps":
        return word + (f" ({value} steps)" if lang == "en" else f"（{value}段）") if value else word
    if value is None:
        return word
    if unit and limit is not None:
        cmp = "<" if kind == "width" else ">"
        bound = _pick(lang, "", "下限 " if kind == "width" else "上限 ")
        return f"{word} {_num(value, unit)} {cmp} {bound}{_num(limit, unit)}"
    return f"{word}: {value}"
