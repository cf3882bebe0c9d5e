// The map page: pick two points, ask /route, draw the answer and what blocks the way.
"use strict";

const OSM_CREDIT =
  '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL)';
const MEGURO = [35.6339, 139.6980];

const map = L.map("map", { zoomControl: true }).setView(MEGURO, 14);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution(OSM_CREDIT);
L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
  maxZoom: 19,
  attribution: "",
}).addTo(map);

const layers = {
  area: L.geoJSON(null, { style: { color: "#555", weight: 1.5, fill: false, dashArray: "4 4" } }),
  route: L.geoJSON(null, {
    style: (f) =>
      f.properties.kind === "route"
        ? { color: "#1d5fbf", weight: 6, opacity: 0.8 }
        : { color: "#e08a00", weight: 3, dashArray: "6 4", opacity: f.properties.unknown && f.properties.unknown.length ? 0.9 : 0 },
    filter: (f) => f.geometry.type === "LineString",
  }),
  barriers: L.geoJSON(null, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 8, color: "#c00", fillOpacity: 0.8 }),
    onEachFeature: (f, layer) => layer.bindPopup(barrierText(f.properties)),
  }),
  points: L.layerGroup(),
  network: L.geoJSON(null, {
    style: (f) => ({ color: f.properties.steps ? "#c00" : "#8a94a6", weight: f.properties.steps ? 4 : 2 }),
    onEachFeature: (f, layer) =>
      layer.bindTooltip(`${f.properties.steps ? "階段 steps" : f.properties.highway}${f.properties.name ? " " + f.properties.name : ""}`),
  }),
};
Object.values(layers).forEach((l) => l.addTo(map));

const $ = (id) => document.getElementById(id);
const fmt = (x, digits = 0) => Number(x).toLocaleString("ja-JP", { maximumFractionDigits: digits });
const latlonText = (ll) => `${ll.lat.toFixed(6)},${ll.lng.toFixed(6)}`;

function parseLatLon(text) {
  const parts = String(text).split(",").map((s) => Number(s.trim()));
  return parts.length === 2 && parts.every(Number.isFinite) ? L.latLng(parts[0], parts[1]) : null;
}

function barrierText(p) {
  const kinds = { steps: "階段 steps", barrier: "柵・ゲート barrier", kerb: "段差 kerb",
    incline_up: "上り坂 uphill", incline_down: "下り坂 downhill", width: "幅 narrow",
    surface: "路面 surface", reported: "通行止め報告 reported" };
  return `<b>${kinds[p.kind] || p.kind}</b>${p.name ? "<br>" + p.name : ""}`;
}

function drawPoints() {
  layers.points.clearLayers();
  for (const [id, label] of [["from", "出発 From"], ["to", "到着 To"]]) {
    const ll = parseLatLon($(id).value);
    if (ll) L.marker(ll, { title: label }).bindTooltip(label).addTo(layers.points);
  }
}

function showSummary(p) {
  const unknown = p.unknown_share || {};
  const share = (k) => (unknown[k] === undefined ? "—" : `${fmt(100 * unknown[k])} %`);
  $("result").innerHTML = `
    <table id="summary">
      <tr><td>距離 Distance</td><td class="num" data-key="distance_m">${fmt(p.distance_m)} m</td></tr>
      <tr><td>時間 Time</td><td class="num" data-key="duration_s">${fmt(p.duration_s / 60, 1)} min</td></tr>
      <tr><td>階段 Steps</td><td class="num" data-key="steps_used">${p.steps_used}</td></tr>
      <tr><td>情報の確かさ Confidence</td><td class="num" data-key="confidence">${fmt(100 * p.confidence)} %</td></tr>
      <tr><td>勾配 不明 Incline unknown</td><td class="num">${share("incline_percent")}</td></tr>
      <tr><td>段差 不明 Kerb unknown</td><td class="num">${share("kerb_height_m")}</td></tr>
      <tr><td>幅 不明 Width unknown</td><td class="num">${share("width_m")}</td></tr>
    </table>`;
}

async function route() {
  const from = $("from").value.trim();
  const to = $("to").value.trim();
  const profile = $("profile").value;
  layers.route.clearLayers();
  layers.barriers.clearLayers();
  drawPoints();
  if (!from || !to) return;
  const params = new URLSearchParams({ from, to, profile });
  history.replaceState(null, "", `?${params}`);
  $("result").textContent = "…";
  const response = await fetch(`/route?${params}`);
  const body = await response.json();
  if (response.ok) {
    layers.route.addData(body);
    showSummary(body.properties);
    map.fitBounds(layers.route.getBounds(), { padding: [30, 30] });
  } else {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    $("result").innerHTML = `<p class="error" id="error">${detail}</p>`;
    if (body.barriers) {
      layers.barriers.addData(body.barriers);
      const n = body.barriers.features.length;
      $("result").innerHTML += `<p id="barrier-count">通れない箇所 Barriers: ${n}</p>`;
      if (n) map.fitBounds(layers.barriers.getBounds().pad(0.5), { maxZoom: 17 });
    }
  }
  document.body.dataset.state = response.ok ? "route" : "error";
}

map.on("click", (e) => {
  const target = !$("from").value || ($("from").value && $("to").value) ? "from" : "to";
  if (target === "from") $("to").value = "";
  $(target).value = latlonText(e.latlng);
  drawPoints();
  if (target === "to") route();
});

$("route-form").addEventListener("submit", (e) => { e.preventDefault(); route(); });
$("swap").addEventListener("click", () => {
  [$("from").value, $("to").value] = [$("to").value, $("from").value];
  route();
});
$("clear").addEventListener("click", () => {
  $("from").value = $("to").value = "";
  [layers.route, layers.barriers, layers.points].forEach((l) => l.clearLayers());
  $("result").textContent = "";
});

// Streets from our own network when zoomed in (readable offline too), steps from zoom 14 on.
let networkRequest = 0;
async function refreshNetwork() {
  const zoom = map.getZoom();
  const request = ++networkRequest;
  if (zoom < 14) { layers.network.clearLayers(); return; }
  const b = map.getBounds();
  const params = new URLSearchParams({
    bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(","),
    only_steps: zoom < 16,
  });
  const response = await fetch(`/network?${params}`);
  if (!response.ok || request !== networkRequest) return;
  layers.network.clearLayers();
  layers.network.addData(await response.json());
  layers.network.bringToBack();
}
map.on("moveend", refreshNetwork);
refreshNetwork();

fetch("/area").then((r) => r.json()).then((f) => f.geometry && layers.area.addData(f));
const query = new URLSearchParams(location.search);
for (const key of ["from", "to"]) if (query.get(key)) $(key).value = query.get(key);
if (query.get("profile")) $("profile").value = query.get("profile");
if (query.get("from") && query.get("to")) route();
else document.body.dataset.state = "ready";
