// map.html in a real browser: runs and publishes the sample scenario, opens the page from
// file:// in Chromium (playwright-core from web/node_modules, the system's chromium) and
// checks that it works offline (and carries leaflet's license header, and is the same
// bytes when published again): no page error, no request but file: and data:, one SVG
// path per catchment of the level shown, and the hover box naming the school that
// assignment.csv gives for the block under the mouse, at both levels. Then zoneplan diff's
// map.html: the moved blocks and old boundaries of each level, and a moved block's old school.
//   node tests/web/map_test.mjs ZONEPLAN_BINARY REPO_DIR
// Screenshot: $ZP_ARTIFACTS/map-html.png (default REPO_DIR/build/test-artifacts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

if (process.argv.length !== 4) {
  console.error('usage: node map_test.mjs ZONEPLAN_BINARY REPO_DIR');
  process.exit(2);
}
const [bin, repo] = process.argv.slice(2).map((a) => path.resolve(a));
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { chromium } = require('playwright-core');

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

/* The run, then its web files only (the maps and sheets take longer and are not tested here). */
function publish(tmp) {
  const out = path.join(tmp, 'run');
  const opts = { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(bin, ['run', 'scenarios/sample-baseline.yaml', '--out', out, '--quiet', '--no-publish'],
    opts);
  execFileSync(bin, ['publish', out, '--formats', 'html,geojson', '--lang', 'zh'], opts);
  return out;
}

/* The sample under enforced caps compared with the baseline run (zoneplan diff, Chinese):
 * its folder and diff.csv's rows per level of blocks in run B as [block id, school before]. */
function diffRun(tmp, base) {
  const enforced = path.join(tmp, 'enforced'), dir = path.join(tmp, 'diff');
  const opts = { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(bin, ['run', 'scenarios/sample-enforced.yaml', '--out', enforced, '--quiet',
    '--no-publish'], opts);
  execFileSync(bin, ['diff', base, enforced, '--out', dir, '--lang', 'zh', '--quiet'], opts);
  const rows = fs.readFileSync(path.join(dir, 'diff.csv'), 'utf8').trim().split('\n');
  const head = rows.shift().split(',');
  const [bi, li, si, ai] = ['block_id', 'level', 'school_before', 'children_after']
    .map((k) => head.indexOf(k));
  const by = { primary: [], junior: [] };
  for (const row of rows) {
    const f = row.split(','); // the sample's ids and names hold no commas or quotes
    if (f[ai] !== '') by[f[li]].push([f[bi], f[si]]); // a block gone from run B is not drawn
  }
  return { dir, rows: by };
}

/* Catchments with a shape per level, from catchments.geojson. */
function catchmentCounts(out) {
  const fc = JSON.parse(fs.readFileSync(path.join(out, 'publish', 'catchments.geojson'), 'utf8'));
  const n = { primary: 0, junior: 0 };
  for (const f of fc.features) if (f.geometry) n[f.properties.LEVEL]++;
  return n;
}

/* block id -> { primary, junior, name } (school ids and the block's name), for blocks with a
 * school at both levels. */
function assignment(out) {
  const rows = fs.readFileSync(path.join(out, 'assignment.csv'), 'utf8').trim().split('\n');
  const head = rows.shift().split(',');
  const [bi, ni, li, si, di] = ['block_id', 'block_name', 'level', 'school_id', 'distance_m'].map((k) => head.indexOf(k));
  const by = new Map();
  for (const row of rows) {
    const f = row.split(','); // the sample's ids, names and levels hold no commas
    if (!f[si]) continue;
    if (!by.has(f[bi])) by.set(f[bi], { name: f[ni] });
    by.get(f[bi])[f[li]] = f[si];
    by.get(f[bi])[f[li] + '_m'] = Number(f[di]);
  }
  return [...by].filter(([, s]) => s.primary && s.junior).sort(([a], [b]) => (a < b ? -1 : 1));
}

/* Page coordinates of a block's inside point, and whether a block path is what the mouse
 * would hit there (a school marker or a control may cover it). */
async function blockSpot(page, id) {
  return page.evaluate((id) => {
    const z = window.zoneplan, ll = z.blockPoint(id);
    if (!ll) return null;
    const p = z.map.latLngToContainerPoint(ll), box = z.map.getContainer().getBoundingClientRect();
    const x = box.left + p.x, y = box.top + p.y;
    const hit = document.elementFromPoint(x, y);
    return { x, y, block: !!(hit && hit.classList.contains('zp-block')) };
  }, id);
}

/* Hover block id and return the info box's text once it names the block. */
async function hover(page, id, spot) {
  await page.mouse.move(spot.x, spot.y);
  await page
    .waitForFunction((id) => document.getElementById('zp-info').textContent.includes(`(${id})`), id, {
      timeout: 3000
    })
    .catch(() => {});
  return page.locator('#zp-info').innerText();
}

/* Metres between two [lat, lon] points (haversine). */
function metres(a, b) {
  const rad = Math.PI / 180, R = 6371008.8;
  const dl = (b[0] - a[0]) * rad, dn = (b[1] - a[1]) * rad;
  const h = Math.sin(dl / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dn / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

async function hoverChecks(page, blocks, level, want) {
  let done = 0, covered = 0;
  for (let k = 0; done < want && k < blocks.length; k++) {
    const [id, schools] = blocks[k];
    const spot = await blockSpot(page, id);
    if (!spot || !spot.block) {
      covered++;
      continue;
    }
    const text = await hover(page, id, spot);
    check(text.includes(`(${id})`) && text.includes(`(${schools[level]})`),
      `${level}: hovering block ${id} shows school ${schools[level]} (box: ${JSON.stringify(text)})`);
    // the walking route is drawn, as long as assignment.csv's distance (WGS 84 on a sphere:
    // within half a percent of the run's plane)
    const r = await page.evaluate((id) => ({ drawn: document.querySelectorAll('path.zp-walk').length,
      pts: window.zoneplan.walk(id) }), id);
    const len = r.pts ? r.pts.reduce((sum, p, i) => (i ? sum + metres(r.pts[i - 1], p) : 0), 0) : NaN;
    const want = schools[level + '_m'];
    check(r.drawn === 1 && Math.abs(len - want) <= 0.005 * want + 1,
      `${level}: hovering ${id} draws its route (${r.drawn} drawn), ${len.toFixed(1)} m long, assignment.csv ${want} m`);
    done++;
  }
  check(done === want, `${level}: ${done} of ${want} blocks hovered (${covered} covered by a marker or control)`);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zp-map-'));
  const artifacts = process.env.ZP_ARTIFACTS || path.join(repo, 'build', 'test-artifacts');
  const out = publish(tmp);
  const html = path.join(out, 'publish', 'map.html'), first = fs.readFileSync(html);
  check(first.includes('/* @preserve\n * Leaflet 1.9.4'), "map.html keeps leaflet's license header");
  execFileSync(bin, ['publish', out, '--formats', 'html', '--lang', 'zh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  check(first.equals(fs.readFileSync(html)), 'map.html: the same bytes when published again');
  const want = catchmentCounts(out);
  const all = assignment(out);
  // Spread over the district, deterministically: every step-th block by id.
  const step = Math.max(1, Math.floor(all.length / 40));
  const sample = all.filter((_, i) => i % step === 0);
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const requests = [], errors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return /^(file|data):/.test(url) ? route.continue() : route.abort();
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(path.join(out, 'publish', 'map.html')).href);
    await page.waitForFunction(() => window.zoneplan && window.zoneplan.map, null, { timeout: 15000 });

    const drawn = await page.locator('path.zp-catchment').count();
    check(drawn === want.primary && drawn > 0,
      `primary shown: ${drawn} catchment paths, catchments.geojson has ${want.primary}`);
    const counts = await page.evaluate(() => window.zoneplan.catchments);
    check(counts.primary === want.primary && counts.junior === want.junior,
      `window.zoneplan.catchments ${JSON.stringify(counts)} = ${JSON.stringify(want)}`);
    await hoverChecks(page, sample, 'primary', 5);

    // Schools by type, each labelled: as many symbols and labels as schools serve primary.
    const types = await page.evaluate(() => ['primary', 'junior', 'nine_year'].map(
      (t) => document.querySelectorAll('.zp-school-' + t).length));
    const labels = await page.locator('.zp-school-label').count();
    const serving = JSON.parse(fs.readFileSync(path.join(out, 'publish', 'schools.geojson'), 'utf8'))
      .features.filter((f) => f.properties.TYPE !== 'junior' && f.properties.STATUS !== 'closed').length;
    check(types[0] > 0 && types[1] === 0 && types[2] > 0 && types[0] + types[2] === serving &&
      labels === serving, `primary schools by type ${JSON.stringify(types)}, ${labels} labels, ${serving} serve`);

    // The search box: part of a community's name lists it; choosing it names its school.
    const [sid, sch] = sample[Math.floor(sample.length / 2)];
    const chars = [...sch.name], part = chars.length > 2 ? chars.slice(1).join('') : sch.name;
    await page.locator('#zp-search').fill(part);
    const match = page.locator(`.zp-match[data-block="${sid}"]`);
    const listed = await match.count();
    check(listed === 1, `searching "${part}" lists ${sch.name} (${sid})`);
    if (listed) {
      await match.click();
      const text = await page.locator('#zp-info').innerText();
      check(text.includes(`(${sid})`) && text.includes(`(${sch.primary})`),
        `choosing ${sid} shows its school ${sch.primary} (box: ${JSON.stringify(text)})`);
    }
    await page.locator('#zp-search').fill('不存在的小区名称');
    check(await page.locator('.zp-nomatch').count() === 1, 'a name found nowhere says so');
    await page.locator('#zp-search').fill('');

    await page.locator('.leaflet-control-layers-base input').nth(1).check();
    const level = await page.evaluate(() => window.zoneplan.level());
    const drawnJ = await page.locator('path.zp-catchment').count();
    check(level === 'junior' && drawnJ === want.junior,
      `junior shown (${level}): ${drawnJ} catchment paths, catchments.geojson has ${want.junior}`);
    // A block whose junior school differs from its primary one, so the level matters.
    await hoverChecks(page, sample.filter(([, s]) => s.primary !== s.junior), 'junior', 1);

    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'map-html.png') });

    // The public notice's page (notice-map.html): the same map without figures; a block's
    // hover box names its school and distance, and no children.
    execFileSync(bin, ['publish', out, '--formats', 'html', '--audience', 'public'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    await page.goto(pathToFileURL(path.join(out, 'publish', 'notice-map.html')).href);
    await page.waitForFunction(() => window.zoneplan && window.zoneplan.map, null, { timeout: 15000 });
    const pub = await page.locator('path.zp-catchment').count();
    check(pub === want.primary, `public page: ${pub} primary catchments of ${want.primary}`);
    let hovered = 0;
    for (const [pid, ps] of sample) {
      const pspot = await blockSpot(page, pid);
      if (!pspot || !pspot.block) continue;
      const text = await hover(page, pid, pspot);
      check(text.includes(`(${ps.primary})`) && !text.includes('适龄儿童'),
        `public page: hovering ${pid} names school ${ps.primary}, no children (box: ${JSON.stringify(text)})`);
      if (++hovered === 2) break;
    }
    check(hovered === 2, `public page: ${hovered} of 2 blocks hovered`);

    // zoneplan diff's map.html: the page of what changed. The moved blocks drawn per level are
    // diff.csv's rows of that level, the old boundaries the baseline's catchments, and the
    // hover box of a moved block names the school it had.
    const diff = diffRun(tmp, out);
    await page.goto(pathToFileURL(path.join(diff.dir, 'map.html')).href);
    await page.waitForFunction(() => window.zoneplan && window.zoneplan.map, null, { timeout: 15000 });
    for (const [k, level] of ['primary', 'junior'].entries()) {
      if (k) await page.locator('.leaflet-control-layers-base input').nth(1).check();
      const moved = await page.locator('path.zp-moved').count();
      const old = await page.locator('path.zp-old').count();
      check(moved === diff.rows[level].length && moved > 0,
        `diff ${level}: ${moved} moved blocks drawn, diff.csv has ${diff.rows[level].length}`);
      check(old === want[level], `diff ${level}: ${old} old boundaries, the baseline has ${want[level]} catchments`);
    }
    const [mid, before] = diff.rows.junior[0] || [];
    const spot = mid && (await blockSpot(page, mid));
    if (spot && spot.block) {
      const text = await hover(page, mid, spot);
      check(text.includes('原学校') && text.includes(before), `hovering moved block ${mid} names its school before, ${before} (box: ${JSON.stringify(text)})`);
    } else {
      check(false, `moved block ${mid} can be hovered`);
    }
    await page.screenshot({ path: path.join(artifacts, 'diff-map-html.png') });
    await page.locator('.leaflet-control-layers-overlays input').first().uncheck();
    check(await page.locator('path.zp-moved').count() === 0, 'the changes page can be turned off');
  } finally {
    await context.close();
  }
  const outside = requests.filter((u) => !/^(file|data):/.test(u));
  check(outside.length === 0, `no request but file: and data: (${requests.length} made; others: ${outside.join(' ')})`);
  check(errors.length === 0, `no page error (${errors.join('; ')})`);
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`map_html: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
