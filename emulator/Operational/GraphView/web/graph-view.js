// The lineage graph view. Everything it shows comes from /_emulator/ui/api/, answered as the chosen
// account through the emulator's own authorizer and lineage walk; this script only draws. Entity names
// and ARNs are user data: they are only ever inserted as text (textContent / cytoscape labels).
"use strict";

const api = "/_emulator/ui/api/";
const $ = (id) => document.getElementById(id);

// How each kind (ARN resource type) is drawn; the kind's name comes from the server's registry, and a kind
// not listed here is drawn in grey.
const kindStyle = {
  "artifact": { shape: "round-rectangle", fill: "#dbeafe", line: "#2563eb" },
  "action": { shape: "cut-rectangle", fill: "#fef3c7", line: "#d97706" },
  "context": { shape: "ellipse", fill: "#dcfce7", line: "#16a34a" },
  "experiment-trial-component": { shape: "hexagon", fill: "#f3e8ff", line: "#9333ea" },
  "experiment": { shape: "barrel", fill: "#fce7f3", line: "#db2777" },
};
const edgeColors = {
  ContributedTo: "#2563eb",
  AssociatedWith: "#6b7280",
  DerivedFrom: "#16a34a",
  Produced: "#d97706",
  SameAs: "#9333ea",
};

// What is drawn: the start's walk plus every expansion, re-read on refresh.
const view = {
  account: "",
  region: "",
  start: null,
  expansions: [],
  vertices: new Map(),
  edges: new Map(),
  leftOut: 0,
  selected: null,
};

cytoscape.use(cytoscapeDagre);
const cy = cytoscape({
  container: $("graph"),
  wheelSensitivity: 0.3,
  minZoom: 0.05,
  maxZoom: 3,
  // Large drawings stay responsive while panning and zooming.
  textureOnViewport: true,
  hideEdgesOnViewport: true,
  style: [
    {
      selector: "node",
      style: {
        "shape": (n) => style(n).shape,
        "background-color": (n) => style(n).fill,
        "border-color": (n) => style(n).line,
        "border-width": 2,
        "width": 160,
        "height": 58,
        "label": "data(label)",
        "text-wrap": "wrap",
        "text-max-width": 150,
        "text-valign": "center",
        "font-size": 12,
        "color": "#0f172a",
      },
    },
    { selector: "node.foreign", style: { "border-style": "dashed", "border-width": 3, "border-color": "#dc2626" } },
    { selector: "node.start", style: { "border-width": 5, "border-style": "double", "border-color": "#0f172a" } },
    { selector: "node.filtered", style: { "opacity": 0.35 } },
    { selector: "node:selected", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.18, "overlay-padding": 6 } },
    {
      selector: "edge",
      style: {
        "width": 2,
        "curve-style": "bezier",
        "line-color": (e) => edgeColors[e.data("type")] || "#94a3b8",
        "target-arrow-color": (e) => edgeColors[e.data("type")] || "#94a3b8",
        "target-arrow-shape": "triangle",
        "label": "data(type)",
        "font-size": 9,
        "color": "#475569",
        "text-rotation": "autorotate",
        "text-background-color": "#fff",
        "text-background-opacity": 0.8,
      },
    },
    { selector: "edge.SameAs", style: { "line-style": "dashed", "width": 3 } },
  ],
});
// A hook for tests and the browser console; the page does not depend on it.
window.graphView = { cy, view };

function style(node) {
  return kindStyle[node.data("kind")] || { shape: "round-rectangle", fill: "#f1f5f9", line: "#475569" };
}

async function get(path, params) {
  const query = new URLSearchParams({ account: view.account, region: view.region, ...params });
  const response = await fetch(api + path + "?" + query.toString(), { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ message: response.statusText }));
  if (!response.ok) throw new Error((body.code ? body.code + ": " : "") + (body.message || response.statusText));
  return body;
}

function status(text, kind) {
  const el = $("status");
  el.textContent = text;
  el.className = kind || "";
}

function shortId(arn) {
  const slash = arn.indexOf("/");
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

function isForeign(entity) {
  return entity.account !== view.account;
}

/** "Artifact · DataSet"; a trial component's type is its kind, said once. */
function kindTitle(entity) {
  return entity.type && entity.type.replace(/ /g, "") !== entity.kindLabel.replace(/ /g, "")
    ? `${entity.kindLabel} · ${entity.type}` : entity.kindLabel;
}

function kindBadge(entity) {
  const span = document.createElement("span");
  span.className = "kind " + entity.kind;
  span.textContent = entity.kindLabel;
  return span;
}

function accountTag(entity) {
  const span = document.createElement("span");
  span.className = "account" + (isForeign(entity) ? " foreign" : "");
  span.textContent = isForeign(entity) ? "shared by " + entity.account : entity.account;
  return span;
}

// ---- viewer (account and region) ----

async function loadAccounts() {
  const { accounts } = await fetch(api + "accounts").then((r) => r.json());
  const accountList = $("account-list");
  const regionList = $("region-list");
  accountList.replaceChildren(...[...new Set(accounts.map((a) => a.account))].map((a) => new Option(a, a)));
  regionList.replaceChildren(...[...new Set(accounts.map((a) => a.region))].map((r) => new Option(r, r)));
  return accounts;
}

function readLocation() {
  const params = new URLSearchParams(location.search);
  return { account: params.get("account"), region: params.get("region"), start: params.get("start") };
}

function writeLocation() {
  const params = new URLSearchParams({ account: view.account, region: view.region });
  if (view.start) params.set("start", view.start);
  history.replaceState(null, "", location.pathname + "?" + params.toString());
}

async function lookAs(account, region, start) {
  view.account = account;
  view.region = region;
  view.start = start || null;
  view.expansions = [];
  view.selected = null;
  $("account").value = account;
  $("region").value = region;
  clearDetails();
  writeLocation();
  await Promise.all([loadEntities(), loadRam(), redraw()]);
}

// ---- start picker ----

let searchTimer = 0;

async function loadEntities() {
  const list = $("entity-list");
  try {
    const page = await get("entities", { search: $("search").value, limit: "100" });
    list.replaceChildren(...page.entities.map(entityItem));
    $("entity-count").textContent = page.total > page.entities.length
      ? `Showing ${page.entities.length} of ${page.total.toLocaleString("en-US")} entities this account may read; search to narrow.`
      : `${page.total} ${page.total === 1 ? "entity" : "entities"} this account may read.`;
  } catch (e) {
    list.replaceChildren();
    $("entity-count").textContent = e.message;
  }
}

function entityItem(entity) {
  const li = document.createElement("li");
  li.dataset.arn = entity.arn;
  if (entity.arn === view.start) li.className = "current";
  const name = document.createElement("div");
  name.className = "name";
  name.textContent = entity.name || shortId(entity.arn);
  const meta = document.createElement("div");
  meta.append(kindBadge(entity), document.createTextNode(entity.type + " "), accountTag(entity));
  li.append(name, meta);
  li.title = entity.arn + (entity.sourceUri ? "\n" + entity.sourceUri : "");
  li.addEventListener("click", () => startAt(entity.arn));
  return li;
}

// ---- query ----

function utcSeconds(id) {
  const value = $(id).value;
  return value ? Date.parse(value + "Z") / 1000 : undefined;
}

/** The controls as a QueryLineage request: the server reads it exactly as the operation does. */
function queryRequest(startArn, depth) {
  const filters = {};
  const lineageTypes = [...document.querySelectorAll("input[name=lineageType]:checked")].map((c) => c.value);
  if (lineageTypes.length) filters.LineageTypes = lineageTypes;
  const types = $("types").value.split(",").map((t) => t.trim()).filter(Boolean);
  if (types.length) filters.Types = types;
  for (const [id, member] of [["createdAfter", "CreatedAfter"], ["createdBefore", "CreatedBefore"],
    ["modifiedAfter", "ModifiedAfter"], ["modifiedBefore", "ModifiedBefore"]]) {
    const seconds = utcSeconds(id);
    if (seconds !== undefined) filters[member] = seconds;
  }
  const properties = {};
  for (const pair of $("properties").value.split(";")) {
    const at = pair.indexOf("=");
    if (at > 0) properties[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  if (Object.keys(properties).length) filters.Properties = properties;
  const request = { StartArns: [startArn], Direction: $("direction").value, IncludeEdges: true };
  const maxDepth = depth ?? $("depth").value;
  if (maxDepth !== "") request.MaxDepth = Number(maxDepth);
  if (Object.keys(filters).length) request.Filters = filters;
  return request;
}

function limit() {
  return Number($("limit").value) || 300;
}

async function walk(startArn, depth) {
  return get("graph", { query: JSON.stringify(queryRequest(startArn, depth)), limit: String(limit()) });
}

async function startAt(arn) {
  view.start = arn;
  view.expansions = [];
  writeLocation();
  for (const li of $("entity-list").children) li.classList.toggle("current", li.dataset.arn === arn);
  await redraw();
}

/** Reads the start's walk and every expansion again, and draws their union. */
async function redraw() {
  $("show").disabled = !view.start;
  $("request").textContent = view.start ? JSON.stringify(queryRequest(view.start), null, 2) : "";
  if (!view.start) {
    cy.elements().remove();
    view.vertices.clear();
    view.edges.clear();
    renderList();
    status(view.account ? "Pick an entity to start from." : "Choose an account to look as.");
    return;
  }
  let walks;
  try {
    walks = [await walk(view.start)];
  } catch (e) {
    cy.elements().remove();
    view.vertices.clear();
    view.edges.clear();
    renderList();
    status(`${view.account} cannot see this lineage: ${e.message}`, "error");
    return;
  }
  for (const arn of view.expansions) {
    // An expansion whose vertex this account can no longer read is dropped, like any other vertex.
    try { walks.push(await walk(arn, "1")); } catch { /* not visible any more */ }
  }
  merge(walks);
  draw();
}

function merge(walks) {
  view.vertices = new Map();
  view.edges = new Map();
  let total = 0;
  let leftOut = 0;
  for (const w of walks) {
    total = Math.max(total, w.totalVertices);
    leftOut += w.totalVertices - w.vertices.length;
    for (const v of w.vertices) {
      if (view.vertices.has(v.entity.arn)) {
        const known = view.vertices.get(v.entity.arn);
        known.matches = known.matches || v.matches;
      } else if (view.vertices.size < limit()) {
        view.vertices.set(v.entity.arn, { ...v });
      } else {
        leftOut++;
      }
    }
    for (const e of w.edges) {
      if (view.vertices.has(e.source) && view.vertices.has(e.destination)) view.edges.set(e.source + "|" + e.destination, e);
    }
  }
  view.leftOut = leftOut;
  view.totalEdges = walks[0].totalEdges;
  view.totalVertices = walks[0].totalVertices;
}

function draw() {
  const nodes = [...view.vertices.values()].map((v) => ({
    group: "nodes",
    data: {
      id: v.entity.arn,
      kind: v.entity.kind,
      label: `${kindTitle(v.entity)}\n${v.entity.name || shortId(v.entity.arn)}\n` +
        (isForeign(v.entity) ? `⇄ account ${v.entity.account}` : `account ${v.entity.account}`),
    },
    classes: [isForeign(v.entity) ? "foreign" : "", v.entity.arn === view.start ? "start" : "", v.matches ? "" : "filtered"]
      .filter(Boolean).join(" "),
  }));
  const edges = [...view.edges.values()].map((e) => ({
    group: "edges",
    data: { id: e.source + "|" + e.destination, source: e.source, target: e.destination, type: e.associationType || "" },
    classes: e.associationType || "",
  }));
  cy.batch(() => {
    cy.elements().remove();
    cy.add(nodes.concat(edges));
  });
  // Sources to the left, destinations to the right: upstream on one side, downstream on the other.
  cy.layout({ name: "dagre", rankDir: "LR", nodeSep: 18, rankSep: 50, edgeSep: 8, fit: true, padding: 24, animate: false }).run();
  // A small graph fitted to a wide pane would be drawn larger than life.
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  } else if (cy.zoom() < 0.4) {
    // A large drawing fitted whole would be unreadable: keep labels legible around the start; pan for the rest.
    cy.zoom(0.4);
    cy.center(cy.getElementById(view.start));
  }
  if (view.selected && cy.getElementById(view.selected).nonempty()) cy.getElementById(view.selected).select();
  else if (view.selected) clearDetails();
  renderList();

  const shown = view.vertices.size;
  const start = view.vertices.get(view.start);
  const message = `Lineage of ${start ? start.entity.name || shortId(view.start) : shortId(view.start)} as ${view.account} in ${view.region}: ${shown} vertices, ${view.edges.size} edges drawn.`;
  if (view.leftOut > 0) {
    status(`${message} Showing the first ${shown} of ${view.totalVertices.toLocaleString("en-US")} vertices the walk reached; ` +
      `${view.leftOut.toLocaleString("en-US")} vertices and the edges to them are left out (raise "Draw at most", lower the depth or start closer).`, "warn");
  } else {
    status(message);
  }
}

function renderList() {
  $("vertex-list").replaceChildren(...[...view.vertices.values()].map((v) => {
    const li = document.createElement("li");
    li.dataset.arn = v.entity.arn;
    li.dataset.account = v.entity.account;
    li.append(kindBadge(v.entity), document.createTextNode(`${v.entity.type} ${v.entity.name || shortId(v.entity.arn)} `), accountTag(v.entity));
    return li;
  }));
}

// ---- details ----

function clearDetails() {
  view.selected = null;
  $("details-body").hidden = true;
  $("details-hint").hidden = false;
}

async function select(arn) {
  const v = view.vertices.get(arn);
  if (!v) return;
  view.selected = arn;
  $("details-hint").hidden = true;
  $("details-body").hidden = false;
  const summary = $("details-summary");
  const rows = [
    ["Kind", v.entity.kindLabel],
    ["Type", v.entity.type],
    ["Name", v.entity.name || "(none)"],
    ["Account", v.entity.account + (isForeign(v.entity) ? " (another account, shared with you)" : " (yours)")],
    ["ARN", v.entity.arn],
    ["Depth", String(v.depth)],
  ];
  if (v.entity.sourceUri) rows.push(["SourceUri", v.entity.sourceUri]);
  summary.replaceChildren(...rows.flatMap(([k, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = value;
    return [dt, dd];
  }));
  const pre = $("describe");
  $("describe-title").textContent = "Describe" + v.entity.kindLabel.replace(/ /g, "");
  pre.textContent = "Loading…";
  try {
    const described = await get("describe", { arn });
    if (view.selected === arn) pre.textContent = JSON.stringify(described, null, 2);
  } catch (e) {
    if (view.selected === arn) pre.textContent = e.message;
  }
}

cy.on("tap", "node", (event) => select(event.target.id()));

$("expand").addEventListener("click", async () => {
  if (!view.selected) return;
  if (!view.expansions.includes(view.selected)) view.expansions.push(view.selected);
  await redraw();
});

$("restart").addEventListener("click", () => view.selected && startAt(view.selected));

// ---- RAM ----

function statusTag(text) {
  const span = document.createElement("span");
  span.className = "status " + text;
  span.textContent = text;
  return span;
}

function section(title, rows, empty) {
  const h = document.createElement("h3");
  h.textContent = title;
  if (!rows.length) {
    const p = document.createElement("p");
    p.className = "muted";
    p.textContent = empty;
    return [h, p];
  }
  const table = document.createElement("table");
  for (const cells of rows) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      const td = document.createElement("td");
      td.append(...(Array.isArray(cell) ? cell : [cell]));
      tr.append(td);
    }
    table.append(tr);
  }
  return [h, table];
}

async function loadRam() {
  const body = $("ram-body");
  let ram;
  try {
    ram = await get("ram", {});
  } catch (e) {
    body.textContent = e.message;
    return;
  }
  const associations = ram.ownedAssociations.resourceShareAssociations || [];
  const owned = (ram.owned.resourceShares || []).map((share) => {
    const principals = associations.filter((a) => a.resourceShareArn === share.resourceShareArn && a.associationType === "PRINCIPAL");
    const list = document.createElement("div");
    for (const p of principals) {
      const line = document.createElement("div");
      line.append(document.createTextNode(p.associatedEntity + " "), statusTag(p.status));
      list.append(line);
    }
    if (!principals.length) list.textContent = "no principals";
    return [share.name, [statusTag(share.status)], [list]];
  });
  const received = (ram.received.resourceShares || []).map((s) => [s.name, "from " + s.owningAccountId, [statusTag(s.status)]]);
  const pending = (ram.invitations.resourceShareInvitations || []).filter((i) => i.status === "PENDING")
    .map((i) => [i.resourceShareName, "from " + i.senderAccountId, [statusTag(i.status)]]);
  const reads = document.createElement("p");
  reads.textContent = `Reads the lineage of: ${ram.readsLineageOf.join(", ") || "no other account"}. ` +
    `Its lineage is read by: ${ram.lineageReadBy.join(", ") || "no other account"}.`;
  body.replaceChildren(reads,
    ...section("Shares it owns", owned, "none"),
    ...section("Shares it received", received, "none"),
    ...section("Pending invitations", pending, "none"));
}

// ---- wiring ----

$("viewer").addEventListener("submit", (event) => {
  event.preventDefault();
  lookAs($("account").value.trim(), $("region").value.trim(), null);
});

$("refresh").addEventListener("click", async () => {
  await loadAccounts();
  await Promise.all([loadEntities(), loadRam(), redraw()]);
});

$("query").addEventListener("submit", (event) => {
  event.preventDefault();
  view.expansions = [];
  redraw();
});

$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(loadEntities, 200);
});

(async () => {
  const accounts = await loadAccounts();
  const wanted = readLocation();
  const first = accounts[0] || { account: "000000000000", region: "us-east-1" };
  await lookAs(wanted.account || first.account, wanted.region || first.region, wanted.start);
  document.body.dataset.ready = "true";
})();
