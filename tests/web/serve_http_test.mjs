// `zoneplan serve` over plain HTTP (node's fetch and http, no browser): the API's refusals
// and its steadiness. Starts the server on the sample scenario (port 0, saves into a
// temporary folder) and checks: malformed JSON, unknown block / level / school / session and
// a missing field -> 400 with a JSON message (naming the block); a foreign Origin -> 403; a
// 100 MB body -> 413 with the server still answering; 1,000 edits (paint / undo in turn) all
// answered right with the server's RSS flat (within 20 MB of its RSS after the first 100);
// an unknown path -> 404; the wrong method -> 405; save names that leave the save folder or
// overwrite the served scenario -> 400 and nothing written (a name taken: 409 unless
// "overwrite": true); an imported CSV with an unknown
// block -> 400 naming the line, and nothing changed.
//   node tests/web/serve_http_test.mjs ZONEPLAN_BINARY REPO_DIR
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { parseCsv, sleep, startServer, stopServer, tally } from './serve_common.mjs';

if (process.argv.length !== 4) {
  console.error('usage: node serve_http_test.mjs ZONEPLAN_BINARY REPO_DIR');
  process.exit(2);
}
const [bin, repo] = process.argv.slice(2).map((a) => path.resolve(a));

const check = tally.check;

/* Under AddressSanitizer (scripts/test.sh's build-asan) freed memory waits in a quarantine
 * of 256 MiB before reuse, so RSS grows with the requests whatever the server does: the
 * server gets a quarantine of 8 MiB there (use after free is still caught for the last 8 MiB
 * freed), and the RSS test stays meaningful. */
const asan = fs.readFileSync(bin).includes('__asan_init');
const env = { ...process.env };
if (asan) env.ASAN_OPTIONS = [env.ASAN_OPTIONS, 'quarantine_size_mb=8', 'thread_local_quarantine_size_kb=64']
  .filter(Boolean).join(':');


function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

let base = '';
/* A request: { status, type, text, json (null when the body is not JSON) }. */
async function req(method, p, body, headers = {}) {
  const opts = { method, headers: { ...headers } };
  if (body !== undefined) {
    opts.body = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (!opts.headers['Content-Type']) opts.headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(base + p, opts);
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { json = null; }
  return { status: r.status, type: r.headers.get('content-type') || '', text, json };
}
const errMsg = (r) => (r.json && typeof r.json.error === 'string' ? r.json.error : null);
function expectError(r, status, what, mustName) {
  const msg = errMsg(r);
  let ok = r.status === status && !!msg && msg.length > 0;
  if (ok && mustName) ok = (Array.isArray(mustName) ? mustName : [mustName]).every((s) =>
    s instanceof RegExp ? s.test(msg) : msg.includes(s));
  check(ok, `${what} -> ${r.status} ${JSON.stringify(msg ?? r.text.slice(0, 120))} (want ${status}` +
    `${mustName ? ' naming ' + [].concat(mustName).join(', ') : ''}, JSON {"error": ...})`);
}

/* A POST of `total` bytes streamed in 1 MiB pieces with node's http: with a Content-Length
 * (`length` true) or chunked. Resolves to { status, body, sent, error } once the server
 * answers, stops reading or closes; writing stops as soon as an answer comes. The headers go
 * first, alone, and the body only after half a second without an answer: a server that
 * refuses on the Content-Length alone answers then and closes, and a body written into the
 * closed connection would make the kernel reset it, losing the answer before node reads it
 * (curl, which reads while it sends, sees the 413 either way). A connection of its own (no
 * keep-alive pool: the server closes it after a 413). */
function bigPost(port, p, total, length) {
  return new Promise((resolve) => {
    const headers = { 'Content-Type': 'application/json' };
    if (length) headers['Content-Length'] = String(total);
    const rq = http.request({ host: '127.0.0.1', port, path: p, method: 'POST', headers, agent: false });
    let status = null, body = '', sent = 0, error = null, finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve({ status, body, sent, error });
    };
    let answered = null;
    const answer = new Promise((r) => { answered = r; });
    rq.on('response', (res) => {
      status = res.statusCode;
      answered();
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', finish);
      res.on('error', finish);
    });
    rq.on('error', (e) => {
      error = e.code || e.message;
      setTimeout(finish, 200); // an answer already on its way is still read
    });
    rq.setTimeout(60000, () => { error = 'timeout'; rq.destroy(); });
    const piece = Buffer.alloc(1 << 20, 0x20); // spaces: JSON whitespace
    piece[0] = 0x7b; // '{' at the start, so the body is a JSON text that never ends
    (async () => {
      rq.flushHeaders();
      await Promise.race([answer, sleep(500)]);
      let first = true;
      while (sent < total && status === null && !error && !rq.destroyed) {
        const n = Math.min(piece.length, total - sent);
        const chunk = first ? piece.subarray(0, n) : Buffer.alloc(n, 0x20);
        first = false;
        sent += n;
        if (!rq.write(chunk) && status === null && !rq.destroyed) {
          await new Promise((r) => {
            const go = () => { rq.off('drain', go); rq.off('close', go); r(); };
            rq.on('drain', go);
            rq.on('close', go);
          });
        }
      }
      if (!rq.destroyed) rq.end();
    })().catch((e) => { error = e.message; });
  });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zp-serve-http-'));
  const saveDir = path.join(tmp, 'save');
  fs.mkdirSync(saveDir);
  const scenario = path.join(repo, 'scenarios', 'sample-baseline.yaml');
  let srv = await startServer(bin, repo, scenario, ['--save-dir', saveDir], env);
  base = srv.url.replace(/\/$/, '');
  console.log(`server: ${srv.url} (pid ${srv.proc.pid})${asan ? ', AddressSanitizer: ASAN_OPTIONS=' + env.ASAN_OPTIONS : ''}`);
  try {
    // Static files and the data.
    let r = await req('GET', '/');
    check(r.status === 200 && /^text\/html/.test(r.type) && /charset=utf-8/i.test(r.type) && r.text.includes('edit.js'),
      `GET / -> ${r.status} ${r.type}, the editing page`);
    for (const [f, t] of [['/leaflet.js', /javascript/], ['/leaflet.css', /css/], ['/edit.js', /javascript/], ['/edit_words.js', /javascript/], ['/edit.css', /css/]]) {
      r = await req('GET', f);
      check(r.status === 200 && t.test(r.type) && r.text.length > 0, `GET ${f} -> ${r.status} ${r.type}, ${r.text.length} chars`);
    }
    r = await req('GET', '/api/data');
    const data = r.json;
    check(r.status === 200 && data && Array.isArray(data.levels) && data.blocks && data.blocks.features.length > 0,
      `GET /api/data -> ${r.status}: ${data ? data.blocks.features.length : 0} blocks, ${data ? data.schools.length : 0} schools`);
    const L = data.levels, P = L.indexOf('primary');
    r = await req('POST', '/api/session', {});
    const st = r.json;
    check(r.status === 200 && st && typeof st.session === 'string', `POST /api/session -> ${r.status} session ${st && st.session}`);
    const sess = st.session;
    const feats = data.blocks.features;
    const serving = st.panel.levels[P].schools.map((x) => x.school).filter((s) => !data.schools[s].closed);
    // A block with primary children and a school other than its own in the session's plan.
    const bf = feats.find((f) => f.properties.children[P] > 0 && st.school[P][f.properties.i] >= 0).properties;
    const from = st.school[P][bf.i], to = serving.find((s) => s !== from);
    const S = data.schools[to].id, Sfrom = data.schools[from].id;
    const paint = { session: sess, level: L[P], blocks: [bf.id], school: S };

    // 400s: malformed JSON, unknown names, missing fields.
    r = await req('POST', '/api/edit', '{"session": "' + sess + '", "level": ');
    expectError(r, 400, 'malformed JSON body');
    r = await req('POST', '/api/edit', '[1, 2');
    expectError(r, 400, 'malformed JSON body (an unclosed array)');
    r = await req('POST', '/api/edit', { ...paint, blocks: [bf.id, 'B99999'] });
    expectError(r, 400, 'unknown block id in /api/edit', 'B99999');
    r = await req('POST', '/api/edit', { ...paint, level: 'senior' });
    expectError(r, 400, 'unknown level', 'senior');
    r = await req('POST', '/api/edit', { ...paint, school: 'S999' });
    expectError(r, 400, 'unknown school', 'S999');
    r = await req('POST', '/api/edit', { ...paint, session: 'no-such-session' });
    expectError(r, 400, 'unknown session in /api/edit');
    r = await req('POST', '/api/undo', { session: 'no-such-session' });
    expectError(r, 400, 'unknown session in /api/undo');
    r = await req('GET', '/api/compare?session=no-such-session&against=today');
    expectError(r, 400, 'unknown session in /api/compare');
    r = await req('GET', `/api/compare?session=${sess}&against=yesterday`);
    expectError(r, 400, 'unknown compare view');
    r = await req('GET', '/api/export.csv?session=no-such-session');
    expectError(r, 400, 'unknown session in /api/export.csv');
    r = await req('POST', '/api/edit', { session: sess, level: L[P], school: S });
    expectError(r, 400, 'missing field (blocks) in /api/edit');
    r = await req('POST', '/api/lock', { session: sess, blocks: ['B99999'], locked: true });
    expectError(r, 400, 'unknown block id in /api/lock', 'B99999');
    r = await req('GET', `/api/compare?session=${sess}&against=today`);
    check(r.status === 200 && r.json && Array.isArray(r.json.blocks) && r.json.blocks.length === L.length,
      `the session is untouched by the refusals: compare -> ${r.status}, ${r.json ? r.json.blocks[P].length : '?'} primary blocks differ from today`);
    check(r.json && r.json.blocks[P].length === 0 || r.json.blocks[P].every((i) => st.school[P][i] !== feats[i].properties.today[P]),
      'compare today lists only blocks whose school differs from today');

    // 403: a foreign Origin; the page's own origins are let through.
    r = await req('GET', '/api/data', undefined, { Origin: 'http://evil.example' });
    expectError(r, 403, 'GET /api/data with Origin: http://evil.example');
    r = await req('POST', '/api/edit', paint, { Origin: 'http://evil.example' });
    expectError(r, 403, 'POST /api/edit with Origin: http://evil.example');
    r = await req('POST', '/api/session', {}, { Origin: `http://127.0.0.1:${srv.port + 1}` });
    expectError(r, 403, 'POST /api/session with Origin of another port');
    r = await req('POST', '/api/session', {}, { Origin: `http://127.0.0.1:${srv.port}` });
    check(r.status === 200, `Origin: http://127.0.0.1:${srv.port} -> ${r.status}`);
    r = await req('POST', '/api/session', {}, { Origin: `http://localhost:${srv.port}` });
    check(r.status === 200, `Origin: http://localhost:${srv.port} -> ${r.status}`);

    // 404 and 405.
    r = await req('GET', '/api/nothing');
    expectError(r, 404, 'GET /api/nothing');
    r = await req('GET', '/etc/passwd');
    expectError(r, 404, 'GET /etc/passwd');
    r = await req('GET', '/../edit.js');
    check(r.status === 404 || (r.status === 200 && r.text.length > 0), `GET /../edit.js -> ${r.status} (404 or the page's own edit.js)`);
    r = await req('GET', '/api/edit');
    expectError(r, 405, 'GET /api/edit');
    r = await req('GET', '/api/session');
    expectError(r, 405, 'GET /api/session');
    r = await req('POST', '/api/data', {});
    expectError(r, 405, 'POST /api/data');

    // 413: a 100 MB body announced by its Content-Length, then 100 MB streamed chunked (the
    // server has to count). The server answers and keeps running.
    const t413 = Date.now();
    let big = await bigPost(srv.port, '/api/edit', 100 * 1000 * 1000, true);
    let bj = null;
    try { bj = JSON.parse(big.body); } catch (e) { bj = null; }
    check(big.status === 413 && bj && typeof bj.error === 'string',
      `100 MB body (Content-Length) -> ${big.status} ${JSON.stringify(bj ? bj.error : big.body.slice(0, 80))} after ${(big.sent / 1048576).toFixed(0)} MiB sent, ${Date.now() - t413} ms${big.error ? ' (' + big.error + ')' : ''}`);
    big = await bigPost(srv.port, '/api/import?session=' + sess, 100 * 1000 * 1000, false);
    try { bj = JSON.parse(big.body); } catch (e) { bj = null; }
    check(big.status === 413 && bj && typeof bj.error === 'string',
      `100 MB body streamed chunked (no Content-Length) -> ${big.status} ${JSON.stringify(bj ? bj.error : big.body.slice(0, 80))} after ${(big.sent / 1048576).toFixed(0)} MiB sent${big.error ? ' (' + big.error + ')' : ''}`);
    check(srv.proc.exitCode === null && srv.proc.signalCode === null, 'the server still runs after the big bodies');
    r = await req('GET', `/api/compare?session=${sess}&against=today`);
    check(r.status === 200, `and answers afterwards (compare -> ${r.status})`);

    // 1,000 edits, paint and undo in turn, each answered right; RSS flat.
    let wrong = [], rss100 = NaN, u1 = null; // u1: the undo count after the first paint
    const t0 = Date.now(), ms = [];
    for (let k = 0; k < 1000; k++) {
      const painting = k % 2 === 0;
      const t = performance.now();
      r = painting ? await req('POST', '/api/edit', paint) : await req('POST', '/api/undo', { session: sess });
      ms.push(performance.now() - t);
      const d = r.json;
      const want = painting ? to : from;
      const ch = d && d.changed && d.changed[P] ? d.changed[P] : null;
      if (k === 0 && d) u1 = d.undo;
      const ok = r.status === 200 && ch && ch.some(([b, s]) => b === bf.i && s === want) &&
        d.painted[P].includes(bf.i) === painting && u1 >= 1 && d.undo === (painting ? u1 : u1 - 1) &&
        d.redo === (painting ? 0 : 1) &&
        d.panel && d.panel.levels.length === L.length && Array.isArray(d.warnings);
      if (!ok) wrong.push(wrong.length < 5 ? `#${k} ${painting ? 'paint' : 'undo'}: ${r.status} ${d ?
        JSON.stringify({ ...d, panel: undefined }).slice(0, 300) : r.text.slice(0, 200)}` : null);
      if (k === 99) rss100 = rssKiB(srv.proc.pid);
    }
    const rss1000 = rssKiB(srv.proc.pid);
    ms.sort((a, b) => a - b);
    check(wrong.length === 0, `1,000 edits (paint ${bf.id} onto ${S} / undo back to ${Sfrom}) all answered right` +
      ` in ${((Date.now() - t0) / 1000).toFixed(1)} s, median ${ms[500].toFixed(1)} ms, 99th ${ms[990].toFixed(1)} ms` +
      (wrong.length ? `: ${wrong.filter(Boolean).join('; ')} (${wrong.length} wrong)` : ''));
    check(Math.abs(rss1000 - rss100) <= 20 * 1024,
      `RSS after 100 requests ${(rss100 / 1024).toFixed(1)} MiB, after 1,000 ${(rss1000 / 1024).toFixed(1)} MiB (within 20 MiB)`);

    // Save: names that leave the folder are refused and write nothing.
    const before = fs.readdirSync(tmp).sort().join(',');
    for (const name of ['../x', '..', 'a/b', '/tmp/x', '', 'x'.repeat(65), 'x.yaml', 'a b', 'x\u0000y']) {
      r = await req('POST', '/api/save', { session: sess, name });
      expectError(r, 400, `save name ${JSON.stringify(name)}`);
    }
    r = await req('POST', '/api/save', { session: sess });
    expectError(r, 400, 'save without a name');
    check(!fs.existsSync(path.join(tmp, 'x.yaml')) && !fs.existsSync(path.join(saveDir, 'x.yaml')) &&
      fs.readdirSync(saveDir).length === 0 && fs.readdirSync(tmp).sort().join(',') === before,
      `nothing written by the refused saves (save dir: ${fs.readdirSync(saveDir).join(' ') || 'empty'})`);
    r = await req('POST', '/api/edit', paint);
    r = await req('POST', '/api/save', { session: sess, name: 'http-test_1' });
    const want = path.join(saveDir, 'http-test_1.yaml');
    check(r.status === 200 && r.json && fs.existsSync(want) && fs.realpathSync(r.json.path) === fs.realpathSync(want) &&
      r.json.command === `zoneplan run ${r.json.path}` && r.json.assigned >= 1,
      `save "http-test_1" -> ${r.status} ${r.text.slice(0, 200)}`);

    // Export and import.
    r = await req('GET', `/api/export.csv?session=${sess}`);
    const exp1 = r.text, expRows = parseCsv(exp1).map((x) => x.join(','));
    const withSchool = feats.length * L.length; // the sample: every block has a school at both levels
    check(r.status === 200 && /^text\/csv/.test(r.type) && expRows[0] === 'block_id,level,school_id' &&
      expRows.includes(`${bf.id},${L[P]},${S}`) && expRows.length - 1 <= withSchool && expRows.slice(1).every((x) => x.split(',').length === 3),
      `GET /api/export.csv -> ${r.status} ${r.type}, ${expRows.length - 1} rows, ${bf.id} at ${S}`);
    // the export imports back as it is (every row painted, nothing moves)
    r = await req('POST', `/api/import?session=${sess}`, exp1, { 'Content-Type': 'text/csv' });
    // ("changed" may list blocks whose mark changed too: their school must be the one they had)
    const had = new Map(expRows.slice(1).map((x) => x.split(',')).map(([b, l, sc]) => [`${b}/${l}`, sc]));
    const moved = r.json && r.json.changed ? r.json.changed.flatMap((c, l) =>
      c.filter(([b, sc]) => had.get(`${feats[b].properties.id}/${L[l]}`) !== data.schools[sc]?.id)) : null;
    check(r.status === 200 && moved && moved.length === 0 &&
      r.json.painted[P].length === expRows.filter((x) => x.split(',')[1] === L[P]).length,
      `the export imported back -> ${r.status}: no block moves (${moved ? moved.length : '?'}; "changed" lists ${r.json ? r.json.changed.map((c) => c.length).join('/') : '?'}), ${r.json ? r.json.painted[P].length : '?'} primary painted`);
    r = await req('POST', '/api/undo', { session: sess });
    check(r.status === 200 && r.json.painted[P].length === 1, `undo of the import -> ${r.status}, ${r.json && r.json.painted[P].length} primary painted`);
    const other = feats.find((f) => f.properties.i !== bf.i && f.properties.children[P] > 0).properties;
    const csv = `block_id,level,school_id\n${other.id},${L[P]},${S}\nB99999,${L[P]},${S}\n`;
    r = await req('POST', `/api/import?session=${sess}`, csv, { 'Content-Type': 'text/csv' });
    expectError(r, 400, 'import with an unknown block on line 3', [/\b3\b/]);
    r = await req('GET', `/api/export.csv?session=${sess}`);
    check(r.text === exp1, 'the refused import changed nothing (export the same)');
    r = await req('POST', `/api/import?session=${sess}`, `block_id,level,school_id\n${other.id},senior,${S}\n`, { 'Content-Type': 'text/csv' });
    expectError(r, 400, 'import with an unknown level on line 2', [/\b2\b/]);
    r = await req('POST', `/api/import?session=${sess}`, `block_id,level,school_id\n${other.id},${L[P]},${S}\n`, { 'Content-Type': 'text/csv' });
    check(r.status === 200 && r.json && r.json.painted[P].includes(other.i) &&
      r.json.changed[P].some(([b, s]) => b === other.i && s === to) === (st.school[P][other.i] !== to),
      `import of one good row -> ${r.status}, block ${other.id} painted onto ${S}`);

    // Optimise answers a Delta with dirty false.
    r = await req('POST', '/api/optimise', { session: sess });
    check(r.status === 200 && r.json && r.json.dirty === false && Array.isArray(r.json.warnings) && r.json.painted[P].includes(bf.i),
      `optimise -> ${r.status}, dirty ${r.json && r.json.dirty}, ${r.json && r.json.ms} ms`);
  } finally {
    const ended = await stopServer(srv);
    check(!!ended && ended.code === 0, `SIGTERM stops the server within 5 s, exit status 0 (${ended ? `exit ${ended.code ?? ended.sig}` : 'killed'})` +
      (ended && ended.code ? `; its stderr ends:\n${srv.stderr().slice(-2000)}` : ''));
  }

  // A save refuses to overwrite a file the served scenario reads: serve a scenario in a
  // folder of its own (the default save folder) and save under its name.
  const own = path.join(tmp, 'own');
  fs.mkdirSync(own);
  const yaml = path.join(own, 'served.yaml');
  const text = `base: ${scenario}\nname: served copy\noutput: {dir: ${path.join(tmp, 'out')}}\n`;
  fs.writeFileSync(yaml, text);
  srv = await startServer(bin, repo, yaml, [], env);
  base = srv.url.replace(/\/$/, '');
  try {
    const s = (await req('POST', '/api/session', {})).json;
    let r = await req('POST', '/api/save', { session: s.session, name: 'served' });
    // (400 at once, or 409 "exists" first: both refuse; with overwrite it must be 400)
    expectError(r, r.status === 409 ? 409 : 400, 'save over the served scenario (served.yaml) without overwrite');
    r = await req('POST', '/api/save', { session: s.session, name: 'served', overwrite: true });
    expectError(r, 400, 'save over the served scenario (served.yaml) with overwrite');
    check(fs.readFileSync(yaml, 'utf8') === text, 'served.yaml unchanged');
    r = await req('POST', '/api/save', { session: s.session, name: 'next' });
    check(r.status === 200 && fs.existsSync(path.join(own, 'next.yaml')),
      `without --save-dir, saves go beside the scenario (${r.json && r.json.path})`);
    // saving under a name taken: 409 unless overwrite, then replaced
    const first = fs.readFileSync(path.join(own, 'next.yaml'), 'utf8');
    r = await req('POST', '/api/save', { session: s.session, name: 'next' });
    expectError(r, 409, 'save under a name taken (next), without overwrite', 'exists');
    check(fs.readFileSync(path.join(own, 'next.yaml'), 'utf8') === first, 'next.yaml unchanged by the 409');
    r = await req('POST', '/api/save', { session: s.session, name: 'next', overwrite: true });
    check(r.status === 200 && fs.existsSync(path.join(own, 'next.yaml')), `save again with overwrite: true -> ${r.status}`);
    r = await req('POST', '/api/save', { session: s.session, name: 'next', overwrite: 'yes' });
    check(r.status === 409 || r.status === 400, `overwrite must be true, not "yes" -> ${r.status}`);
  } finally {
    await stopServer(srv);
  }

  if (!tally.failed) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
  console.log(`serve_http: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`serve_http: ${e.stack || e}`);
  console.log(`serve_http: ${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(1);
});
