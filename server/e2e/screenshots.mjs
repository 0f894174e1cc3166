// Screenshots of the privacy officer's console for the docs
// (docs/console/*.png, linked from server/README.md): the native server
// with demo data (published packs, eight weeks of counts), signed in as
// the first admin. Run by scripts/screenshots; not a test, and not run by
// the test suites.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, api, repo, TOKEN } from './harness.mjs';

const out = process.argv[2] || join(repo, 'docs/console');
mkdirSync(out, { recursive: true });

// The Monday (UTC) n weeks before this week's, as the extension names weeks.
function week(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) - 7 * n);
  return d.toISOString().slice(0, 10);
}

// weekName is a week as the reports name it ("Oct 12, 2026").
function weekName(w) {
  return new Date(w + 'T00:00:00Z').toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

async function publish(server, pack, comment) {
  const r = await api(server, 'PUT', '/v1/pack?comment=' + encodeURIComponent(comment), JSON.stringify(pack), { 'Content-Type': 'application/json' });
  if (r.status !== 201) throw new Error(`publishing "${comment}": ${r.status} ${r.text}`);
}

// Eight weeks of counts, as extensions report them: fewer posts anyway
// and false alarms as staff learn and the terms are tuned.
function demoEvents() {
  const events = [];
  for (let n = 7; n >= 0; n--) {
    const w = week(n);
    const k = 8 - n; // 1 … 8, oldest first
    const add = (site, verdict, kinds, outcome, count, extra = {}) => count > 0 && events.push({ week: w, site, verdict, kinds, outcome, count, ...extra });
    add('www.facebook.com', 'warn', ['identifier.phone'], 'warned', 9 + k);
    add('www.facebook.com', 'block', ['health.condition', 'identifier.name'], 'edited', 6 + (k % 3));
    add('www.facebook.com', 'block', ['patient.acknowledgement'], 'stopped', 3 + (k % 2));
    add('www.instagram.com', 'block', ['health.condition'], 'posted_anyway', Math.max(0, 5 - Math.floor(k / 2)), { reason: 'consent_on_file' });
    add('www.instagram.com', 'warn', ['identifier.date'], 'posted_anyway', 2 + (k % 2), { reason: 'not_about_a_patient' });
    add('business.google.com', 'block', ['patient.case'], 'edited', 2 + (k % 4));
    add('www.facebook.com', 'block', ['health.condition'], 'false_alarm', Math.max(1, 5 - Math.floor(k / 2)), { rules: ['conditions-en-procedures'] });
    add('www.instagram.com', 'block', ['identifier.name'], 'false_alarm', k % 3, { rules: ['our-units'] });
  }
  return events;
}

const org = {
  schema: 'scrubs.pack/1', name: 'Riverside Clinic rules', base: 'default',
  org: { name: 'Riverside Clinic', phones: ['(555) 201-3344'] },
  lexicons: [{ id: 'our-units', signal: 'setting', terms: ['Riverside Birth Center', 'Willow Unit'] }],
};

// between is the page's area (in page coordinates, whatever the scroll)
// from the top of the element first to the top of the element last, for
// a full-page screenshot's clip.
function between(page, first, last) {
  return page.evaluate(([first, last]) => {
    const a = document.querySelector(first).getBoundingClientRect();
    const b = document.querySelector(last).getBoundingClientRect();
    const top = Math.max(0, a.top + window.scrollY - 8);
    return { x: Math.max(0, a.left - 8), y: top, width: a.width + 16, height: b.top + window.scrollY - top };
  }, [first, last]);
}

const server = await startServer();
const browser = await launch();
try {
  await publish(server, org, 'Our phone and the names of our units');
  await publish(server, { ...org, lexicons: [{ ...org.lexicons[0], terms: [...org.lexicons[0].terms, 'Cedar Ward'] }] }, 'Cedar Ward opened');
  const viewer = await api(server, 'POST', '/v1/accounts', JSON.stringify({ name: 'dana.ruiz', role: 'viewer' }), { 'Content-Type': 'application/json' });
  if (viewer.status !== 201) throw new Error(`a viewer account: ${viewer.status} ${viewer.text}`);
  const enrolment = (await api(server, 'GET', '/v1/enrolment')).json.key;
  const sent = await api(server, 'POST', '/v1/events', JSON.stringify({ events: demoEvents() }),
    { 'Content-Type': 'application/json', 'Scrubs-Enrolment-Key': enrolment });
  if (sent.status !== 204) throw new Error(`the demo counts: ${sent.status} ${sent.text}`);

  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(server.url + '/admin');
  await page.click('#token-login summary');
  await page.fill('#token', TOKEN);
  await page.click('#token-submit');
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
  await page.waitForSelector('#audit-rows tr[data-action="pack.publish"]');
  await page.waitForSelector('#chart svg');

  const shots = [];
  const shot = async (name, target, options = {}) => {
    const file = join(out, name);
    await target.screenshot({ path: file, ...options });
    shots.push(`${name} ${Math.round(statSync(file).size / 1024)} KB`);
  };
  // Publish: the diff against the version in use, and the question.
  // (the form holds the pack in use once the page is ready; the edit adds a phone and a term)
  await page.waitForFunction(() => document.getElementById('org-name').value === 'Riverside Clinic');
  await page.fill('#org-phones', '(555) 201-3344\n(555) 201-3390');
  await page.fill('#lex-0-terms', 'Riverside Birth Center\nWillow Unit\nCedar Ward\nMaple Suite');
  await page.fill('#comment', 'The maternity line and Maple Suite');
  // validation runs shortly after typing stops (it was "ok" already, for the pack in use)
  await page.waitForFunction(() => document.getElementById('raw').value.includes('Maple Suite'));
  await page.waitForTimeout(1000);
  await page.waitForFunction(() => document.getElementById('validity').className === 'ok');
  await page.click('#push');
  await page.waitForSelector('#confirm[open]');
  await shot('publish-diff.png', page.locator('#confirm'));
  await page.click('#confirm-ok');
  await page.waitForSelector('#audit-rows tr[data-action="pack.publish"]:has-text("version 4")');

  // The reports: period picker, CSV and print buttons, summary with rates, weekly chart, totals.
  await page.click('#period-all');
  await page.waitForFunction((from) => document.getElementById('summary').textContent.includes(from), weekName(week(7)));
  // (down to the tables by kind and by rule; the rest is more of the same)
  await shot('reports.png', page, { fullPage: true, clip: await between(page, '#activity', '#totals h3:nth-of-type(3)') });

  // The audit log, newest first.
  await shot('audit-log.png', page, { fullPage: true, clip: await between(page, '#audit-h', '#enrolment') });

  // The roll-out kit, filled in for the address staff reach.
  await page.fill('#rollout-url', 'https://scrubs.riverside.example');
  await page.fill('#rollout-update', 'https://scrubs.riverside.example/extension/updates.xml');
  await page.fill('#rollout-install', 'https://scrubs.riverside.example/extension/scrubs.xpi');
  await page.click('#rollout-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('rollout-files').textContent.includes('https://scrubs.riverside.example'));
  await shot('rollout-kit.png', page, { fullPage: true, clip: await between(page, '#rollout', '#rollout-files .kit-file:nth-child(2)') });

  // The printable monthly report: the last four weeks, as it prints.
  const all = await page.textContent('#summary');
  await page.click('#period-4');
  await page.waitForFunction((all) => document.getElementById('summary').textContent !== all, all);
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 800, height: 1000 });
  // (its first page: the summary, the chart and the table by kind)
  await shot('monthly-report.png', page, { fullPage: true, clip: await between(page, 'body', '#totals h3:nth-of-type(2)') });

  for (const s of shots) console.log(`   ${out}/${s}`);
} finally {
  await browser.close();
  await server.stop();
}
