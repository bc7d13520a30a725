// The editing page's latency as a planner sees it (bench/serve.sh): headless Chromium
// (Debian's) on the page of a running `zoneplan serve`; the brush set to a school, then real
// mouse clicks on blocks of other schools, each timed from the click to the first frame
// after the panel and the map took the reply (the undo counter moved; polled every frame).
//   node bench/serve_browser.mjs PORT REPO_DIR OUT.json [SCREENSHOT.png]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [port, repo, out, shot] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(repo), 'web', 'package.json'));
const { chromium } = require('playwright-core');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const t0 = performance.now();
await page.goto(`http://127.0.0.1:${port}/`);
await page.waitForFunction(() => document.querySelectorAll('[data-school]').length > 0, null,
  { timeout: 120000 });
const readyMs = performance.now() - t0;
const data = await page.evaluate(() => fetch('/api/data').then((r) => r.json()));
const serving = data.schools.map((s, i) => (s.serves[0] ? i : -1)).filter((i) => i >= 0);
const brush = data.schools[serving[Math.floor(serving.length / 2)]].id;
await page.selectOption('#school-pick', brush);
const times = [];
let n = Number(await page.evaluate(() => document.getElementById('undo').dataset.count || 0));
for (let k = 0; times.length < 40 && k < 4000; k++) {
  const f = data.blocks.features[(k * 7919) % data.blocks.features.length].properties;
  const spot = await page.evaluate((id) => {
    const s = window.zpEdit.blockSpot(id);
    if (!s || !s.hit || s.margin < 3) return null;
    const e = document.elementFromPoint(s.x, s.y);
    return e && e.tagName === 'CANVAS' ? s : null;
  }, f.id);
  if (!spot) continue;
  const c0 = performance.now();
  await page.mouse.click(spot.x, spot.y);
  n++;
  await page.waitForFunction((n) => Number(document.getElementById('undo').dataset.count) === n,
    n, { polling: 'raf', timeout: 30000 });
  times.push(performance.now() - c0);
}
if (shot) await page.screenshot({ path: shot });
await browser.close();
times.sort((a, b) => a - b);
const q = (p) => Math.round(times[Math.min(times.length - 1, Math.floor(p * (times.length - 1)))] * 10) / 10;
const res = { blocks: data.blocks.features.length, ready_ms: Math.round(readyMs), clicks: times.length,
  click_to_frame_ms: { median: q(0.5), p95: q(0.95), max: q(1) } };
fs.writeFileSync(out, JSON.stringify(res, null, 1));
console.log(JSON.stringify(res));
