import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, watch, api, TOKEN, READY_MS } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const monday = (() => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
})();

test('/admin: sign in, edit with validation as you type, publish, history, restore, chart', async () => {
  // Some counts from "extensions", for the reports: one event per post, with the enrolment key.
  const enrolment = (await api(server, 'GET', '/v1/enrolment')).json.key;
  const events = await api(server, 'POST', '/v1/events', JSON.stringify({ events: [
    { week: monday, site: 'www.facebook.com', verdict: 'warn', kinds: ['identifier.phone'], outcome: 'warned', count: 5 },
    { week: monday, site: 'www.facebook.com', verdict: 'block', kinds: ['health.condition', 'identifier.name'], outcome: 'posted_anyway', reason: 'consent_on_file', count: 2 },
    { week: monday, site: 'www.instagram.com', verdict: 'block', kinds: ['health.condition'], outcome: 'false_alarm', count: 1 },
  ] }), { 'Content-Type': 'application/json', 'Scrubs-Enrolment-Key': enrolment });
  assert.equal(events.status, 204);

  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(server.url + '/admin');
  // A wrong token is refused; the first admin signs in with theirs.
  await page.click('#token-login summary');
  await page.fill('#token', 'not-the-token');
  await page.click('#token-submit');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.includes('not accepted'));
  await page.fill('#token', TOKEN);
  await page.click('#token-submit');
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: READY_MS });
  assert.equal(await page.textContent('#whoami'), 'admin (editor)');

  // The built-in pack is in use: the form starts an organisation pack.
  assert.match(await page.textContent('#base-note'), /built-in rules/);

  // Validation as they type: a phone with too few digits is flagged on its field.
  await page.fill('#pack-name', 'Riverside Clinic rules');
  await page.fill('#org-name', 'Riverside Clinic');
  await page.fill('#org-phones', '(555) 201-3344\n12');
  await page.waitForFunction(() => document.getElementById('validity').className === 'bad');
  assert.match(await page.textContent('#problems'), /org\.phones\[1\].*fewer than 7 digits/);
  assert.equal(await page.getAttribute('#org-phones', 'aria-invalid'), 'true');
  assert.equal(await page.isDisabled('#push'), true);

  // A list of terms with an unknown signal, then fixed.
  await page.click('#add-lexicon');
  await page.fill('#lex-0-terms', 'Riverside Birth Center\nWillow Unit');
  await page.fill('#lex-0-signal', 'not-a-signal');
  await page.waitForFunction(() => document.getElementById('problems').textContent.includes('lexicons[0].signal'));
  await page.fill('#lex-0-signal', 'setting');
  await page.fill('#org-phones', '(555) 201-3344');
  await page.waitForFunction(() => document.getElementById('validity').className === 'ok');
  assert.equal(await page.isDisabled('#push'), false);

  // The preview runs the edited rules.
  await page.fill('#preview-text', 'Call Riverside Clinic at (555) 201-3344 about your visit.');
  await page.waitForFunction(() => document.querySelector('#preview-result .verdict'));

  // Publish.
  await page.fill('#comment', 'Our phone, names of our units — first version');
  // Publish shows what changes against the version in use, and asks; Cancel publishes nothing.
  await page.click('#push');
  await page.waitForSelector('#confirm[open]');
  assert.match(await page.textContent('#confirm-intro'), /version 1, the version in use/);
  const changes = await page.textContent('#confirm-changes');
  assert.match(changes, /Organisation profile/);
  assert.match(changes, /Organisation name: \(none\) → “Riverside Clinic”/);
  assert.match(changes, /Phone numbers: added “\(555\) 201-3344”/);
  assert.match(changes, /the list “our-terms-1” \(setting\): added “Riverside Birth Center”, “Willow Unit”/);
  assert.doesNotMatch(changes, /removed/); // the built-in rules stay under the organisation's pack
  await page.click('#confirm-cancel');
  await page.waitForFunction(() => document.getElementById('push-result').textContent === 'Not published.');
  assert.equal((await api(server, 'GET', '/v1/packs')).json.current, 1);
  await page.click('#push');
  await page.waitForSelector('#confirm[open]');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => /version 2/.test(document.getElementById('push-result').textContent));
  const packs = await api(server, 'GET', '/v1/packs');
  assert.equal(packs.json.current, 2);
  assert.equal(packs.json.packs[0].comment, 'Our phone, names of our units — first version');
  const env = await (await fetch(server.url + '/v1/pack')).json();
  const pack = JSON.parse(Buffer.from(env.pack, 'base64').toString('utf8'));
  assert.equal(pack.org.name, 'Riverside Clinic');
  assert.deepEqual(pack.lexicons[0].terms, ['Riverside Birth Center', 'Willow Unit']);
  assert.equal(pack.base, 'default');

  // Coming back later (same tab: the token is kept for the session), the form holds the pack in use.
  // (First let the page finish what the publish reloads, so the reload cuts no request short.)
  await page.waitForSelector('#history-rows tr[data-version="2"].current');
  await page.waitForSelector('#audit-rows tr[data-action="pack.publish"]');
  await page.waitForFunction(() => /version 2 in use/.test(document.getElementById('server-state').textContent));
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: READY_MS });
  assert.equal(await page.inputValue('#org-name'), 'Riverside Clinic');
  assert.equal(await page.inputValue('#lex-0-terms'), 'Riverside Birth Center\nWillow Unit');
  assert.match(await page.textContent('#base-note'), /pack in use/);
  assert.equal(await page.getAttribute('#validity', 'class'), 'ok');

  // History shows both; restoring version 1 publishes it as version 3.
  await page.waitForSelector('#history-rows tr[data-version="2"].current');
  // Restore says what it brings back before it does (here: the profile goes).
  await page.click('#history-rows tr[data-version="1"] button');
  await page.waitForSelector('#confirm[open]');
  assert.match(await page.textContent('#confirm-h'), /Restore version 1\?/);
  const back = await page.textContent('#confirm-changes');
  assert.match(back, /Organisation name: “Riverside Clinic” → \(none\)/);
  assert.match(back, /the list “our-terms-1”: removed “Riverside Birth Center”, “Willow Unit”/);
  await page.click('#confirm-ok');
  await page.waitForSelector('#history-rows tr[data-version="3"].current');
  assert.equal((await api(server, 'GET', '/v1/packs')).json.packs[0].restored_from, 1);
  // The restore also loads the restored pack into the form (version 1 is
  // the built-in rules), and that rewrites the raw JSON editor below: it
  // can land after the history, so wait for it before typing there.
  await page.waitForFunction(() => /serving the built-in rules/.test(document.getElementById('base-note').textContent));
  assert.equal(await page.inputValue('#org-name'), '');

  // The reports count posts (8 drafts, 2 posted anyway, not 4), in plain names, with rates.
  assert.equal(await page.locator('#chart svg rect[data-series="warnings"]').count(), 1);
  assert.equal(await page.locator('#chart svg rect[data-series="overrides"]').count(), 1);
  assert.equal(await page.locator('#chart svg rect[data-series="false-alarms"]').count(), 1);
  const summary = await page.textContent('#summary');
  assert.match(summary, /^Weeks of .+ to .+8\s*drafts warned/);
  assert.match(summary, /2\s*posted anyway.*Consent on file 2/);
  assert.match(summary, /25%\s*override rate/);
  const totals = await page.textContent('#totals');
  assert.match(totals, /A phone number/);
  assert.match(totals, /A health detail/);
  assert.doesNotMatch(totals, /identifier\.phone|health\.condition/);
  assert.equal(await page.locator('#totals tr[data-key="health.condition"] td').first().textContent(), '3');
  assert.match(await page.textContent('#enrolment'), new RegExp(enrolment));
  // Everything, as CSV.
  await page.click('#period-all');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.match(download.suggestedFilename(), /^scrubs-report-.*\.csv$/);
  const csv = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  assert.match(csv, /^section,key,from,to,drafts_warned,/);
  assert.match(csv, /\ntotal,all,[^,]*,[^,]*,8,3,5,0,0,2,0,2,0,0,0,1,0\.2500,0\.1250\n/);

  // The audit log: the publish and the restore, newest first, with who did them.
  await page.waitForSelector('#audit-rows tr[data-action="pack.restore"]');
  const audit = await page.locator('#audit-rows tr').allTextContents();
  assert.match(audit[0], /admin \(API token SCRUBS_ADMIN_TOKEN\)Restored an earlier version \(version 3\)version 1 published again/);
  assert.match(audit[1], /Published the rules \(version 2\).*Our phone, names of our units.*Phone numbers: added “\(555\) 201-3344”/);
  const [auditCSV] = await Promise.all([page.waitForEvent('download'), page.click('#export-audit')]);
  assert.match(auditCSV.suggestedFilename(), /^scrubs-audit.*\.csv$/);
  const auditText = await (await auditCSV.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  assert.match(auditText, /^seq,time,who,action,target,what_changed\n/);
  assert.match(auditText, /,pack\.publish,version 2,/);

  // The roll-out kit, filled in with this server's address and keys, ready to download.
  const keys = await (await fetch(server.url + '/v1/keys')).json();
  await page.waitForSelector('#rollout-files .kit-file[data-name="scrubs-chrome-edge.reg"]');
  assert.equal(await page.inputValue('#rollout-url'), server.url);
  const kit = await page.textContent('#rollout-files');
  assert.ok(kit.includes(`"serverUrl": "${server.url}"`), kit.slice(0, 400));
  assert.ok(kit.includes(keys.keys[0].key) && kit.includes(enrolment));
  assert.match(kit, /"toolbar_pin": "force_pinned"/);
  // this server serves the build (both builds do): the kit names its update manifest and the id of
  // its CRX key, not the store's
  assert.equal(await page.inputValue('#rollout-update'), `${server.url}/extension/updates.xml`);
  const id = /extension id in Chrome and Edge ([a-p]{32})/.exec(await page.textContent('#rollout-keys'))?.[1];
  assert.ok(id && kit.includes(`"${id}"`), await page.textContent('#rollout-keys'));
  assert.notEqual(id, 'gniieannildccockippdmjkediigkbgg');
  await page.fill('#rollout-url', 'https://scrubs.riverside.example');
  await page.click('#rollout-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('rollout-files').textContent.includes('"serverUrl"="https://scrubs.riverside.example"'));
  const [reg] = await Promise.all([page.waitForEvent('download'), page.click('#rollout-files .kit-file[data-name="scrubs-chrome-edge.reg"] button')]);
  assert.equal(reg.suggestedFilename(), 'scrubs-chrome-edge.reg');
  const regText = await (await reg.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  assert.match(regText, /^Windows Registry Editor Version 5\.00\r\n/);

  // The raw JSON editor: a syntax error is reported with its line.
  await page.click('#advanced summary');
  await page.fill('#raw', '{\n  "schema": "scrubs.pack/1",\n  "name": \n}');
  await page.waitForFunction(() => /line 4/.test(document.getElementById('problems').textContent));

  // The wrong token's 401 (and the console line Chromium prints for it) was expected.
  const unexpected = problems.filter((p) => !/401/.test(p) || !/(\/v1\/me|Failed to load resource)/.test(p));
  assert.deepEqual(unexpected, []);
  await page.close();
});

test('/admin: named accounts: an editor and a viewer, each with their own password', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(server.url + '/admin');
  await page.click('#token-login summary');
  await page.fill('#token', TOKEN);
  await page.click('#token-submit');
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: READY_MS });

  // The first admin adds an editor and a viewer; each password is shown once.
  const add = async (name, role) => {
    await page.fill('#new-account-name', name);
    await page.selectOption('#new-account-role', role);
    await page.click('#add-account button[type=submit]');
    await page.waitForSelector(`#account-rows tr[data-name="${name}"]`);
    await page.waitForFunction((n) => document.getElementById('account-result').textContent.includes(`Account ${n}`), name);
    return page.textContent('#account-result .secret');
  };
  const danaPass = await add('dana', 'editor');
  const valPass = await add('val', 'viewer');
  assert.equal(danaPass.length, 24);
  // An API token for a script, shown once, listed without its secret.
  await page.fill('#new-token-name', 'ci-publish');
  await page.selectOption('#new-token-role', 'editor');
  await page.click('#add-token button[type=submit]');
  await page.waitForSelector('#token-rows tr th:text("ci-publish")');
  const ciToken = await page.textContent('#token-result .secret');
  assert.match(ciToken, /^scrubs-token-[0-9a-f]{16}-/);
  assert.doesNotMatch(await page.textContent('#tokens'), /scrubs-token-/);
  const push = await api(server, 'PUT', '/v1/pack?comment=from+ci', '{"schema":"scrubs.pack/1","name":"ci","base":"default","org":{"name":"Riverside"}}',
    { Authorization: `Bearer ${ciToken}`, 'Content-Type': 'application/json' });
  assert.equal(push.status, 201);
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');

  // A wrong password, then dana signs in as an editor and sees everything.
  await page.fill('#login-name', 'dana');
  await page.fill('#login-password', 'not her password');
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => /Wrong name or password/.test(document.getElementById('login-error').textContent));
  await page.fill('#login-password', danaPass);
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.body.dataset.role === 'editor', null, { timeout: READY_MS });
  assert.equal(await page.textContent('#whoami'), 'dana (editor)');
  assert.equal(await page.isVisible('#rules'), true);
  assert.equal(await page.isVisible('#people'), true);
  // She changes her password.
  await page.fill('#current-password', danaPass);
  await page.fill('#new-password', 'dana has a passphrase now');
  await page.click('#password-form button[type=submit]');
  await page.waitForFunction(() => /password was changed/.test(document.getElementById('password-result').textContent));
  await page.waitForSelector('#audit-rows tr[data-action="account.password"]');
  const audit = await page.locator('#audit-rows tr').allTextContents();
  assert.match(audit.join('\n'), /dana.*Changed a password/);
  assert.match(audit.join('\n'), /admin \(API token ci-publish\)Published the rules/);
  assert.match(audit.join('\n'), /admin \(API token SCRUBS_ADMIN_TOKEN\)Added an account \(account val\)/);
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');

  // val, a viewer: the reports, history and audit log; no editor, no restore, no accounts.
  await page.fill('#login-name', 'val');
  await page.fill('#login-password', valPass);
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.body.dataset.role === 'viewer', null, { timeout: READY_MS });
  assert.equal(await page.textContent('#whoami'), 'val (viewer)');
  for (const sel of ['#rules', '#people', '#enrolment']) assert.equal(await page.isVisible(sel), false, sel);
  assert.equal(await page.locator('#history-rows button:visible').count(), 0);
  assert.equal(await page.isVisible('#activity'), true);
  assert.ok(await page.locator('#history-rows tr').count() >= 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.match(download.suggestedFilename(), /^scrubs-report.*\.csv$/);
  // A viewer's session cannot publish.
  const session = await page.evaluate(() => sessionStorage.getItem('scrubs-admin-token'));
  assert.match(session, /^scrubs-session-/);
  const denied = await api(server, 'PUT', '/v1/pack', '{}', { Authorization: `Bearer ${session}` });
  assert.equal(denied.status, 403);
  const unexpected = problems.filter((p) => !/401/.test(p) || !/(\/v1\/login|Failed to load resource)/.test(p));
  assert.deepEqual(unexpected, []);
  await page.close();
});
