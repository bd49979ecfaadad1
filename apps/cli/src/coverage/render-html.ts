import { CELL_STATUSES, type CoverageReport } from './coverage-model.js';

/** Cell colours, worst (dark) to best (green); the legend and the tests use the same table. */
export const STATUS_COLOURS: Readonly<Record<(typeof CELL_STATUSES)[number], string>> = {
  missing: '#3f007d',
  failed: '#d73027',
  silent: '#fc8d59',
  outdated: '#fee08b',
  drifted: '#91bfdb',
  ok: '#1a9850',
};

/**
 * The compact form embedded in the page: one string of status indexes per account, and details
 * only for cells that are not ok, so 1,000 × 17 stays a few hundred kilobytes.
 */
function pageData(report: CoverageReport): unknown {
  const ous = [...new Set(report.accounts.map((a) => a.ouPath))].sort();
  const ouIndex = new Map(ous.map((ou, i) => [ou, i]));
  return {
    generatedAt: report.generatedAt,
    stackSet: report.stackSet,
    silentAfterMinutes: report.silentAfterMinutes,
    regions: report.regions,
    statuses: CELL_STATUSES,
    ous,
    accounts: report.accounts.map((a) => {
      const details: Record<number, string> = {};
      const codes = report.regions
        .map((region, i) => {
          const c = a.cells[region];
          if (!c) return '0';
          if (c.status !== 'ok' || c.lastHeartbeat) {
            details[i] = [
              c.instance ? `instance ${c.instance}` : '',
              c.drift ? `drift ${c.drift}` : '',
              c.lastHeartbeat ? `last heartbeat ${c.lastHeartbeat}` : 'no heartbeat',
              c.reason ?? '',
            ]
              .filter((part) => part !== '')
              .join(' · ');
          }
          return String(CELL_STATUSES.indexOf(c.status));
        })
        .join('');
      return [
        a.id,
        a.name,
        ouIndex.get(a.ouPath) ?? 0,
        a.management ? 1 : 0,
        a.covered ? 1 : 0,
        a.hasInstance ? 1 : 0,
        codes,
        details,
      ];
    }),
  };
}

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{font:13px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;background:#fafafa}
body{margin:16px 20px}
h1{font-size:18px;margin:0 0 4px}
.meta{color:#555;margin-bottom:12px}
.totals{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:12px}
.total{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 10px;min-width:84px}
.total b{display:block;font-size:20px}
.total.bad b{color:#b2182b}
.controls{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:8px 0 10px;position:sticky;top:0;background:#fafafa;padding:6px 0;z-index:2;border-bottom:1px solid #e3e3e3}
.controls label{display:flex;gap:4px;align-items:center}
select,input{font:inherit;padding:2px 4px}
.legend{display:flex;gap:10px;flex-wrap:wrap}
.legend span{display:inline-flex;align-items:center;gap:4px}
.sw{width:12px;height:12px;display:inline-block;border-radius:2px}
.grid{display:grid;grid-template-columns:110px 210px 200px auto;column-gap:8px;align-items:center}
.head{position:sticky;top:44px;background:#fafafa;z-index:1;padding-bottom:4px;align-self:end}
.regions{display:flex;gap:1px}
.regions .rh{width:13px;height:96px;writing-mode:vertical-rl;transform:rotate(180deg);font-size:10px;color:#444;display:flex;align-items:center;justify-content:flex-start;overflow:hidden}
.bar{width:13px;height:40px;display:flex;flex-direction:column-reverse;background:#eee}
.bar i{display:block;width:100%}
.row{display:contents}
.row>div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;height:15px}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.ou{color:#555}
.cells{display:flex;gap:1px}
.cells i{width:13px;height:13px;display:block;border-radius:1px}
.row.uncovered .id{color:#b2182b;font-weight:600}
.mgmt{font-size:10px;color:#555;border:1px solid #bbb;border-radius:3px;padding:0 3px;margin-left:4px}
.empty{color:#555;padding:12px 0}
.overview{margin:4px 0 10px}
.overview canvas{display:block;max-width:100%;image-rendering:pixelated;border:1px solid #ddd;cursor:crosshair;background:#eee}
.overview .hint{color:#555;font-size:12px}
`;

// Plain DOM code: the page must work from a file with no network, so no framework.
const SCRIPT = `
const data = JSON.parse(document.getElementById('coverage-data').textContent);
const colours = JSON.parse(document.getElementById('coverage-colours').textContent);
const S = data.statuses;
const accounts = data.accounts.map((a) => ({ id: a[0], name: a[1], ou: data.ous[a[2]], management: a[3] === 1, covered: a[4] === 1, hasInstance: a[5] === 1, codes: a[6], details: a[7] }));
const $ = (id) => document.getElementById(id);
const ouSelect = $('ou'); const statusSelect = $('status'); const sortSelect = $('sort'); const search = $('search');
for (const ou of data.ous) { const o = document.createElement('option'); o.value = ou; o.textContent = ou || '(no OU)'; ouSelect.append(o); }
for (const s of S) { const o = document.createElement('option'); o.value = s; o.textContent = 'has ' + s; statusSelect.append(o); }
const legend = $('legend');
for (const s of S) { const span = document.createElement('span'); const sw = document.createElement('i'); sw.className = 'sw'; sw.style.background = colours[s]; span.append(sw, s); legend.append(span); }
const head = $('region-heads');
// Filters live in the URL fragment, so a filtered view can be bookmarked or sent.
function read() { const p = new URLSearchParams(location.hash.slice(1)); if (p.has('ou')) ouSelect.value = p.get('ou'); if (p.has('status')) statusSelect.value = p.get('status'); if (p.has('sort')) sortSelect.value = p.get('sort'); if (p.has('q')) search.value = p.get('q'); }
function write() { const p = new URLSearchParams(); if (ouSelect.value) p.set('ou', ouSelect.value); if (statusSelect.value) p.set('status', statusSelect.value); if (sortSelect.value !== 'problems') p.set('sort', sortSelect.value); if (search.value) p.set('q', search.value); history.replaceState(null, '', '#' + p.toString()); }
function matches(a) {
  const ou = ouSelect.value; if (ou !== '' && a.ou !== ou && !a.ou.startsWith(ou + '/')) return false;
  const st = statusSelect.value;
  if (st === 'uncovered' && a.covered) return false;
  if (st === 'covered' && !a.covered) return false;
  if (st !== '' && st !== 'uncovered' && st !== 'covered' && !a.codes.includes(String(S.indexOf(st)))) return false;
  const q = search.value.trim().toLowerCase(); if (q && !a.id.includes(q) && !a.name.toLowerCase().includes(q)) return false;
  return true;
}
// 'problems' keeps the report's order: accounts without any instance first, then by problems.
const sorters = {
  problems: null,
  name: (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  id: (a, b) => a.id.localeCompare(b.id),
  ou: (a, b) => a.ou.localeCompare(b.ou) || a.name.localeCompare(b.name),
};
function render() {
  const visible = accounts.filter(matches);
  const sorter = sorters[sortSelect.value]; if (sorter) visible.sort(sorter);
  const counts = Object.fromEntries(S.map((s) => [s, 0]));
  const perRegion = data.regions.map(() => S.map(() => 0));
  let covered = 0;
  for (const a of visible) { if (a.covered) covered++; for (let i = 0; i < a.codes.length; i++) { const c = Number(a.codes[i]); counts[S[c]]++; perRegion[i][c]++; } }
  $('n-accounts').textContent = visible.length.toLocaleString('en-US');
  $('n-covered').textContent = covered.toLocaleString('en-US');
  $('n-uncovered').textContent = (visible.length - covered).toLocaleString('en-US');
  for (const s of S) $('n-' + s).textContent = counts[s].toLocaleString('en-US');
  $('n-uncovered').parentElement.classList.toggle('bad', visible.length - covered > 0);
  head.replaceChildren(...data.regions.map((r, i) => { const col = document.createElement('div'); col.style.display = 'flex'; col.style.flexDirection = 'column'; col.style.gap = '2px';
    const bar = document.createElement('div'); bar.className = 'bar'; const total = perRegion[i].reduce((x, y) => x + y, 0) || 1;
    for (let c = S.length - 1; c >= 0; c--) { const seg = document.createElement('i'); seg.style.height = (100 * perRegion[i][c] / total) + '%'; seg.style.background = colours[S[c]]; bar.append(seg); }
    bar.title = r + ': ' + S.map((s, c) => s + ' ' + perRegion[i][c]).join(', ');
    const label = document.createElement('div'); label.className = 'rh'; label.textContent = r; col.append(label, bar); return col; }));
  const rows = document.createDocumentFragment();
  for (const a of visible) {
    const row = document.createElement('div'); row.className = 'row' + (a.covered ? '' : ' uncovered'); row.dataset.account = a.id;
    const id = document.createElement('div'); id.className = 'id'; id.textContent = a.id;
    const name = document.createElement('div'); name.textContent = a.name; name.title = a.name;
    if (a.management) { const m = document.createElement('span'); m.className = 'mgmt'; m.textContent = 'management'; name.append(m); }
    if (!a.hasInstance && !a.management) { name.title += ' — no stack instance in any region'; }
    const ou = document.createElement('div'); ou.className = 'ou'; ou.textContent = a.ou; ou.title = a.ou;
    const cells = document.createElement('div'); cells.className = 'cells';
    for (let i = 0; i < a.codes.length; i++) { const cell = document.createElement('i'); const s = S[Number(a.codes[i])]; cell.style.background = colours[s]; cell.dataset.status = s;
      cell.title = a.id + ' ' + (a.name || '') + ' · ' + data.regions[i] + ': ' + s + (a.details[i] ? ' · ' + a.details[i] : ''); cells.append(cell); }
    row.append(id, name, ou, cells); rows.append(row);
  }
  $('rows').replaceChildren(rows);
  drawOverview(visible);
  $('empty').hidden = visible.length > 0;
  write();
}
// Every visible account at once: one column per account (in the list's order), one row per
// region; clicking a column scrolls to that account.
let overviewAccounts = [];
function drawOverview(visible) {
  overviewAccounts = visible;
  const canvas = $('overview'); const cellW = visible.length > 600 ? 1 : visible.length > 300 ? 2 : 4; const cellH = 4;
  canvas.width = Math.max(1, visible.length * cellW); canvas.height = data.regions.length * cellH;
  canvas.style.width = canvas.width + 'px'; canvas.style.height = (canvas.height * 2) + 'px';
  const ctx = canvas.getContext('2d');
  visible.forEach((a, x) => { for (let i = 0; i < a.codes.length; i++) { ctx.fillStyle = colours[S[Number(a.codes[i])]]; ctx.fillRect(x * cellW, i * cellH, cellW, cellH); } });
  canvas.dataset.cellWidth = String(cellW);
}
$('overview').addEventListener('click', (event) => {
  const canvas = event.currentTarget; const rect = canvas.getBoundingClientRect();
  const x = Math.floor(((event.clientX - rect.left) / rect.width) * canvas.width / Number(canvas.dataset.cellWidth));
  const account = overviewAccounts[x]; if (!account) return;
  const row = document.querySelector('#rows .row[data-account="' + account.id + '"] > div'); if (row) row.scrollIntoView({ block: 'center' });
});
read();
for (const el of [ouSelect, statusSelect, sortSelect]) el.addEventListener('change', render);
search.addEventListener('input', render);
render();
document.body.dataset.ready = 'true';
`;

/**
 * One self-contained HTML page (inline style, script and data; no network) with the accounts ×
 * regions heat map, totals, per-region bars, and filters by OU, status and name.
 */
export function renderCoverageHtml(report: CoverageReport): string {
  const s = report.summary;
  const totals = [
    ['accounts', 'accounts', s.accounts],
    ['covered', 'covered', s.covered],
    ['uncovered', 'uncovered', s.uncovered],
    ...CELL_STATUSES.map((status) => [status, `${status} cells`, s.cells[status]] as const),
  ]
    .map(
      ([id, label, n]) =>
        `<div class="total"><b id="n-${id}">${Number(n).toLocaleString('en-US')}</b>${label}</div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>trailwatch coverage — ${escapeHtml(report.generatedAt)}</title>
<style>${STYLE}</style></head>
<body>
<h1>trailwatch coverage</h1>
<div class="meta">StackSet ${escapeHtml(report.stackSet)} · ${s.accounts.toLocaleString('en-US')} active accounts × ${report.regions.length} regions · a cell is covered when a heartbeat arrived within ${report.silentAfterMinutes} min · generated ${escapeHtml(report.generatedAt)}${s.inactive > 0 ? ` · ${s.inactive} account(s) not ACTIVE left out` : ''}</div>
<div class="totals">${totals}</div>
<div class="controls">
<label>OU <select id="ou"><option value="">all OUs</option></select></label>
<label>Status <select id="status"><option value="">any</option><option value="uncovered">uncovered</option><option value="covered">covered</option></select></label>
<label>Sort <select id="sort"><option value="problems">problems first</option><option value="name">name</option><option value="id">account id</option><option value="ou">OU</option></select></label>
<label>Find <input id="search" type="search" placeholder="id or name" size="16"></label>
<div class="legend" id="legend"></div>
</div>
<div class="overview"><canvas id="overview" width="1" height="1" aria-label="every visible account as one column, regions as rows"></canvas><div class="hint">Overview: one column per account in list order, one row per region (top: ${escapeHtml(report.regions[0] ?? '')}); click to jump to an account.</div></div>
<div class="grid">
<div class="head">Account</div><div class="head">Name</div><div class="head">OU</div><div class="head regions" id="region-heads"></div>
</div>
<div class="grid" id="rows"></div>
<div class="empty" id="empty" hidden>No account matches the filters.</div>
<script type="application/json" id="coverage-data">${scriptJson(pageData(report))}</script>
<script type="application/json" id="coverage-colours">${scriptJson(STATUS_COLOURS)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
