// The dashboard's script: reads the API, draws the charts as SVG and refreshes itself.
#include <string_view>

namespace cdc::http::assets {

extern const std::string_view dashboard_js = R"js('use strict';
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const BUCKETS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '6h': 21600, '1d': 86400 };
let timer = null;
// ?to=2025-01-01T00:00:00Z pins the end of the range, to look back at a past day.
const pinnedEnd = Date.parse(new URLSearchParams(location.search).get('to') || '') / 1000;

// Money arrives as JSON numbers with two decimals. Turning each into integer cents at once
// keeps every sum exact (BigInt), whatever the number of rows.
const cents = (amount) => BigInt(Math.round(amount * 100));
const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
function money(c) {
  const digits = (c < 0n ? -c : c).toString().padStart(3, '0');
  return (c < 0n ? '-' : '') + group(digits.slice(0, -2)) + '.' + digits.slice(-2);
}
const plain = (c) => { const d = (c < 0n ? -c : c).toString().padStart(3, '0'); return (c < 0n ? '-' : '') + d.slice(0, -2) + '.' + d.slice(-2); };
const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
function compact(n) {
  for (const [size, unit] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']])
    if (n >= size) return Number((n / size).toFixed(1)) + unit;
  return String(Number(n.toFixed(2)));
}
const shortTime = (seconds) => iso(seconds).slice(0, 16).replace('T', ' ');

function status(text, failed) {
  $('status').textContent = text;
  $('status').className = failed ? 'error' : '';
}

async function getJSON(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok && !(body && 'status' in body)) throw new Error((body && body.error) || response.status + ' ' + response.statusText);
  return { body, next: response.headers.get('X-Next-Cursor') };
}

// Every page of a route, following its cursors.
async function getAll(url) {
  let rows = [];
  let cursor = null;
  for (let page = 0; page < 50; page++) {
    const { body, next } = await getJSON(url + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    rows = rows.concat(body);
    if (!next) break;
    cursor = next;
  }
  return rows;
}

async function loadKeys() {
  const by = $('by').value;
  const keys = (await getAll(by === 'merchant' ? '/analytics/merchants?limit=10000' : '/analytics/categories?limit=10000')).map(String);
  const select = $('key');
  const wanted = select.dataset.wanted || select.value;
  if (keys.join('\n') !== [...select.options].map((o) => o.value).join('\n'))
    select.replaceChildren(...keys.map((k) => new Option(by === 'merchant' ? 'Merchant ' + k : k, k)));
  if (keys.includes(wanted)) select.value = wanted;
  delete select.dataset.wanted;
  $('key-label').textContent = by === 'merchant' ? 'Merchant' : 'Category';
  $('breakdown-key').textContent = by === 'merchant' ? 'Category' : 'Merchant';
  $('breakdown-title').textContent = by === 'merchant' ? 'By category' : 'By merchant';
}

function chosenBucket(range) {
  const choice = $('bucket').value;
  if (choice !== 'auto') return choice;
  for (const [name, seconds] of Object.entries(BUCKETS)) if (range / seconds <= 120) return name;
  return '1d';
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A bar per bucket, placed by time between from and to. value(point) is a Number for the
// scale, label(point) the exact text shown.
function drawChart(id, points, from, to, width, value, label) {
  const chart = $(id).querySelector('svg');
  chart.replaceChildren();
  const W = 800, H = 220, left = 90, right = 10, top = 10, bottom = 30;
  const plotW = W - left - right, plotH = H - top - bottom;
  chart.append(svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: W - right, y2: top + plotH }));
  if (points.length === 0) {
    chart.append(svg('text', { class: 'empty', x: left + plotW / 2, y: top + plotH / 2, 'text-anchor': 'middle' }, 'No sales in this range'));
    return;
  }
  const max = Math.max(...points.map(value), 0) || 1;
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH - f * plotH;
    chart.append(svg('line', { class: 'axis', x1: left, y1: y, x2: W - right, y2: y }));
    chart.append(svg('text', { class: 'tick', x: left - 6, y: y + 4, 'text-anchor': 'end' }, compact(f * max)));
  }
  const x = (t) => left + ((t - from) / (to - from)) * plotW;
  const barW = Math.max(2, (width / (to - from)) * plotW - 1);
  for (const p of points) {
    const h = (Math.max(value(p), 0) / max) * plotH;
    const bar = svg('rect', { class: 'bar', x: x(p.time), y: top + plotH - h, width: barW, height: h,
                              'data-time': iso(p.time), 'data-value': label(p) });
    bar.append(svg('title', {}, iso(p.time) + ': ' + label(p)));
    chart.append(bar);
  }
  chart.append(svg('text', { class: 'tick', x: left, y: H - 8 }, shortTime(from) + ' UTC'));
  chart.append(svg('text', { class: 'tick', x: W - right, y: H - 8, 'text-anchor': 'end' }, shortTime(to) + ' UTC'));
}

function render(rows, by, from, to, width) {
  const series = new Map();
  const breakdown = new Map();
  const total = { revenue: 0n, items: 0, orders: 0 };
  for (const row of rows) {
    const time = Date.parse(row.timestamp) / 1000;
    const other = by === 'merchant' ? row.category : 'Merchant ' + row.merchantId;
    for (const [map, key] of [[series, time], [breakdown, other]]) {
      const sum = map.get(key) || { time, revenue: 0n, items: 0, orders: 0 };
      sum.revenue += cents(row.totalRevenue);
      sum.items += row.totalItems;
      sum.orders += row.orderCount;
      map.set(key, sum);
    }
    total.revenue += cents(row.totalRevenue);
    total.items += row.totalItems;
    total.orders += row.orderCount;
  }
  $('total-revenue').textContent = money(total.revenue);
  $('total-revenue').dataset.value = plain(total.revenue);
  $('total-items').textContent = group(String(total.items));
  $('total-orders').textContent = group(String(total.orders));
  const points = [...series.values()];
  drawChart('chart-revenue', points, from, to, width, (p) => Number(p.revenue) / 100, (p) => plain(p.revenue));
  drawChart('chart-items', points, from, to, width, (p) => p.items, (p) => String(p.items));
  drawChart('chart-orders', points, from, to, width, (p) => p.orders, (p) => String(p.orders));
  $('breakdown').tBodies[0].replaceChildren(...[...breakdown.entries()].sort((a, b) => (b[1].revenue > a[1].revenue ? 1 : -1)).map(([key, sum]) => {
    const tr = document.createElement('tr');
    for (const text of [key, money(sum.revenue), group(String(sum.items)), group(String(sum.orders))]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
}

function remember() {
  const p = new URLSearchParams();
  p.set($('by').value, $('key').value);
  for (const name of ['range', 'bucket', 'refresh']) p.set(name, $(name).value);
  if (pinnedEnd) p.set('to', iso(pinnedEnd));
  history.replaceState(null, '', '?' + p.toString());
}

async function refresh() {
  clearTimeout(timer);
  try {
    await loadKeys();
    const by = $('by').value;
    const key = $('key').value;
    if (!key) {
      status('No sales in the database yet.');
    } else {
      remember();
      const ready = (await getJSON('/health/readiness')).body;
      const now = Math.floor(Date.now() / 1000);
      const newest = ready.newestWindow ? Date.parse(ready.newestWindow) / 1000 : now;
      const range = Number($('range').value);
      const bucket = chosenBucket(range);
      const width = BUCKETS[bucket] || 60;
      const to = pinnedEnd || Math.ceil((newest + 1) / width) * width;
      const from = to - Math.ceil(range / width) * width;
      const rows = await getAll(`/analytics/${by}/${encodeURIComponent(key)}?from=${iso(from)}&to=${iso(to)}&limit=10000` +
                                (bucket ? '&bucket=' + bucket : ''));
      render(rows, by, from, to, width);
      status(`Updated ${new Date().toLocaleTimeString()} · ${rows.length} rows · newest window ${ready.newestWindow || 'none'}`);
    }
  } catch (error) {
    status('Could not load: ' + error.message, true);
  }
  const every = Number($('refresh').value);
  if (every > 0) timer = setTimeout(refresh, every * 1000);
}

function start() {
  if (pinnedEnd) $('range-note').textContent = 'The range ends at ' + iso(pinnedEnd) + '.';
  const p = new URLSearchParams(location.search);
  if (p.has('category')) { $('by').value = 'category'; $('key').dataset.wanted = p.get('category'); }
  if (p.has('merchant')) { $('by').value = 'merchant'; $('key').dataset.wanted = p.get('merchant'); }
  for (const name of ['range', 'bucket', 'refresh'])
    if (p.has(name) && [...$(name).options].some((o) => o.value === p.get(name))) $(name).value = p.get(name);
  $('by').addEventListener('change', () => { $('key').replaceChildren(); refresh(); });
  for (const name of ['key', 'range', 'bucket', 'refresh']) $(name).addEventListener('change', refresh);
  refresh();
}

start();
)js";

} // namespace cdc::http::assets
