// a11y.mjs: axe-core on every page of the examinee and the clerk flows, at 1280 px and at
// 360 px, in headless Chromium. A test fails on any violation axe rates serious or critical
// (each printed with its rule, page, width and target) and on a page that scrolls sideways
// at 360 px (document.documentElement.scrollWidth > innerWidth). The violations of every
// impact are counted and printed at the end.
// Pages are reached two ways: the flows that need a form sent (an examinee made for this run
// applies, uploads a graduation photo, pays in the sandbox, sends an empty 登记表), and a
// crawl of the links each person can follow from their start page (one page per route: the
// numbers in a path and the values of a query do not make a new page). The dev simulators
// (/chsi-sim, /pay-sim, /dev) are not the product and are not checked.
// Runs after the other e2e files (it changes no demo examinee). Needs ZIKAO_BASE_URL,
// ZIKAO_VAR, ZIKAO_PSQL and ZIKAO_CTL; A11Y_LIST=1 lists each page checked. Last line:
// "e2e-a11y: N passed, M failed".
import { A11Y_WIDTHS as WIDTHS, axeAt, axeCounts as counts, base, clickTo, examineeLogin, expect, picture, runStack as run,
         sql, staffLogin, suite } from './harness.mjs';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let pages = 0;  // page states checked (each at every width)
const e2e = await suite('e2e-a11y');

// ---- checking one page ------------------------------------------------------------------

// axe (and sideways scrolling at 360 px) on the page as it is, at each width.
async function audit(page, problems, label = '') {
  const where = label || new URL(page.url()).pathname;
  pages++; if (process.env.A11Y_LIST) console.log('   page', where);
  for (const width of WIDTHS) await axeAt(page, width, problems, where);
  await page.setViewportSize({ width: 1280, height: 900 });
}

function report(problems, what) {
  for (const p of problems) console.log(`      ${p}`);
  expect(problems.length === 0, `${problems.length} problem(s) ${what}`);
}

// ---- crawling the links a person can follow ---------------------------------------------

const SKIP = [/^\/(static|chsi-sim|pay-sim|dev)\//, /logout$/, /\.(csv|pdf|zip)$/, /^\/regform\/pdf$/,
  /^\/verify\/photo\//, /^\/photo\/view\//, /^\/admin\/photos\//, /\/(photo|original)$/, /\/(archive|image)\//];
const routeOf = (url) => url.pathname.replace(/\d+/g, 'N') + [...url.searchParams.keys()].sort().join('&');

// `start` and every same-origin page reachable by links from it (at most `limit` routes),
// each route once (other routes already in `seen` are skipped), audited.
async function crawl(page, start, problems, seen = new Set(), limit = 80) {
  const queue = [new URL(start, base)];
  seen.delete(routeOf(queue[0]));
  while (queue.length && seen.size < limit) {
    const url = queue.shift();
    if (seen.has(routeOf(url))) continue;
    seen.add(routeOf(url));
    const response = await page.goto(url.href);
    if (!response || !(response.headers()['content-type'] || '').startsWith('text/html')) continue;
    await audit(page, problems, `${url.pathname}${url.search}`);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
    for (const href of hrefs) {
      const next = new URL(href);
      next.hash = '';
      if (next.origin !== new URL(base).origin || SKIP.some((re) => re.test(next.pathname))) continue;
      if (!seen.has(routeOf(next))) queue.push(next);
    }
  }
  return seen;
}

// The routes of `seen` that look the same whatever the state of the examinee's application.
const alike = (seen) => new Set([...seen].filter((r) => !/^\/(apply|pay|orders|regform|photo|substitute)/.test(r)));

// ---- an examinee made for this run ------------------------------------------------------

// A 小店区 examinee with 张三's transcript (so 080901 qualifies as it stands), identity
// verified, with a verified 学信网 专科 record as the callback stores it.
function makeExaminee() {
  const stamp = String(Date.now() % 1e6).padStart(6, '0') + String(process.pid % 1000).padStart(3, '0');
  const first17 = `140105198801${10 + Number(stamp[0])}${stamp.slice(1, 4)}`;  // born 1988-01-1x
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const idNumber = first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11];
  const ticket = `95${stamp}1`;
  const passed = readFileSync(join(here, '..', '..', 'sql', 'demo', 'passed.csv'), 'utf8').split('\n');
  const rows = passed.filter((l) => l.startsWith('010120100001,')).map((l) => ticket + l.slice(12));
  const dir = mkdtempSync(join(tmpdir(), 'zikao-e2e-a11y-'));
  try {
    chmodSync(dir, 0o755);
    const files = {
      'examinees.csv': 'name,id_number,ticket_no,password,county_code,identity_status,ethnicity,hukou,education,' +
        'occupation,political_status,phone,email\n' +
        `周无障,${idNumber},${ticket},Zikao@2025,140105,verified,汉族,城镇,大学专科,企业职工,群众,139${stamp.slice(1)},\n`,
      'passed.csv': `${passed[0]}\n${rows.join('\n')}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      chmodSync(join(dir, name), 0o644);
    }
    const out = run('ZIKAO_CTL', ['load-demo', dir]);
    expect(out.includes('1 examinees and'), `load-demo added the examinee: ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const dbId = Number(sql(`SELECT id FROM examinees WHERE ticket_no = '${ticket}'`));
  sql(`WITH a AS (INSERT INTO chsi_authorizations (examinee_id, state, status, expires_at, completed_at)
        VALUES (${dbId}, md5(random()::text || clock_timestamp()::text), 'completed', now() + interval '1 hour', now())
        RETURNING id)
      INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, level,
        study_form, category, entry_year, graduation_year, conclusion)
      SELECT a.id, e.id, e.name, e.id_number_enc, e.gender, '太原理工大学', '计算机应用技术', '专科',
        '普通全日制', '普通', 2010, 2013, '毕业' FROM a, examinees e WHERE e.id = ${dbId}`);
  return { ticket, dbId };
}

const graduationPng = (seed) => picture('graduation', `e2e-a11y-${seed}`);

// ---- the tests --------------------------------------------------------------------------

let person;

await e2e.test('pages-before-login', async (open) => {
  const page = await open('anonymous');
  page.expectedConsoleErrors.push(/status of 404/);
  const problems = [];
  const seen = await crawl(page, '/login', problems);
  await crawl(page, '/admin/login', problems, seen);
  for (const path of ['/no-such-page', '/static/errors/404.html', '/static/errors/413.html',
                      '/static/errors/429.html', '/static/errors/503.html']) {
    await page.goto(`${base}${path}`);
    await audit(page, problems);
  }
  // A form sent empty: the messages at the fields.
  await page.goto(`${base}/register/new`);
  page.expectedConsoleErrors.push(/status of 4\d\d/);
  await page.locator('main form button[type=submit]').last().click();
  await page.waitForLoadState();
  await audit(page, problems, '/register/new (refused)');
  report(problems, 'before login');
});

await e2e.test('examinee-applies-pays-and-fills-in', async (open) => {
  person = makeExaminee();
  const page = await open('examinee');
  page.expectedConsoleErrors.push(/status of 4\d\d/);
  const problems = [];
  await examineeLogin(page, person.ticket);
  const seen = await crawl(page, '/', problems);

  await page.goto(`${base}/apply`);
  await page.getByLabel('地址').fill('太原市小店区坞城路92号');
  await page.getByLabel('太原理工大学').check();
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/majors');
  await page.getByLabel(/080901/).check();
  await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
  await page.waitForLoadState();
  await audit(page, problems, '/apply/majors (checked)');
  // The substitution pages, as the chosen major makes them; a 新计划顶替 sent empty.
  for (const path of ['/substitute/english', '/substitute/english?suggest=1', '/substitute/newplan', '/substitute/oldplan']) {
    await page.goto(`${base}${path}`);
    await audit(page, problems, path);
  }
  await page.goto(`${base}/substitute/newplan`);
  await page.getByRole('button', { name: '添加' }).click();
  await page.waitForLoadState();
  await audit(page, problems, '/substitute/newplan (sent empty)');
  await page.goto(`${base}/apply/majors`);
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/confirm');
  await audit(page, problems);
  // 提交 is final: the box is ticked and the browser's question accepted, as a person would.
  await page.getByLabel(/我已确认以上信息无误/).check();
  page.once('dialog', (dialog) => dialog.accept());
  await clickTo(page, page.getByRole('button', { name: '提交' }), '/apply/status');
  await audit(page, problems, '/apply/status (submitted)');

  await clickTo(page, page.getByRole('link', { name: '上传毕业照片' }).first(), '/photo');
  await page.getByLabel('毕业照上传（蓝底、白底、白灰底照片）').setInputFiles(
    { name: 'graduation.png', mimeType: 'image/png', buffer: graduationPng(person.ticket) });
  await page.getByRole('button', { name: '上传并认证' }).click();
  await page.getByText('毕业照片已认证').first().waitFor();
  await audit(page, problems, '/photo (verified)');

  await page.goto(`${base}/apply/status`);
  await audit(page, problems, '/apply/status (系统审核通过)');
  await clickTo(page, page.getByRole('link', { name: '毕业申请支付', exact: true }), '/pay');
  await audit(page, problems);
  await clickTo(page, page.getByRole('button', { name: '创建订单' }), /^\/pay\/order\/ZK\d+$/);
  await audit(page, problems, '/pay/order (created)');
  await clickTo(page, page.getByRole('button', { name: '确认支付' }), '/pay-sim/checkout');
  await clickTo(page, page.getByRole('button', { name: '支付', exact: true }), /^\/pay\/(return|success)\//);
  await page.waitForURL(/\/pay\/success\//, { timeout: 20000 }).catch(() => {});
  await audit(page, problems, '/pay after the sandbox');

  await page.goto(`${base}/regform`);
  await audit(page, problems);
  await page.locator('main form button[type=submit]').first().click();
  await page.waitForLoadState();
  await audit(page, problems, '/regform (sent empty)');
  for (const path of ['/regform/resume', '/verify/identity']) {
    await page.goto(`${base}${path}`);
    await audit(page, problems, `${path} (at ${new URL(page.url()).pathname})`);
  }
  // What is reachable now that has not been seen yet (订单, 登记表, 申请详情 in its new states).
  await crawl(page, '/', problems, alike(seen));
  report(problems, 'on the examinee\'s pages');
});

await e2e.test('demo-examinees-pages', async (open) => {
  const problems = [];
  let seen = new Set();
  for (const ticket of ['010120100001', '010120100002']) {
    const page = await open(ticket);
    page.expectedConsoleErrors.push(/status of 4\d\d/);
    await examineeLogin(page, ticket);
    seen = alike(await crawl(page, '/', problems, seen));
  }
  report(problems, 'on 张三\'s and 李娜\'s pages');
});

await e2e.test('clerk-and-admin-pages', async (open) => {
  const problems = [];
  for (const user of ['xiaodian', 'yingze', 'shending']) {
    const page = await open(user);
    page.expectedConsoleErrors.push(/status of 4\d\d/);
    await staffLogin(page, user);
    const seen = await crawl(page, '/admin', problems);
    if (user === 'xiaodian' && person) {
      const id = sql(`SELECT id FROM applications WHERE examinee_id = ${person.dbId} ORDER BY id DESC LIMIT 1`);
      await crawl(page, `/admin/applications/${id}`, problems, seen);
    }
  }
  const admin = await open('admin');
  admin.expectedConsoleErrors.push(/status of 4\d\d/);
  await staffLogin(admin, 'admin', 'Admin@2025');
  await crawl(admin, '/admin', problems);
  report(problems, 'on the back office\'s pages');
});

console.log(`${pages} page states checked at ${WIDTHS.join(' px and ')} px`);
console.log(`axe violations (nodes) by impact: critical ${counts.critical}, serious ${counts.serious}, ` +
            `moderate ${counts.moderate}, minor ${counts.minor}`);
await e2e.finish();
