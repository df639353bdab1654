// Browser test of the vigil serve dashboard: builds a store from samples/ with the release
// binary, starts `vigil serve` on a free loopback port, and clicks overview -> timeline ->
// event view -> map -> network in headless Chromium (Debian's package; no browser is
// downloaded). Fails on any console error or page error. Screenshots: target/screenshots/.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.VIGIL_BIN || path.join(root, 'target/release/vigil');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = path.join(root, 'target/screenshots');
mkdirSync(shots, { recursive: true });
const tmp = mkdtempSync(path.join(tmpdir(), 'vigil-browser-'));
const db = path.join(tmp, 'v.db');

execFileSync(bin, ['analyze', '--db', db, 'samples/'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const server = spawn(bin, ['serve', '--db', db, '--addr', '127.0.0.1:0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error('vigil serve did not start: ' + out)), 30000);
  server.stdout.on('data', d => {
    out += d;
    const m = out.match(/listening on (http:\/\/\S+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', code => reject(new Error('vigil serve exited with ' + code)));
});

const errors = [];
let browser;
try {
  // A fresh profile per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: browserPath,
    headless: true,
    viewport: { width: 1366, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] || await browser.newPage();
  page.setDefaultTimeout(20000);
  page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', e => errors.push('page: ' + e.message));
  page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  page.on('response', r => { if (r.status() >= 400) errors.push('HTTP ' + r.status() + ': ' + r.url()); });
  // Nothing may leave the machine: any request off the server is an error.
  await page.route('**/*', r => (r.request().url().startsWith(base) ? r.continue() : (errors.push('external request: ' + r.request().url()), r.abort())));

  const step = async (name, fn) => {
    await fn();
    await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: false });
    console.log('ok', name);
  };

  await step('overview', async () => {
    await page.goto(base + '#/overview');
    await page.waitForSelector('.alert .sentence mark.predicate');
    const alerts = await page.locator('.alert').count();
    if (alerts < 1) throw new Error('no alerts on the overview');
    await page.waitForSelector('#latest table');
  });

  await step('timeline', async () => {
    await page.click('nav a[data-view="timeline"]');
    await page.waitForSelector('#tl canvas');
    await page.click('#days >> xpath=..'); // open the keyboard list of days
    await page.click('#days button[data-day="2025-03-04"]');
    await page.waitForSelector('#dayevents table a.evlink');
  });

  await step('event', async () => {
    await page.click('#dayevents a.evlink');
    await page.waitForSelector('#evidence mark.predicate');
    const marks = await page.locator('#evidence mark').count();
    if (marks < 2) throw new Error('evidence has fewer than two highlighted spans');
    const facts = await page.locator('dl.facts').innerText();
    for (const f of ['Modality', 'Rule', 'Confidence', 'Article']) {
      if (!facts.includes(f)) throw new Error('event view lacks ' + f);
    }
  });

  await step('map', async () => {
    await page.click('nav a[data-view="map"]');
    await page.waitForSelector('#map canvas');
    await page.click('#countries >> xpath=..');
    await page.click('#countries button[data-c="AZE"]');
    await page.waitForSelector('#countryevents table');
  });

  await step('network', async () => {
    await page.click('nav a[data-view="network"]');
    await page.waitForSelector('#net canvas');
    await page.click('#edges button');
    await page.waitForSelector('#edgeevents table');
  });

  await step('filtered', async () => {
    await page.goto(base + '#/timeline?country=AZE&modality=asserted');
    await page.waitForSelector('#tl canvas');
    const v = await page.inputValue('#filters input[name="country"]');
    if (v !== 'AZE') throw new Error('filter bar did not read the URL');
  });
} finally {
  if (browser) await browser.close();
  server.kill();
  rmSync(tmp, { recursive: true, force: true });
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log('browser test passed; screenshots in', shots);
