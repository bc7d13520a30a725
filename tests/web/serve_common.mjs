// What the two tests of zoneplan serve share (serve_test.mjs in Chromium, serve_http_test.mjs
// without a browser): starting and stopping the server, the tally of checks, CSV reading.
import { spawn } from 'node:child_process';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Checks counted and printed as they run: "ok  what" or "FAIL what". */
export const tally = {
  passed: 0,
  failed: 0,
  check(ok, what) {
    if (ok) tally.passed++;
    else tally.failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return ok;
  }
};

/* CSV text -> rows of fields (RFC 4180: quoted fields, "" inside quotes; a BOM dropped). */
export function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; }
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(f); rows.push(row); row = []; f = '';
    } else f += c;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

/* `zoneplan serve SCENARIO --port 0 ...`: resolves once stderr says where it listens. */
export function startServer(bin, repo, scenario, extra, env = process.env) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['serve', scenario, '--port', '0', ...extra], { cwd: repo, env,
      stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '', done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      proc.kill('SIGKILL');
      reject(new Error(`zoneplan serve: no "serving http://127.0.0.1:PORT/" on stderr within 180 s; stderr:\n${err}`));
    }, 180000);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => {
      if (err.length < 100000) err += d;
      const m = /serving (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(err);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ proc, url: m[1], port: Number(m[2]), stderr: () => err });
      }
    });
    proc.on('error', (e) => {
      if (!done) { done = true; clearTimeout(timer); reject(e); }
    });
    proc.on('exit', (code, sig) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`zoneplan serve exited (${code ?? sig}) before serving; stderr:\n${err}`));
      }
    });
    process.on('exit', () => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); });
  });
}
/* SIGTERM; true when the server exits by itself within 5 s (else it is killed). */
export async function stopServer(srv) {
  if (!srv || srv.proc.exitCode !== null || srv.proc.signalCode !== null) return true;
  const gone = new Promise((r) => srv.proc.once('exit', (code, sig) => r({ code, sig })));
  srv.proc.kill('SIGTERM');
  const ended = await Promise.race([gone, sleep(5000).then(() => null)]);
  if (ended) return ended;
  srv.proc.kill('SIGKILL');
  await gone;
  return null;
}
