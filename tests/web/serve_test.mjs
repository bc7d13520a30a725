// The editing page of `zoneplan serve` in a real browser: starts the server on the sample
// scenario (port 0, saves into a temporary folder), opens the page in Chromium
// (playwright-core from web/node_modules, the system's chromium) and edits like a planner:
// picks a school by its marker and by the list, paints a block with a real mouse click (the
// panel's pupils of both schools change by exactly that block's children), undoes and redoes
// it (buttons and Ctrl-Z / Ctrl-Y), lassoes blocks with Shift-drag, paints in bulk through
// window.zpEdit, shows the compare view (red outlines, children moved per school pair), locks
// a block (it keeps its school when the rest is optimised), exports and imports the CSV, then
// optimises, saves the plan and runs it with `zoneplan run` twice: schools.csv matches the
// page's panel school by school and level, and both runs are the same bytes.
//   node tests/web/serve_test.mjs ZONEPLAN_BINARY REPO_DIR
// Screenshot: $ZP_ARTIFACTS/serve.png (default REPO_DIR/build/test-artifacts); with
// ZP_DOCS_SCREENSHOT=1 also copied to docs/serve.png, the README's (the test does not write
// into the source tree otherwise).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { parseCsv, sleep, startServer, stopServer, tally } from './serve_common.mjs';

if (process.argv.length !== 4) {
  console.error('usage: node serve_test.mjs ZONEPLAN_BINARY REPO_DIR');
  process.exit(2);
}
const [bin, repo] = process.argv.slice(2).map((a) => path.resolve(a));
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const check = tally.check;


/* schools.csv of a run: "S001/primary" -> its row as an object. */
function schoolsCsv(dir) {
  const rows = parseCsv(fs.readFileSync(path.join(dir, 'schools.csv'), 'utf8'));
  const head = rows.shift();
  const by = new Map();
  for (const f of rows) {
    const o = Object.fromEntries(head.map((h, i) => [h, f[i]]));
    by.set(`${o.school_id}/${o.level}`, o);
  }
  return by;
}
/* assignment.csv: "B00001/primary" -> school id ('' none). */
function assignmentCsv(dir) {
  const rows = parseCsv(fs.readFileSync(path.join(dir, 'assignment.csv'), 'utf8'));
  const head = rows.shift();
  const [bi, li, si] = ['block_id', 'level', 'school_id'].map((k) => head.indexOf(k));
  const by = new Map();
  for (const f of rows) {
    by.set(`${f[bi]}/${f[li]}`, f[si]);
  }
  return by;
}

/* The panel as the page shows it: per school row, the data-value of each cell and its flags. */
async function panelOf(page) {
  return page.evaluate(() => {
    const out = {};
    document.querySelectorAll('#panel tbody tr[data-school]').forEach((tr) => {
      const row = {};
      tr.querySelectorAll('td[data-field]').forEach((td) => {
        row[td.dataset.field] = td.dataset.value === '' ? null : Number(td.dataset.value);
        if (td.classList.contains('flag')) (row.red = row.red || []).push(td.dataset.field);
      });
      row.flags = tr.querySelector('td[data-field="pupils"]').dataset.flags;
      out[tr.dataset.school] = row;
    });
    return out;
  });
}
const state = (page) => page.evaluate(() => window.zpEdit.state());
const undoCount = (page) => page.evaluate(() => Number(document.getElementById('undo').dataset.count));

/* Clicks block id with the mouse where the page says the block is drawn; false when no point
 * of it is on screen, or a marker or control covers it. */
async function clickBlock(page, id, modifiers) {
  const spot = await page.evaluate((id) => {
    const s = window.zpEdit.blockSpot(id);
    if (!s) return null;
    const hit = document.elementFromPoint(s.x, s.y);
    s.canvas = !!(hit && hit.tagName === 'CANVAS');
    return s;
  }, id);
  if (!spot || !spot.hit || !spot.canvas) return false;
  if (modifiers) for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(spot.x, spot.y);
  if (modifiers) for (const m of modifiers) await page.keyboard.up(m);
  return true;
}
async function clickable(page, id) {
  return page.evaluate((id) => {
    const s = window.zpEdit.blockSpot(id);
    if (!s || !s.hit || s.margin < 3) return false;
    const hit = document.elementFromPoint(s.x, s.y);
    return !!(hit && hit.tagName === 'CANVAS');
  }, id);
}
/* Waits until the undo counter is n (an edit came back). */
async function untilUndo(page, n, what) {
  try {
    await page.waitForFunction((n) => Number(document.getElementById('undo').dataset.count) === n, n,
      { timeout: 30000 });
    return true;
  } catch (e) {
    const err = await page.locator('#error').innerText().catch(() => '');
    check(false, `${what}: undo count never reached ${n} (page error box: ${JSON.stringify(err)})`);
    return false;
  }
}

/* A run folder against what the page showed: schools.csv per school and level against the
 * panel (rows: level -> panelOf), assignment.csv per block against the session's state. */
let ctx = null;
function compareRun(dir, rows, st, what) {
  const { data, L } = ctx;
  const sc = schoolsCsv(dir);
  const bad = [];
  let compared = 0;
  for (const lv of L) {
    for (const [id, row] of Object.entries(rows[lv])) {
      const r = sc.get(`${id}/${lv}`);
      compared++;
      if (!r) { bad.push(`${id}/${lv}: not in schools.csv`); continue; }
      const flagsCsv = (r.flags || '').split(';').filter(Boolean).sort().join(';');
      const flagsPage = (row.flags || '').split(';').filter(Boolean).sort().join(';');
      const diffs = [['enrolment', row.pupils], ['capacity', row.places], ['beyond_radius', row.beyond_radius],
        ['shortfall', row.shortfall]].filter(([k, v]) => Number(r[k]) !== v).map(([k, v]) => `${k} csv ${r[k]} page ${v}`);
      if (flagsCsv !== flagsPage) diffs.push(`flags csv ${flagsCsv} page ${flagsPage}`);
      if (diffs.length) bad.push(`${id}/${lv}: ${diffs.join(', ')}`);
    }
  }
  check(bad.length === 0 && compared > 0,
    `${what}: schools.csv = the page's panel, ${compared} school-levels (enrolment, capacity, beyond_radius, shortfall, flags)${bad.length ? ':\n    ' + bad.slice(0, 20).join('\n    ') : ''}`);
  const asg = assignmentCsv(dir);
  const moved = [];
  for (const f of data.blocks.features) {
    L.forEach((lv, l) => {
      const s = st.school[l][f.properties.i], want = s >= 0 ? data.schools[s].id : '';
      const got = asg.get(`${f.properties.id}/${lv}`);
      if (got !== undefined && got !== want) moved.push(`${f.properties.id}/${lv} page ${want} run ${got}`);
    });
  }
  check(moved.length === 0, `${what}: assignment.csv = the page's blocks (${moved.length} differ${moved.length ? ': ' + moved.slice(0, 8).join('; ') : ''})`);
  return asg;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zp-serve-'));
  const saveDir = path.join(tmp, 'save');
  fs.mkdirSync(saveDir);
  const artifacts = process.env.ZP_ARTIFACTS || path.join(repo, 'build', 'test-artifacts');
  const scenario = path.join(repo, 'scenarios', 'sample-baseline.yaml');
  const srv = await startServer(bin, repo, scenario, ['--save-dir', saveDir]);
  console.log(`server: ${srv.url} (pid ${srv.proc.pid})`);
  let context = null;
  const requests = [], errors = [];
  try {
    const data = await (await fetch(srv.url + 'api/data')).json();
    const nblocks = data.blocks.features.length;
    const L = data.levels, P = L.indexOf('primary'), J = L.indexOf('junior');
    check(P >= 0 && J >= 0, `the sample's levels are primary and junior (${JSON.stringify(L)})`);
    ctx = { data, L };
    const schoolIdx = new Map(data.schools.map((s, i) => [s.id, i]));
    const blockIdx = new Map(data.blocks.features.map((f, i) => [f.properties.id, i]));

    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith(srv.url) ? route.continue() : route.abort();
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    // (Chromium logs every answer >= 400 as a console error: the 409s asked for below are not)
    page.on('console', (m) => m.type() === 'error' && !/status of 409 \(Conflict\)/.test(m.text()) &&
      errors.push(`console: ${m.text()}`));
    let confirmAnswer = false; // the page's confirm (overwrite a saved plan?)
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message().replace(/\s+/g, ' ')}`);
      return d.type() === 'confirm' && confirmAnswer ? d.accept() : d.dismiss();
    });
    await page.goto(srv.url);
    await page.waitForFunction(() => document.body.classList.contains('ready') ||
      !document.getElementById('error').hidden, null, { timeout: 60000 });
    const bootError = await page.evaluate(() => document.getElementById('error').hidden ? '' :
      document.getElementById('error').textContent);
    if (!check(!bootError, `the page loads and opens a session (${bootError || 'ready'})`))
      throw new Error('the page did not start');

    let st = await state(page);
    const rows0 = await panelOf(page);
    const servingP = st.panel.levels[P].schools.map((r) => data.schools[r.school].id);
    check(Object.keys(rows0).length === servingP.length && servingP.every((id) => rows0[id]),
      `primary panel: one row per serving school (${Object.keys(rows0).length} rows, panel has ${servingP.length})`);
    const totalsShown = await page.evaluate(() => document.querySelector('#totals td[data-field="children"]').dataset.value);
    check(Number(totalsShown) === st.panel.levels[P].totals.children,
      `#totals shows the level's children (${totalsShown})`);
    check(st.school.length === L.length && st.school[P].length === nblocks,
      `the session's school arrays: ${st.school.length} levels of ${st.school[P].length} blocks (${nblocks} blocks)`);

    // A block to paint with the mouse: children at primary, a school in the session's plan, a
    // school to move it to (its school today when that differs, else another serving one),
    // and a spot on screen where the click hits it.
    const serving = new Set(st.panel.levels[P].schools.map((r) => r.school));
    let target = null;
    for (let k = 0; k < nblocks && !target; k++) {
      const f = data.blocks.features[(k * 7919) % nblocks].properties; // spread over the district
      const i = f.i, from = st.school[P][i], kids = f.children[P], today = f.today[P];
      if (kids <= 0 || from < 0) continue;
      let to = today >= 0 && today !== from && serving.has(today) && !data.schools[today].closed ? today : -1;
      if (to < 0) to = [...serving].find((s) => s !== from && !data.schools[s].closed);
      if (to === undefined || to < 0) continue;
      if (!(await clickable(page, f.id))) continue;
      target = { id: f.id, i, from, to, kids };
    }
    if (!check(!!target, 'a block with children that a click can hit'))
      throw new Error('no block to click');
    const A = data.schools[target.to].id, B = data.schools[target.from].id;
    console.log(`block ${target.id}: ${target.kids} primary children, ${B} -> ${A}`);

    // The brush: a click on a school's marker, then the list.
    const marker = await page.evaluate((id) => window.zpEdit.schoolSpot(id), B);
    await page.mouse.click(marker.x, marker.y);
    check(await page.locator('#school-pick').inputValue() === B, `clicking ${B}'s marker picks it as the brush`);
    await page.mouse.move(5, 5);
    await page.locator('#school-pick').selectOption(A);
    check(await page.locator('#school-pick').inputValue() === A, `school ${A} picked from the list`);

    // Paint with a real click: both schools' pupils change by the block's children exactly.
    const u0 = await undoCount(page);
    check(await clickBlock(page, target.id), `clicked block ${target.id}`);
    await untilUndo(page, u0 + 1, 'click paint');
    st = await state(page);
    const rows1 = await panelOf(page);
    check(st.school[P][target.i] === target.to && st.painted[P].includes(target.i),
      `block ${target.id} painted onto ${A} (school ${st.school[P][target.i]}, painted ${st.painted[P].includes(target.i)})`);
    check(rows1[A].pupils === rows0[A].pupils + target.kids,
      `${A} pupils ${rows0[A].pupils} -> ${rows1[A].pupils} (+${target.kids} expected)`);
    check(rows1[B].pupils === rows0[B].pupils - target.kids,
      `${B} pupils ${rows0[B].pupils} -> ${rows1[B].pupils} (-${target.kids} expected)`);
    const others = Object.keys(rows0).filter((id) => id !== A && id !== B && rows0[id].pupils !== rows1[id].pupils);
    check(others.length === 0, `no other school's pupils changed (${others.join(' ') || 'none'})`);
    const sty = await page.evaluate((id) => window.zpEdit.blockStyle(id), target.id);
    check(sty.fillColor.toLowerCase() === data.schools[target.to].colour.toLowerCase() && sty.weight >= 2.5,
      `the painted block is filled with ${A}'s colour and outlined thick (${JSON.stringify(sty)})`);
    const dirty = await page.locator('#dirty').isVisible();
    check(st.dirty === true && dirty, `dirty after the edit, and the page says so (${st.dirty}, shown ${dirty})`);
    const lat = await page.evaluate(() => ({ ...document.getElementById('latency').dataset,
      text: document.getElementById('latency').textContent }));
    check(lat.ms !== '' && Number(lat.rtt) > 0, `#latency shows the server's ms and the round trip (${lat.text})`);
    console.log(`latency of the click paint: server ${lat.ms} ms, round trip ${Number(lat.rtt).toFixed(1)} ms`);

    // Undo (button) restores the numbers; Ctrl-Y redoes, Ctrl-Z undoes again.
    await page.locator('#undo').click();
    await untilUndo(page, u0, 'undo button');
    let rows = await panelOf(page);
    st = await state(page);
    check(rows[A].pupils === rows0[A].pupils && rows[B].pupils === rows0[B].pupils &&
      st.school[P][target.i] === target.from && !st.painted[P].includes(target.i),
      `undo: ${A} ${rows[A].pupils}, ${B} ${rows[B].pupils} as before, block back at ${data.schools[st.school[P][target.i]]?.id}`);
    await page.locator('#map').focus().catch(() => {});
    await page.mouse.move(5, 5);
    await page.keyboard.press('Control+y');
    await untilUndo(page, u0 + 1, 'Ctrl-Y');
    rows = await panelOf(page);
    check(rows[A].pupils === rows1[A].pupils && rows[B].pupils === rows1[B].pupils, `Ctrl-Y redoes the paint (${A} ${rows[A].pupils})`);
    await page.keyboard.press('Control+z');
    await untilUndo(page, u0, 'Ctrl-Z');
    rows = await panelOf(page);
    check(rows[A].pupils === rows0[A].pupils && rows[B].pupils === rows0[B].pupils, `Ctrl-Z undoes it (${A} ${rows[A].pupils})`);

    // Lasso: Shift-drag a square around a block; the blocks whose centre is inside are painted.
    let lassoed = null;
    for (let k = 1; k < nblocks && !lassoed; k += 37) {
      const f = data.blocks.features[(k * 104729) % nblocks].properties;
      if (f.i === target.i || !(await clickable(page, f.id))) continue;
      const spot = await page.evaluate((id) => window.zpEdit.blockSpot(id), f.id);
      const r = 18, sq = [[-r, -r], [r, -r], [r, r], [-r, r]].map(([dx, dy]) => [spot.x + dx, spot.y + dy]);
      const inside = await page.evaluate((sq) => {
        const m = window.zpEdit.map, box = m.getContainer().getBoundingClientRect();
        const ring = sq.map(([x, y]) => m.containerPointToLatLng([x - box.left, y - box.top])).map((ll) => [ll.lat, ll.lng]);
        const hits = sq.map(([x, y]) => { const e = document.elementFromPoint(x, y); return !!(e && e.tagName === 'CANVAS'); });
        return hits.every(Boolean) ? window.zpEdit.lasso(ring) : null;
      }, sq);
      if (inside && inside.length) lassoed = { sq, inside };
    }
    if (check(!!lassoed, 'a spot for the lasso')) {
      const before = await state(page);
      const u = await undoCount(page);
      await page.keyboard.down('Shift');
      await page.mouse.move(...lassoed.sq[0]);
      await page.mouse.down();
      for (const p of [...lassoed.sq.slice(1), lassoed.sq[0]]) await page.mouse.move(...p, { steps: 4 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      await untilUndo(page, u + 1, 'lasso');
      st = await state(page);
      const got = st.painted[P].filter((i) => !before.painted[P].includes(i)).sort((a, b) => a - b);
      const want = [...lassoed.inside].sort((a, b) => a - b);
      check(JSON.stringify(got) === JSON.stringify(want) && want.every((i) => st.school[P][i] === target.to),
        `lasso painted the ${want.length} block(s) whose centre is inside onto ${A} (painted ${JSON.stringify(got)})`);
      await page.locator('#undo').click();
      await untilUndo(page, u, 'undo of the lasso');
    }

    // Bulk paints through zpEdit: both levels; the panel follows the server's Panel.
    // Primary: blocks spread over the district onto A; junior: the 4 blocks with junior
    // children nearest to a junior school that are not its own yet.
    const bulkP = [];
    for (let k = 0; k < nblocks && bulkP.length < 6; k += 53) {
      const f = data.blocks.features[k].properties;
      if (f.children[P] > 0 && st.school[P][f.i] !== target.to && f.i !== target.i) bulkP.push(f.id);
    }
    const jServing = st.panel.levels[J].schools.map((r) => r.school).filter((s) => !data.schools[s].closed);
    const jTo = jServing[Math.floor(jServing.length / 2)], juniorTo = data.schools[jTo].id;
    const near = (f) => {
      const c = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0][0] : f.geometry.coordinates[0][0][0];
      return (c[0] - data.schools[jTo].lon) ** 2 + (c[1] - data.schools[jTo].lat) ** 2;
    };
    const bulkJ = data.blocks.features.filter((f) => f.properties.children[J] > 0 && st.school[J][f.properties.i] !== jTo &&
      !bulkP.includes(f.properties.id) && f.properties.i !== target.i)
      .sort((a, b) => near(a) - near(b)).slice(0, 4).map((f) => f.properties.id);
    await page.evaluate(([P, ids, A]) => window.zpEdit.paint(P, ids, A), [L[P], bulkP, A]);
    await page.evaluate(([J, ids, S]) => window.zpEdit.paint(J, ids, S), [L[J], bulkJ, juniorTo]);
    st = await state(page);
    const sumPupils = (lv) => st.panel.levels[lv].schools.reduce((a, r) => a + r.pupils, 0);
    check(bulkP.every((id) => st.school[P][blockIdx.get(id)] === schoolIdx.get(A)) &&
      bulkJ.every((id) => st.school[J][blockIdx.get(id)] === schoolIdx.get(juniorTo)),
      `zpEdit.paint: ${bulkP.length} primary blocks onto ${A}, ${bulkJ.length} junior blocks onto ${juniorTo}`);
    check(sumPupils(P) === st.panel.levels[P].totals.placed,
      `primary: the schools' pupils add up to the placed children (${sumPupils(P)} = ${st.panel.levels[P].totals.placed})`);
    rows = await panelOf(page);
    const shownOk = st.panel.levels[P].schools.every((r) => rows[data.schools[r.school].id].pupils === r.pupils &&
      rows[data.schools[r.school].id].places === r.places);
    check(shownOk, 'the panel shows the pupils and places of the last Delta');
    // Flags raised are red: every row whose flags include beyond_radius has that cell red.
    const redOk = st.panel.levels[P].schools.every((r) => {
      const row = rows[data.schools[r.school].id];
      return r.flags.includes('beyond_radius') === (row.red || []).includes('beyond_radius') &&
        r.flags.includes('shortfall') === (row.red || []).includes('shortfall');
    });
    check(redOk, 'the beyond-radius and shortfall cells are red exactly where the flag is raised');

    // The level switcher: the junior panel.
    await page.locator('#level').selectOption(L[J]);
    const rowsJ = await panelOf(page);
    check(Object.keys(rowsJ).length === st.panel.levels[J].schools.length &&
      rowsJ[juniorTo] && rowsJ[juniorTo].pupils === st.panel.levels[J].schools.find((r) => data.schools[r.school].id === juniorTo).pupils,
      `junior shown: ${Object.keys(rowsJ).length} rows, ${juniorTo} pupils ${rowsJ[juniorTo]?.pupils}`);
    const jsty = await page.evaluate((id) => window.zpEdit.blockStyle(id), bulkJ[0]);
    check(jsty && jsty.fillColor.toLowerCase() === data.schools[schoolIdx.get(juniorTo)].colour.toLowerCase(),
      `junior shown: block ${bulkJ[0]} in ${juniorTo}'s colour`);
    await page.locator('#level').selectOption(L[P]);

    // The compare view against today: the blocks that differ outlined red, and the pairs'
    // children add up to the children moved off today's school.
    await page.locator('#compare').selectOption('today');
    await page.waitForFunction(() => !document.getElementById('pairs-box').hidden, null, { timeout: 30000 });
    st = await state(page);
    const outlined = await page.evaluate(() => window.zpEdit.outlined());
    check(outlined === st.compare.blocks[P].length && outlined > 0,
      `compare today: ${outlined} blocks outlined red, /api/compare lists ${st.compare.blocks[P].length}`);
    const pairRows = await page.locator('#pairs tbody tr').count();
    const pairKids = st.compare.pairs[P].reduce((a, p) => a + p.children, 0);
    check(pairRows === st.compare.pairs[P].length && pairRows > 0,
      `compare today: ${pairRows} school pairs in the table (${st.compare.pairs[P].length} from the server)`);
    check(pairKids === st.panel.levels[P].totals.moved,
      `compare today: children moved per pair add up to the totals' moved (${pairKids} = ${st.panel.levels[P].totals.moved})`);
    // an edit while comparing updates the outlines
    await page.evaluate(([P, ids, A]) => window.zpEdit.paint(P, ids, A), [L[P], [target.id], A]);
    st = await state(page);
    const outlined2 = await page.evaluate(() => window.zpEdit.outlined());
    check(outlined2 === st.compare.blocks[P].length, `compare follows the edits (${outlined2} outlined, ${st.compare.blocks[P].length} listed)`);
    await page.locator('#compare').selectOption('none');
    await page.waitForFunction(() => document.getElementById('pairs-box').hidden, null, { timeout: 30000 });
    check(await page.evaluate(() => window.zpEdit.outlined()) === 0, 'compare none: no red outlines');

    // Lock: a block painted elsewhere, locked with a click in lock mode, then unpainted: only
    // the lock keeps it at the school it was painted to when the rest is optimised. A second
    // block treated the same but not locked shows what optimising does without the lock.
    const lockable = [];
    for (let k = 0; k < nblocks && lockable.length < 2; k += 29) {
      const f = data.blocks.features[(k * 7907) % nblocks].properties;
      const i = f.i, from = st.school[P][i];
      if (f.children[P] < 5 || from < 0 || from === target.to || st.painted[P].includes(i) || st.locked.includes(i)) continue;
      if (bulkP.includes(f.id) || bulkJ.includes(f.id) || f.id === target.id) continue;
      if (lockable.length === 0 && !(await clickable(page, f.id))) continue;
      lockable.push({ id: f.id, i, from });
    }
    if (check(lockable.length === 2, 'two blocks for the lock test')) {
      const [lk, ctl] = lockable;
      const ids = [lk.id, ctl.id];
      await page.evaluate(([P, ids, A]) => window.zpEdit.paint(P, ids, A), [L[P], ids, A]);
      await page.locator('#lock-mode').click();
      const u = await undoCount(page);
      await clickBlock(page, lk.id);
      await untilUndo(page, u + 1, 'lock click');
      await page.locator('#lock-mode').click();
      st = await state(page);
      const lsty = await page.evaluate((id) => window.zpEdit.blockStyle(id), lk.id);
      check(st.locked.includes(lk.i) && !!lsty.dashArray, `block ${lk.id} locked by a click in lock mode, drawn dashed (${JSON.stringify(lsty)})`);
      await page.evaluate(([P, ids]) => window.zpEdit.paint(P, ids, null), [L[P], ids]);
      st = await state(page);
      check(!st.painted[P].includes(lk.i) && !st.painted[P].includes(ctl.i) && st.school[P][lk.i] === schoolIdx.get(A),
        `unpainted, the blocks stay where they are (${lk.id} at ${data.schools[st.school[P][lk.i]].id})`);
      const keepJ = st.school[J][lk.i];
      await page.locator('#optimise').click();
      await page.waitForFunction(() => !document.getElementById('optimise').disabled, null, { timeout: 300000 });
      st = await state(page);
      check(st.dirty === false && !(await page.locator('#dirty').isVisible()), `optimise: dirty false and not shown (${st.dirty})`);
      check(st.school[P][lk.i] === schoolIdx.get(A) && st.school[J][lk.i] === keepJ,
        `optimise: locked block ${lk.id} kept ${A} (primary ${data.schools[st.school[P][lk.i]]?.id}) and its junior school`);
      check(st.school[P][ctl.i] !== schoolIdx.get(A),
        `optimise: the unlocked control block ${ctl.id} left ${A} (now ${data.schools[st.school[P][ctl.i]]?.id}; it was at ${data.schools[ctl.from].id}), so the lock is what kept ${lk.id}`);
      check(bulkP.every((id) => st.school[P][blockIdx.get(id)] === schoolIdx.get(A)) &&
        st.school[P][target.i] === target.to, 'optimise: painted blocks kept their schools');
      const warn = await page.locator('#warnings').isVisible();
      console.log(`optimise: ${warn ? 'warnings shown' : 'no warnings'}; server ${st.ms} ms`);
    }

    // Export (the link) and import (the file input).
    const href = await page.locator('#export').getAttribute('href');
    const csvRes = await fetch(new URL(href, srv.url));
    const csv = await csvRes.text();
    const lines = parseCsv(csv).map((r) => r.join(','));
    const withSchool = st.school.reduce((a, lv) => a + lv.filter((s) => s >= 0).length, 0);
    check(csvRes.status === 200 && lines[0] === 'block_id,level,school_id' && lines.length - 1 === withSchool,
      `export: ${lines.length - 1} rows (${withSchool} blocks and levels with a school), header ${JSON.stringify(lines[0])}`);
    check(lines.includes(`${target.id},${L[P]},${A}`), `export: block ${target.id} at ${A}`);
    const imp = data.blocks.features.find((f) => f.properties.children[P] > 0 && !st.painted[P].includes(f.properties.i) &&
      st.school[P][f.properties.i] >= 0 && st.school[P][f.properties.i] !== target.to && !st.locked.includes(f.properties.i)).properties;
    const u1 = await undoCount(page);
    await page.locator('#import').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`block_id,level,school_id\n${imp.id},${L[P]},${A}\n`) });
    await untilUndo(page, u1 + 1, 'import');
    st = await state(page);
    check(st.school[P][imp.i] === schoolIdx.get(A) && st.painted[P].includes(imp.i), `import: block ${imp.id} painted onto ${A}`);

    // Optimise, save, and the panel against `zoneplan run` of the saved scenario.
    await page.locator('#optimise').click();
    await page.waitForFunction(() => !document.getElementById('optimise').disabled, null, { timeout: 300000 });
    st = await state(page);
    const panelRows = { [L[P]]: await panelOf(page) };
    await page.locator('#level').selectOption(L[J]);
    panelRows[L[J]] = await panelOf(page);
    await page.locator('#level').selectOption(L[P]);
    await page.locator('#save-name').fill('test-redraw');
    await page.locator('#save').click();
    await page.waitForFunction(() => !document.getElementById('save-result').hidden ||
      !document.getElementById('error').hidden, null, { timeout: 60000 });
    const saved = await page.evaluate(() => ({ ...document.getElementById('save-result').dataset,
      text: document.getElementById('save-result').textContent, error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent }));
    const yaml = path.join(saveDir, 'test-redraw.yaml');
    check(!saved.error && fs.existsSync(yaml) && saved.path && fs.realpathSync(saved.path) === fs.realpathSync(yaml),
      `save: the page shows ${saved.path} (${saved.error || 'no error'}), ${yaml} written`);
    check(typeof saved.command === 'string' && saved.command.includes('zoneplan run') && saved.command.includes(saved.path || '?') &&
      saved.text.includes(saved.command), `save: the page shows the command ${JSON.stringify(saved.command)}`);

    // Saving again under the same name: the page asks before replacing the file (409, then
    // overwrite when the planner agrees; nothing when not).
    if (fs.existsSync(yaml)) {
      const before = fs.statSync(yaml).mtimeMs, nd = dialogs.length;
      confirmAnswer = false;
      await page.locator('#save').click();
      await page.waitForFunction(() => !document.getElementById('error').hidden, null, { timeout: 30000 }).catch(() => {});
      const err409 = await page.locator('#error').innerText().catch(() => '');
      check(dialogs.length === nd + 1 && /^confirm/.test(dialogs[nd]) && fs.statSync(yaml).mtimeMs === before && /409/.test(err409),
        `saving test-redraw again asks first (${dialogs[nd]}); declined, the file stays and the page says ${JSON.stringify(err409)}`);
      confirmAnswer = true;
      await page.evaluate(() => { document.getElementById('save-result').hidden = true; });
      await page.locator('#save').click();
      await page.waitForFunction(() => !document.getElementById('save-result').hidden, null, { timeout: 60000 }).catch(() => {});
      check(dialogs.length === nd + 2 && await page.locator('#save-result').isVisible() && await page.locator('#error').isHidden(),
        `accepted, the page saves over it (${(await page.locator('#save-result').innerText().catch(() => '')).replace(/\s+/g, ' ')})`);
      confirmAnswer = false;
    }

    fs.mkdirSync(artifacts, { recursive: true });
    await page.mouse.move(5, 5);
    await page.screenshot({ path: path.join(artifacts, 'serve.png') });
    if (process.env.ZP_DOCS_SCREENSHOT === '1')
      fs.copyFileSync(path.join(artifacts, 'serve.png'), path.join(repo, 'docs', 'serve.png'));

    if (fs.existsSync(yaml)) {
      const opts = { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] };
      const run1 = path.join(tmp, 'run1'), run2 = path.join(tmp, 'run2');
      let ran = true;
      try {
        execFileSync(bin, ['run', yaml, '--out', run1, '--quiet', '--no-publish'], opts);
        execFileSync(bin, ['run', yaml, '--out', run2, '--quiet', '--no-publish'], opts);
      } catch (e) {
        ran = false;
        check(false, `zoneplan run ${yaml}: ${e.message}`);
      }
      if (ran) {
        for (const f of ['assignment.csv', 'schools.csv'])
          check(fs.readFileSync(path.join(run1, f)).equals(fs.readFileSync(path.join(run2, f))),
            `run1 and run2: ${f} byte-identical`);
        const asg = compareRun(run1, panelRows, st, 'the saved plan (optimised)');
        const a = asg.get(`${target.id}/${L[P]}`);
        check(a === A, `the saved plan keeps the clicked block ${target.id} at ${A} (${a})`);
      }

      // Saved while not optimised since the last edit: the run still gives the plan shown.
      const more = data.blocks.features.filter((f) => f.properties.children[P] > 0 && !st.painted[P].includes(f.properties.i) &&
        st.school[P][f.properties.i] >= 0 && st.school[P][f.properties.i] !== target.to).slice(0, 2).map((f) => f.properties.id);
      await page.evaluate(([P, ids, A]) => window.zpEdit.paint(P, ids, A), [L[P], more, A]);
      const st2 = await state(page);
      const rows2 = { [L[P]]: await panelOf(page) };
      await page.locator('#level').selectOption(L[J]);
      rows2[L[J]] = await panelOf(page);
      await page.locator('#level').selectOption(L[P]);
      const saved2 = await page.evaluate(() => window.zpEdit.save('test-redraw-dirty')).catch((e) => ({ error: String(e) }));
      check(st2.dirty === true && saved2 && saved2.path, `saved while dirty as ${saved2 && (saved2.path || saved2.error)}`);
      if (saved2 && saved2.path) {
        const run3 = path.join(tmp, 'run3');
        try {
          execFileSync(bin, ['run', saved2.path, '--out', run3, '--quiet', '--no-publish'], opts);
          compareRun(run3, rows2, st2, 'the plan saved while dirty');
        } catch (e) {
          check(false, `zoneplan run ${saved2.path}: ${e.message}`);
        }
      }
    }
  } finally {
    if (context) await context.close().catch(() => {});
    await stopServer(srv);
  }
  const outside = requests.filter((u) => !u.startsWith(srv.url));
  check(outside.length === 0, `no request but to the server (${requests.length} made; others: ${outside.join(' ')})`);
  check(errors.length === 0, `no page error (${errors.join('; ')})`);
  if (!tally.failed) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
  console.log(`serve_page: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`serve_page: ${e.stack || e}`);
  console.log(`serve_page: ${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(1);
});
