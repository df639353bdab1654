// Vigil workbench: plain script, no build step. Views read the shared filter bar, whose values
// live in the URL hash (#/view?since=...&country=...), so every view can be linked and reloaded.
'use strict';

const FILTERS = ['since', 'until', 'country', 'plover', 'modality', 'min_confidence'];
const QUAD = ['Verbal cooperation', 'Material cooperation', 'Verbal conflict', 'Material conflict'];
const view = document.getElementById('view');
const form = document.getElementById('filters');
const statusLine = document.getElementById('status');
let charts = [];

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function route() {
  const h = location.hash.slice(1) || '/overview';
  const [path, qs] = h.split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(qs || '') };
}

function filterParams() {
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = form.elements[k].value.trim();
    if (v) p.set(k, k === 'country' ? v.toUpperCase() : v);
  }
  return p;
}

function link(path, extra) {
  const p = filterParams();
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  const qs = p.toString();
  return '#' + path + (qs ? '?' + qs : '');
}

async function api(path, params) {
  const qs = params && params.toString() ? '?' + params.toString() : '';
  const headers = {};
  const token = sessionStorage.getItem('vigil-token');
  if (token) headers.Authorization = 'Bearer ' + token;
  const r = await fetch('/api/' + path + qs, { headers });
  const body = await r.json().catch(() => ({ error: 'bad answer from server' }));
  if (r.status === 401) {
    const t = window.prompt('This server needs its access token:');
    if (t) { sessionStorage.setItem('vigil-token', t); return api(path, params); }
  }
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

function actor(a) {
  if (!a) return '–';
  return esc(a.code || a.text) + (a.name ? ' <span class="snippet">(' + esc(a.name) + ')</span>' : '');
}

function eventRows(events) {
  if (!events.length) return '<p>No events match.</p>';
  const rows = events.map(e => `<tr>
    <td>${esc(e.date ? e.date.value : '–')}</td><td>${actor(e.source)}</td>
    <td>${esc(e.cameo)} ${esc(e.plover || '')}</td><td>${actor(e.target)}</td>
    <td>${esc(e.modality)}</td><td>${Number(e.confidence).toFixed(2)}</td>
    <td>${esc(e.place ? e.place.name : '–')}</td>
    <td><a href="${link('/event/' + e.id)}" class="evlink">evidence</a></td></tr>`).join('');
  return `<table><thead><tr><th>Date</th><th>Source</th><th>Type</th><th>Target</th><th>Modality</th>
    <th>Confidence</th><th>Place</th><th>Event</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// Byte spans from the API become character positions through UTF-8 round trips.
function marked(ev) {
  const bytes = new TextEncoder().encode(ev.sentence);
  const dec = new TextDecoder();
  const marks = ['source', 'target', 'predicate'].filter(k => ev[k]).map(k => ({ k, ...ev[k] }))
    .sort((a, b) => a.start - b.start);
  let out = '', pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue;
    out += esc(dec.decode(bytes.slice(pos, m.start)));
    out += `<mark class="${m.k}"><span class="tag">${m.k}</span>${esc(dec.decode(bytes.slice(m.start, m.end)))}</mark>`;
    pos = m.end;
  }
  return out + esc(dec.decode(bytes.slice(pos)));
}

function chart(el, option) {
  const c = echarts.init(el, null, { renderer: 'canvas' });
  c.setOption(Object.assign({ aria: { enabled: true, decal: { show: true } }, animation: false }, option));
  charts.push(c);
  return c;
}

async function overview() {
  const [h, al] = await Promise.all([api('health'), api('alerts', new URLSearchParams({ limit: '5' }))]);
  const s = h.store;
  let html = `<h2>Overview</h2><div class="cards">
    <div class="card"><b>${s.documents}</b>articles</div><div class="card"><b>${s.extracted}</b>extracted</div>
    <div class="card"><b>${s.events}</b>events</div></div><h3>Top alerts</h3><div id="alerts"></div>
    <h3>Latest events</h3><div id="latest">Loading…</div>`;
  view.innerHTML = html;
  const box = document.getElementById('alerts');
  if (!al.alerts.length) box.innerHTML = '<p>No alerts.</p>';
  for (const a of al.alerts) {
    const div = document.createElement('div');
    div.className = 'alert';
    div.innerHTML = `<b>${esc(a.kind)}</b> score ${a.score.toFixed(2)}, ${esc(a.window_start)}..${esc(a.window_end)}
      <p>${esc(a.explanation)}</p><div class="sentence">Loading evidence…</div>
      <p>Evidence: ${a.evidence.map(id => `<a href="${link('/event/' + id)}">${esc(id)}</a>`).join(', ')}</p>`;
    box.appendChild(div);
    const d = await api('events/' + encodeURIComponent(a.evidence[0]));
    div.querySelector('.sentence').innerHTML = d.evidence ? marked(d.evidence) : '(sentence unavailable)';
  }
  const tl = await api('timeline', withFilters({ limit: '1' }));
  const days = tl.per_day;
  let latest = [];
  if (days.length) {
    const last = new Date(days[days.length - 1].date);
    last.setDate(last.getDate() - 30);
    const p = withFilters({ since: last.toISOString().slice(0, 10), limit: '10000' });
    latest = (await api('events', p)).events.slice(-15).reverse();
  }
  document.getElementById('latest').innerHTML = eventRows(latest);
}

function withFilters(extra) {
  const p = filterParams();
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return p;
}

async function showEvents(target, title, params) {
  target.innerHTML = `<h3>${esc(title)}</h3><p>Loading…</p>`;
  const page = await api('events', params);
  target.innerHTML = `<h3>${esc(title)}</h3>` + eventRows(page.events);
}

async function timeline() {
  const tl = await api('timeline', withFilters({ limit: '1' }));
  view.innerHTML = `<h2>Timeline</h2><p>${tl.total} events; bars count events dated to the day, by QuadClass.
    Drag on the chart or use the slider to zoom; click a bar or a day below to list its events.</p>
    <div class="chart" id="tl" role="img" aria-label="Events per day by QuadClass"></div>
    <details><summary>Days (keyboard list)</summary><div class="list" id="days"></div></details>
    <section id="dayevents" aria-live="polite"></section>`;
  const dates = tl.per_day.map(d => d.date);
  const c = chart(document.getElementById('tl'), {
    tooltip: { trigger: 'axis' }, legend: { top: 0 },
    toolbox: { feature: { dataZoom: { yAxisIndex: 'none' }, restore: {} } },
    dataZoom: [{ type: 'inside' }, { type: 'slider' }],
    xAxis: { type: 'category', data: dates }, yAxis: { type: 'value', minInterval: 1 },
    series: QUAD.map((name, i) => ({ name, type: 'bar', stack: 'q', data: tl.per_day.map(d => d.quad[i]) })),
  });
  const out = document.getElementById('dayevents');
  const pick = d => showEvents(out, 'Events on ' + d, withFilters({ since: d, until: d, limit: '1000' }));
  c.on('click', p => pick(p.name));
  document.getElementById('days').innerHTML = dates.map(d => `<button type="button" data-day="${d}">${d}</button>`).join('');
  document.getElementById('days').addEventListener('click', e => { if (e.target.dataset.day) pick(e.target.dataset.day); });
}

async function worldMap() {
  const r = await fetch('/assets/vendor/countries-110m-iso3.json');
  const topo = await r.json();
  const geo = topojson.feature(topo, topo.objects.countries);
  geo.features = geo.features.filter(f => f.properties.iso3);
  for (const f of geo.features) f.properties.name = f.properties.iso3;
  echarts.registerMap('world', geo);
  return geo;
}

let mapLoaded = null;

async function mapView() {
  mapLoaded = mapLoaded || worldMap();
  const [, page] = await Promise.all([mapLoaded, api('events', withFilters({ limit: '10000' }))]);
  const counts = {}, points = {};
  for (const e of page.events) {
    const cs = new Set([e.source && e.source.country, e.target && e.target.country].filter(Boolean));
    for (const c of cs) counts[c] = (counts[c] || 0) + 1;
    const p = e.place;
    if (p && p.lat != null && p.lon != null) {
      const k = p.name + '|' + p.lat + '|' + p.lon;
      (points[k] = points[k] || { name: p.name, value: [p.lon, p.lat, 0] }).value[2] += 1;
    }
  }
  const data = Object.entries(counts).map(([name, value]) => ({ name, value }));
  const max = Math.max(1, ...data.map(d => d.value));
  view.innerHTML = `<h2>Map</h2><p>Countries shaded by events with a source or target there; dots are geocoded event places
    (sized by events). Click a country, or pick one below, to list its events.</p>
    <div class="chart" id="map" style="height:460px" role="img" aria-label="Events by country"></div>
    <details><summary>Countries (keyboard list)</summary><div class="list" id="countries"></div></details>
    <section id="countryevents" aria-live="polite"></section>`;
  const c = chart(document.getElementById('map'), {
    tooltip: { trigger: 'item' },
    visualMap: { min: 0, max, text: ['more', 'fewer'], calculable: true, left: 10, bottom: 10, inRange: { color: ['#e8f1fb', '#0b3d91'] } },
    geo: { map: 'world', roam: true, emphasis: { label: { show: false } } },
    series: [
      { type: 'map', geoIndex: 0, data, name: 'events' },
      { type: 'scatter', coordinateSystem: 'geo', name: 'places', data: Object.values(points),
        symbolSize: v => 5 + Math.sqrt(v[2]) * 3, itemStyle: { color: '#fb8500', borderColor: '#000' } },
    ],
  });
  const out = document.getElementById('countryevents');
  const pick = iso => showEvents(out, 'Events involving ' + iso, withFilters({ country: iso, limit: '1000' }));
  c.on('click', p => { if (p.seriesType === 'map' && p.name) pick(p.name); });
  const list = document.getElementById('countries');
  list.innerHTML = data.sort((a, b) => b.value - a.value)
    .map(d => `<button type="button" data-c="${esc(d.name)}">${esc(d.name)} (${d.value})</button>`).join('');
  list.addEventListener('click', e => { if (e.target.dataset.c) pick(e.target.dataset.c); });
}

async function network() {
  const net = await api('network', filterParams());
  const edges = net.edges.slice().sort((a, b) => b.weight - a.weight).slice(0, 150);
  const keys = new Set(edges.flatMap(e => [e.source, e.target]));
  const nodes = net.nodes.filter(n => keys.has(n.key));
  view.innerHTML = `<h2>Actor network</h2><p>${net.nodes.length} actors, ${net.edges.length} typed edges
    (factual events; the ${edges.length} heaviest shown). Click an edge, or pick one below, for its events.</p>
    <div class="two"><div class="chart" id="net" style="height:520px" role="img" aria-label="Actor network"></div>
    <div><table><thead><tr><th>Edge</th><th>Type</th><th>Events</th></tr></thead><tbody id="edges"></tbody></table></div></div>
    <section id="edgeevents" aria-live="polite"></section>`;
  const c = chart(document.getElementById('net'), {
    tooltip: {},
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, force: { repulsion: 160, edgeLength: 90 },
      label: { show: true, position: 'right' }, edgeSymbol: ['none', 'arrow'],
      data: nodes.map(n => ({ id: n.key, name: n.key, value: n.events, symbolSize: 8 + Math.sqrt(n.events) * 4 })),
      links: edges.map((e, i) => ({ source: e.source, target: e.target, value: e.weight, idx: i,
        lineStyle: { width: 1 + Math.log2(e.weight), type: e.quad_class > 2 ? 'dashed' : 'solid',
          color: e.quad_class > 2 ? '#a40e26' : '#116329' } })),
    }],
  });
  const out = document.getElementById('edgeevents');
  const pick = i => edgeEvents(out, edges[i]);
  c.on('click', p => { if (p.dataType === 'edge') pick(p.data.idx); });
  document.getElementById('edges').innerHTML = edges.slice(0, 40).map((e, i) => `<tr>
    <td><button type="button" data-i="${i}">${esc(e.source)} → ${esc(e.target)}</button></td>
    <td>${esc(e.root)} (${e.quad_class > 2 ? 'conflict' : 'cooperation'})</td><td>${e.weight}</td></tr>`).join('');
  document.getElementById('edges').addEventListener('click', ev => { const b = ev.target.closest('button'); if (b) pick(+b.dataset.i); });
}

async function edgeEvents(out, edge) {
  out.innerHTML = `<h3>${esc(edge.source)} → ${esc(edge.target)}, CAMEO root ${esc(edge.root)}</h3><p>Loading…</p>`;
  const ids = edge.event_ids.slice(0, 50);
  const details = await Promise.all(ids.map(id => api('events/' + encodeURIComponent(id))));
  out.innerHTML = `<h3>${esc(edge.source)} → ${esc(edge.target)}, CAMEO root ${esc(edge.root)}</h3>` + eventRows(details.map(d => d.event));
}

async function eventView(id) {
  const d = await api('events/' + encodeURIComponent(id));
  const e = d.event, doc = d.document || {};
  const others = d.fusion ? d.fusion.mentions.filter(m => m !== e.id) : [];
  view.innerHTML = `<h2>Event ${esc(e.id)}</h2>
    <p class="sentence" id="evidence">${d.evidence ? marked(d.evidence) : '(sentence unavailable)'}</p>
    <p class="snippet">Marks: <mark class="source"><span class="tag">source</span>actor</mark>
      <mark class="predicate"><span class="tag">predicate</span>verb</mark>
      <mark class="target"><span class="tag">target</span>actor</mark></p>
    <dl class="facts">
      <dt>Source</dt><dd>${actor(e.source)}</dd><dt>Target</dt><dd>${actor(e.target)}</dd>
      <dt>CAMEO</dt><dd>${esc(e.cameo)} (root ${esc(e.root)}, QuadClass ${e.quad_class}: ${QUAD[e.quad_class - 1] || '?'}, Goldstein ${e.goldstein})</dd>
      <dt>PLOVER</dt><dd>${esc(e.plover || '–')} ${esc(e.plover_mode || '')}</dd>
      <dt>Modality</dt><dd>${esc(e.modality)}${e.attribution ? ' (by ' + esc(e.attribution.text) + ')' : ''}</dd>
      <dt>Date</dt><dd>${esc(e.date ? e.date.value : '–')}</dd>
      <dt>Place</dt><dd>${esc(e.place ? e.place.name + ' (' + (e.place.country || '–') + ')' : '–')}</dd>
      <dt>Rule</dt><dd><code>${esc(e.provenance.rule)}</code></dd>
      <dt>Confidence</dt><dd>${Number(e.confidence).toFixed(2)} (${esc(e.provenance.coder)})</dd>
      <dt>Article</dt><dd><a href="${link('/doc/' + e.doc_id)}">${esc(doc.title || e.doc_id)}</a>
        ${esc(doc.source || '')} ${esc(doc.published || '')}</dd>
      <dt>Other reports</dt><dd>${others.length ? others.map(m => `<a href="${link('/event/' + m)}">${esc(m)}</a>`).join(', ')
        + ` (${d.fusion.num_articles} articles, ${d.fusion.num_sources} sources)` : 'none found'}</dd>
    </dl>`;
}

async function docView(id) {
  const d = await api('documents/' + encodeURIComponent(id));
  const doc = d.document;
  view.innerHTML = `<h2>${esc(doc.title || doc.id)}</h2>
    <p>${esc(doc.source || '')} ${esc(doc.published || '')} ${doc.url ? `<a href="${esc(doc.url)}" rel="noopener noreferrer">original</a>` : ''}</p>
    <p>Events: ${d.event_ids.map(m => `<a href="${link('/event/' + m)}">${esc(m)}</a>`).join(', ') || 'none'}</p>
    <div class="sentence" style="white-space: pre-wrap">${esc(doc.text)}</div>`;
}

async function searchView(params) {
  const q = params.get('q') || '';
  view.innerHTML = `<h2>Search articles</h2><form id="sf" role="search"><label>Words
    <input name="q" value="${esc(q)}" size="40"></label> <button>Search</button></form><div id="hits"></div>`;
  document.getElementById('sf').addEventListener('submit', e => {
    e.preventDefault();
    location.hash = link('/search', { q: e.target.elements.q.value }).slice(1);
  });
  if (!q) return;
  const r = await api('search', new URLSearchParams({ q, limit: '50' }));
  document.getElementById('hits').innerHTML = r.hits.length ? '<ol>' + r.hits.map(h =>
    `<li><a href="${link('/doc/' + h.doc_id)}">${esc(h.title || h.doc_id)}</a> ${esc(h.published || '')}
     <div class="snippet">${esc(h.snippet).replace(/\[/g, '<b>').replace(/\]/g, '</b>')}</div></li>`).join('') + '</ol>'
    : '<p>No matches.</p>';
}

async function render() {
  const { parts, params } = route();
  for (const k of FILTERS) form.elements[k].value = params.get(k) || '';
  for (const c of charts) c.dispose();
  charts = [];
  const name = parts[0] || 'overview';
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    a.href = link('/' + a.dataset.view);
  }
  statusLine.textContent = 'Loading…';
  try {
    if (name === 'timeline') await timeline();
    else if (name === 'map') await mapView();
    else if (name === 'network') await network();
    else if (name === 'search') await searchView(params);
    else if (name === 'event') await eventView(parts[1]);
    else if (name === 'doc') await docView(parts[1]);
    else await overview();
    statusLine.textContent = '';
  } catch (err) {
    statusLine.innerHTML = `<span class="error">${esc(err.message)}</span>`;
  }
}

form.addEventListener('submit', e => {
  e.preventDefault();
  const { parts } = route();
  location.hash = link('/' + (parts.length ? parts.join('/') : 'overview')).slice(1);
});
document.getElementById('clear').addEventListener('click', () => {
  for (const k of FILTERS) form.elements[k].value = '';
  form.requestSubmit();
});
window.addEventListener('hashchange', () => { render(); view.focus({ preventScroll: true }); });
window.addEventListener('resize', () => charts.forEach(c => c.resize()));
render();
