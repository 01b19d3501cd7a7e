// review.mjs: the back office of issue 13 in a real browser (headless Chromium driven by
// playwright-core), on the demo stack, as people would do it: after the start page
// (/login, /admin/login) everything is reached by clicking links and buttons.
//   1. 张三 applies to 太原理工大学 080901 (学信网 authorisation first when he has none),
//      submits, uploads a graduation photo and sees 系统审核通过.
//   2. 李娜 applies with the suggested 英语(二) replacement, submits, uploads her photo and
//      sees 太原市迎泽区招办预审中.
//   3. The 迎泽区 clerk sees the counts on 工作台, opens the 预审 queue and 李娜's application
//      (audit table, 顶替英语二), refuses with 成绩不符 and a text; 李娜 sees 预审未通过 with the
//      reason, clicks 重新申请, goes through the steps again and submits; the clerk approves
//      and 李娜 sees 预审通过.
//   4. An examinee made for this run (张三's transcript without 02197) adds 02197 as a 旧计划
//      course with a zip of scans at 添加旧计划课程, submits and uploads a photo; the 小店区
//      clerk opens the 旧计划核验 queue, opens a scan from the application and marks the
//      course 核验通过.
//   5. 张三 (已支付 in pay.mjs, 登记表已填 in regform.mjs) — the 小店区 clerk confirms
//      材料已交回, the 省审定组 审定通过, and 张三 sees 毕业审定通过.
//   6. The admin closes 毕业申请 at 业务开放时间 (立即关闭): 个人中心 shows (未开放) once its
//      cache expires (polled) and /apply says 未开放; the admin restores the dates; then
//      publishes a 通知公告, which 个人中心's 查询中心 lists at /notices with its detail page.
//   7. The 小店区 clerk opens a waiting identity submission: 身份证号 and 手机号 in full (the
//      view logged), 通过 blocked without 已核对, then asked once more (取消 sends nothing,
//      确定 approves).
//   8. From 考生注册, the link to 各区县自考部门地址及联系方式: every county under its city, usable
//      at 360 px.
// Steps 1 and 2 pick up where tests/e2e/apply.mjs left 张三 and 李娜 (it runs before this
// file in tests/run.sh), or start from nothing on a fresh demo stack. This file changes the
// demo examinees for good (李娜 re-applied, 张三 approved), so it runs LAST of the e2e files;
// the 毕业申请 window is restored to its dates (to the minute, the form's precision). Each
// step is screenshotted at 1280 px and at 360 px under $ZIKAO_VAR/screenshots; every
// back-office page visited must not scroll sideways at 360 px. Needs ZIKAO_BASE_URL, ZIKAO_VAR, ZIKAO_PSQL and ZIKAO_CTL (tests/run.sh
// or the stack's exports). Last line: "e2e-review: N passed, M failed".
import { base, expect, shots, suite } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const imagesPy = join(here, '..', 'integration', 'images.py');
const run = `${Date.now().toString(36)}${process.pid}`;

const ZHANG = { name: '张三', ticket: '010120100001' };
const LI = { name: '李娜', ticket: '010120100002' };
const EXAMINEE_PASSWORD = 'Zikao@2025';
const STAFF_PASSWORD = 'Staff@2025';

const e2e = await suite('e2e-review');
const mainText = (page) => page.locator('main').innerText();

// ---- the database and zikao-ctl, for the set-up only -------------------------------------

function command(variable) {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set (run under tests/run.sh or eval the stack's exports)`);
  return value.trim().split(/\s+/);
}

function psql(sql) {
  const [cmd, ...args] = command('ZIKAO_PSQL');
  return execFileSync(cmd, [...args, '-c', sql], { encoding: 'utf8', cwd: '/' }).trim();
}

// zikao-ctl load-demo of a private directory holding `files`; the tool runs as the stack's
// user, so the directory is world-readable while it runs.
function loadDemo(files) {
  const dir = mkdtempSync(join(tmpdir(), 'zikao-e2e-review-'));
  try {
    chmodSync(dir, 0o755);
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
      chmodSync(join(dir, name), 0o644);
    }
    const [cmd, ...args] = command('ZIKAO_CTL');
    return execFileSync(cmd, [...args, 'load-demo', dir], { encoding: 'utf8', cwd: '/' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- pictures and archives ----------------------------------------------------------------

// A graduation photo as a JPEG: images.py's graduation picture (unique to the seed: the
// application refuses one picture on two accounts), re-encoded as a JPEG by the browser's
// canvas, the way a phone or a photo editor would hand it over.
async function graduationJpeg(page, seed) {
  const png = execFileSync('python3', [imagesPy, 'graduation', `e2e-review-${run}-${seed}`]);
  const b64 = await page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext('2d').drawImage(img, 0, 0);
    return canvas.toDataURL('image/jpeg', 0.95).split(',')[1];
  }, png.toString('base64'));
  const jpeg = Buffer.from(b64, 'base64');
  expect(jpeg[0] === 0xff && jpeg[1] === 0xd8, 'the canvas made a JPEG');
  return jpeg;
}

// A zip of two 旧计划 certificate scans (a PNG and a PDF), made by python's zipfile.
function scansZip(seed) {
  const code = `
import io, sys, zipfile
sys.path.insert(0, sys.argv[1])
import images
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("旧计划/02197合格证.png", images.portrait(sys.argv[2]))
    z.writestr("旧计划/02197合格证.pdf", b"%PDF-1.4\\n1 0 obj\\n<< /Type /Catalog >>\\nendobj\\ntrailer\\n<< /Root 1 0 R >>\\n%%EOF\\n")
sys.stdout.buffer.write(buf.getvalue())
`;
  return execFileSync('python3', ['-c', code, dirname(imagesPy), `e2e-review-zip-${run}-${seed}`]);
}

// ---- screenshots and the 360 px check ----------------------------------------------------

// The page at 1280 px and at 360 px; a back-office page must not scroll sideways on a
// phone (examinee pages are screenshotted only: their layout is tested in their own files).
async function snap(page, name, { admin = false } = {}) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}/review-${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${shots}/review-${name}-360.png`, fullPage: true });
  if (admin) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 360, `${name}: the back-office page scrolls sideways at 360 px (${width} px wide) at ${page.url()}`);
  }
  await page.setViewportSize(before);
}

// ---- people -------------------------------------------------------------------------------

async function examineeLogin(page, ticket) {
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(ticket);
  await page.getByLabel('密码').fill(EXAMINEE_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '登录' }).click()]);
  expect((await mainText(page)).includes('个人中心'), '个人中心 after login');
}

async function staffLogin(page, username, password = STAFF_PASSWORD) {
  await page.goto(`${base}/admin/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: '登录' }).click()]);
  expect((await mainText(page)).includes('工作台'), `工作台 after ${username} logs in`);
}

async function clickTo(page, locator, path) {
  await Promise.all([page.waitForURL((u) => u.pathname === path), locator.click()]);
}

// 个人中心 → (查询中心) 学信网学历验证: authorise through the dev simulator unless a 专科
// record is already verified.
async function ensureChsi(page, label) {
  await clickTo(page, page.getByRole('link', { name: '学信网学历验证', exact: true }), '/verify/chsi');
  await clickTo(page, page.getByRole('link', { name: '查看已验证学历信息' }), '/verify/chsi/records');
  if (!(await mainText(page)).includes('专科')) {
    await clickTo(page, page.getByRole('link', { name: '学信网学历验证', exact: true }), '/verify/chsi');
    await page.getByRole('button', { name: '获取学信网二维码' }).click();
    await page.locator('a.chsi-sim-link').click();
    await page.getByRole('button', { name: '确认授权' }).click();
    await page.getByRole('button', { name: '返回山西自考网完成验证' }).click();
    await snap(page, `${label}-chsi`);
    await clickTo(page, page.getByRole('link', { name: '查看已验证学历信息' }), '/verify/chsi/records');
    expect((await mainText(page)).includes('专科'), 'a verified 专科 record after the authorisation');
  }
  await clickTo(page, page.getByRole('link', { name: '返回首页' }), '/');
}

// 个人中心 → 毕业申请: the application form, or the status page once submitted.
async function openApply(page) {
  await Promise.all([page.waitForURL((u) => u.pathname === '/apply' || u.pathname === '/apply/status'),
                     page.getByRole('link', { name: '毕业申请', exact: true }).click()]);
  return new URL(page.url()).pathname;
}

// Step 1 (地址, 太原理工大学), on to the majors page; what is already filled in is kept.
async function step1(page) {
  expect((await mainText(page)).includes('毕业申请信息填报'), 'step 1 title');
  const address = page.getByLabel('地址');
  if (!(await address.inputValue())) await address.fill('太原市迎泽区迎泽大街100号');
  await page.getByLabel('太原理工大学').check();
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/majors');
}

async function confirmAndSubmit(page, label) {
  expect(new URL(page.url()).pathname === '/apply/confirm', `on the confirm page, at ${page.url()}`);
  const confirm = await mainText(page);
  expect(confirm.includes('太原理工大学') && confirm.includes('080901'), 'confirm lists 太原理工大学 080901');
  await snap(page, `${label}-confirm`);
  await page.getByLabel(/我已确认以上信息无误/).check();
  page.once('dialog', (dialog) => dialog.accept());  // 提交后不可再进行网上毕业申请，确认提交？
  await clickTo(page, page.getByRole('button', { name: '提交' }), '/apply/status');
}

// From the status page: 上传毕业照片 → a JPEG → 毕业照片已认证 → 个人中心 → the status page.
async function uploadPhoto(page, label) {
  await clickTo(page, page.getByRole('link', { name: '上传毕业照片' }).first(), '/photo');
  await page.getByLabel('毕业照上传（蓝底、白底、白灰底照片）').setInputFiles(
    { name: 'graduation.jpg', mimeType: 'image/jpeg', buffer: await graduationJpeg(page, label) });
  await Promise.all([
    page.waitForResponse((r) => r.url() === `${base}/photo` && r.request().method() === 'POST'),
    page.getByRole('button', { name: '上传并认证' }).click(),
  ]);
  await page.getByText('毕业照片已认证').first().waitFor();
  await snap(page, `${label}-photo`);
  await clickTo(page, page.getByRole('link', { name: '返回个人中心确认并提交系统审核' }), '/');
  await clickTo(page, page.getByRole('link', { name: '查看毕业申请信息详情' }).first(), '/apply/status');
}

const statusLine = (page) => page.locator('main p.status-line').innerText();

// The examinee's row of a queue (searched by 准考证号 with the filter form), then 查看.
async function openFromQueue(page, ticket, label, rowText = '') {
  await page.getByLabel('准考证号或姓名').fill(ticket);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === ticket),
                     page.getByRole('button', { name: '查询' }).click()]);
  const rows = page.locator('table.queue tbody tr', { hasText: ticket });
  expect(await rows.count() === 1, `one row for ${ticket} in the queue, found ${await rows.count()}`);
  if (rowText) expect((await rows.innerText()).includes(rowText), `the row says ${rowText}: ${await rows.innerText()}`);
  await snap(page, `${label}-queue`, { admin: true });
  await Promise.all([page.waitForURL(/\/admin\/applications\/\d+$/), rows.getByRole('link', { name: '查看' }).click()]);
  expect((await mainText(page)).includes('毕业申请详情'), 'the application page');
}

// A tab of a queue, by its label (the URL gets ?tab=key).
async function openTab(page, label, key) {
  await Promise.all([page.waitForURL((u) => u.searchParams.get('tab') === key),
                     page.locator('p.query-links').getByRole('link', { name: label, exact: true }).click()]);
}

function pendingCount(page, rowTitle) {
  return page.locator('table.profile tr', { hasText: rowTitle }).locator('.pending-count').innerText().then(Number);
}

// ---- 1. 张三: 系统审核通过 --------------------------------------------------------------------

await e2e.test('zhang-san-passes-system-review', async (open) => {
  const page = await open('zhangsan');
  await examineeLogin(page, ZHANG.ticket);
  if ((await openApply(page)) === '/apply') {
    await clickTo(page, page.getByRole('link', { name: '返回首页' }).or(page.getByRole('link', { name: '系统首页' })).first(), '/');
    await ensureChsi(page, 'zhangsan');
    await openApply(page);
    await step1(page);
    await page.getByLabel(/080901/).check();
    await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/confirm');
    await confirmAndSubmit(page, 'zhangsan');
  }
  if (await page.getByRole('link', { name: '上传毕业照片' }).count()) await uploadPhoto(page, 'zhangsan');
  const line = await statusLine(page);
  // pay.mjs and regform.mjs, run before this file, have paid 张三's fee and exported his 登记表.
  expect(line.includes('系统审核通过，请进行毕业申请支付') || line.includes('已支付，请填报毕业生登记表') ||
         line.includes('毕业生登记表已填报'),
    `张三's status line: ${line}`);
  await snap(page, 'zhangsan-system-passed');
});

// ---- 2. 李娜: 英语(二) replacement → 太原市迎泽区招办预审中 -------------------------------------

await e2e.test('li-na-goes-to-prereview', async (open) => {
  const page = await open('lina');
  await examineeLogin(page, LI.ticket);
  if ((await openApply(page)) === '/apply') {
    await clickTo(page, page.getByRole('link', { name: '返回首页' }).or(page.getByRole('link', { name: '系统首页' })).first(), '/');
    await ensureChsi(page, 'lina');
    await openApply(page);
    await step1(page);
    await page.getByLabel(/080901/).check();
    await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
    const restricted = await mainText(page);
    expect(restricted.includes('所选专业不符合毕业合格条件'), 'the 限制条件 screen');
    await snap(page, 'lina-restriction');
    await page.getByRole('link', { name: '按建议添加顶替英语二课程' }).click();
    expect(await page.locator('input[name="course"]:checked').count() >= 2, 'suggested courses pre-checked');
    await clickTo(page, page.getByRole('button', { name: '保存顶替课程' }), '/apply/majors');
    expect(!(await mainText(page)).includes('所选专业不符合毕业合格条件'), 'eligible after the replacement');
    await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/confirm');
    await confirmAndSubmit(page, 'lina');
  }
  await uploadPhoto(page, 'lina');
  const line = await statusLine(page);
  expect(line.includes('太原市迎泽区招办预审中'), `李娜's status line: ${line}`);
  await snap(page, 'lina-prereview');
});

// ---- 3. the 迎泽区 clerk refuses, 李娜 re-applies, the clerk approves -------------------------

await e2e.test('yingze-clerk-refuses-li-na-reapplies-and-is-approved', async (open) => {
  const clerk = await open('clerk-yingze');
  await staffLogin(clerk, 'yingze');
  const waiting = Number(psql("SELECT count(*) FROM applications WHERE status = 'prereview' AND county_code = '140106'"));
  const shown = await pendingCount(clerk, '毕业申请预审');
  expect(shown === waiting && waiting >= 1, `工作台 shows ${shown} 待预审, the database has ${waiting} for 迎泽区`);
  for (const row of ['旧计划课程证书核验', '材料交回确认', '毕业审定'])
    expect(Number.isInteger(await pendingCount(clerk, row)), `a count for ${row}`);
  await snap(clerk, 'yingze-dashboard', { admin: true });

  await clickTo(clerk, clerk.getByRole('link', { name: '进入预审队列' }), '/admin/prereview');
  expect((await mainText(clerk)).includes('毕业申请预审'), '预审 queue title');
  await openFromQueue(clerk, LI.ticket, 'yingze-prereview');
  const detail = await mainText(clerk);
  expect(detail.includes('李娜') && detail.includes('太原市迎泽区') && detail.includes('预审中'), '李娜, 迎泽区, 预审中');
  expect(detail.includes('080901') && /00015\s+英语\(二\)/.test(detail), 'the audit table lists 00015 英语(二)');
  expect(detail.includes('顶替英语二：'), 'the chosen 顶替英语二 courses');
  expect(detail.includes('审批记录') && detail.includes('系统'), 'the timeline with the system\'s note');
  await snap(clerk, 'yingze-application', { admin: true });

  // 其他 without a text: refused with 400 and the message at the field, nothing decided. In a
  // second tab of the clerk's browser, whose error status the console may report.
  const typo = await clerk.context().newPage();
  await typo.goto(clerk.url());
  await typo.getByLabel('其他', { exact: true }).check();
  const [refusedForm] = await Promise.all([
    typo.waitForResponse((r) => r.url().endsWith('/prereview/refuse')),
    typo.getByRole('button', { name: '预审不通过' }).click(),
  ]);
  expect(refusedForm.status() === 400, `a reason missing answers 400, got ${refusedForm.status()}`);
  await typo.waitForLoadState();
  expect((await typo.locator('#prereview-error').innerText()).includes('请填写不通过原因'), 'a message at the reason field');
  expect((await typo.locator('strong.application-status').innerText()).includes('预审中'), 'still 预审中');
  await snap(typo, 'yingze-refuse-without-text', { admin: true });
  await typo.close();

  const reason = `成绩单与申请专业要求不一致，请核对后重新申请（${run}）`;
  await clerk.getByLabel('成绩不符', { exact: true }).check();
  await clerk.getByLabel(/补充说明/).fill(reason);
  await clickTo(clerk, clerk.getByRole('button', { name: '预审不通过' }), '/admin/prereview');
  expect((await clerk.getByRole('status').innerText()).includes('已将该申请标记为预审未通过'), 'done message');
  await snap(clerk, 'yingze-refused', { admin: true });

  const lina = await open('lina');
  await examineeLogin(lina, LI.ticket);
  await clickTo(lina, lina.getByRole('link', { name: '查看毕业申请信息详情' }).first(), '/apply/status');
  const refused = await mainText(lina);
  expect((await statusLine(lina)).includes('太原市迎泽区招办预审未通过'), 'status line 预审未通过');
  expect(refused.includes(`不通过原因：成绩不符：${reason}`), `the reason on /apply/status: ${refused}`);
  await snap(lina, 'lina-refused');

  await clickTo(lina, lina.getByRole('button', { name: '重新申请' }), '/apply');
  await step1(lina);
  const majors = await mainText(lina);
  expect(!majors.includes('所选专业不符合毕业合格条件'), 'the second attempt keeps the 英语(二) replacement');
  await snap(lina, 'lina-reapply-majors');
  await clickTo(lina, lina.getByRole('button', { name: '下一步' }), '/apply/confirm');
  await confirmAndSubmit(lina, 'lina-second');
  const second = await mainText(lina);
  expect(second.includes('本次为重新申请（第2次）'), 'the second attempt');
  expect(await lina.getByRole('link', { name: '上传毕业照片' }).count() === 0, 'the verified photo is carried over');
  expect((await statusLine(lina)).includes('太原市迎泽区招办预审中'), `back to 预审: ${await statusLine(lina)}`);
  await snap(lina, 'lina-second-prereview');

  await clickTo(clerk, clerk.getByRole('link', { name: '预审', exact: true }), '/admin/prereview');
  await openFromQueue(clerk, LI.ticket, 'yingze-prereview-second');
  expect((await mainText(clerk)).includes('第2次申请'), 'the clerk sees the second attempt');
  await clickTo(clerk, clerk.getByRole('button', { name: '预审通过' }), '/admin/prereview');
  expect((await clerk.getByRole('status').innerText()).includes('已预审通过该申请'), 'done message');
  await openTab(clerk, '已通过', 'passed');
  expect((await clerk.locator('table.queue tbody tr', { hasText: LI.ticket }).count()) === 1, '李娜 under 已通过');
  await snap(clerk, 'yingze-passed-tab', { admin: true });

  await lina.reload();
  const line = await statusLine(lina);
  expect(line.includes('太原市迎泽区招办已预审通过'), `李娜 sees 预审通过: ${line}`);
  await snap(lina, 'lina-passed');
});

// ---- 4. 旧计划 certificate check ------------------------------------------------------------

const cjkDigits = '零一二三四五六七八九';
function idNumber(county) {
  const birth = new Date(Date.UTC(1985, 0, 1) + Math.floor(Math.random() * 3650) * 86400000);
  const first17 = county + birth.toISOString().slice(0, 10).replaceAll('-', '') +
    String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// An examinee of 小店区 with 张三's transcript except 02197 概率论与数理统计, which they hold
// as a 旧计划 certificate; with a verified 学信网 专科 record, as the callback stores it.
function createOldPlanExaminee() {
  const id = idNumber('140105');
  const person = {
    name: `孙${[...id.slice(14, 17)].map((d) => cjkDigits[Number(d)]).join('')}`,
    ticket: `96${id.slice(8, 14)}${id.slice(14, 17)}4`,
  };
  const demoPassed = readFileSync(join(here, '..', '..', 'sql', 'demo', 'passed.csv'), 'utf8').split('\n');
  const rows = demoPassed.filter((l) => l.startsWith(`${ZHANG.ticket},`) && !l.startsWith(`${ZHANG.ticket},02197,`))
    .map((l) => person.ticket + l.slice(ZHANG.ticket.length));
  const out = loadDemo({
    'examinees.csv': 'name,id_number,ticket_no,password,county_code,identity_status,ethnicity,hukou,education,' +
      'occupation,political_status,phone,email\n' +
      `${person.name},${id},${person.ticket},${EXAMINEE_PASSWORD},140105,verified,汉族,城镇,大学专科,企业职工,群众,` +
      `137${id.slice(8, 16)},\n`,
    'passed.csv': `${demoPassed[0]}\n${rows.join('\n')}\n`,
  });
  expect(out.includes('1 examinees and'), `load-demo added the examinee: ${out}`);
  person.dbId = Number(psql(`SELECT id FROM examinees WHERE ticket_no = '${person.ticket}'`));
  psql(`WITH a AS (INSERT INTO chsi_authorizations (examinee_id, state, status, expires_at, completed_at)
        VALUES (${person.dbId}, md5(random()::text || clock_timestamp()::text), 'completed', now() + interval '1 hour', now())
        RETURNING id)
      INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, level,
        study_form, category, entry_year, graduation_year, conclusion)
      SELECT a.id, e.id, e.name, e.id_number_enc, e.gender, '太原理工大学', '计算机应用技术', '专科',
        '普通全日制', '普通', 2010, 2013, '毕业' FROM a, examinees e WHERE e.id = ${person.dbId}`);
  return person;
}

await e2e.test('xiaodian-clerk-verifies-an-old-plan-certificate', async (open) => {
  const person = createOldPlanExaminee();
  const page = await open('oldplan-examinee');
  await examineeLogin(page, person.ticket);
  expect(await openApply(page) === '/apply', 'a new examinee starts at step 1');
  await step1(page);
  await page.getByLabel(/080901/).check();
  await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
  const restricted = await mainText(page);
  expect(restricted.includes('所选专业不符合毕业合格条件') && /02197\s*概率论与数理统计[\s\S]*✗/.test(restricted),
         '02197 missing on the 限制条件 screen');
  await clickTo(page, page.getByRole('link', { name: '添加旧计划课程（实践课考核卡）' }), '/substitute/oldplan');
  await page.getByLabel('课程代码', { exact: true }).fill('02197');
  await page.getByLabel('课程名称', { exact: true }).fill('概率论与数理统计');
  await page.getByLabel('合格时间', { exact: true }).fill('2000年4月16日');
  await page.getByLabel('成绩', { exact: true }).fill('75');
  await page.getByLabel(/扫描件压缩包（zip或rar文件）/).setInputFiles(
    { name: '旧计划合格证.zip', mimeType: 'application/zip', buffer: scansZip('a') });
  await snap(page, 'oldplan-form');
  await clickTo(page, page.getByRole('button', { name: '添加课程', exact: true }), '/substitute/oldplan');
  expect((await mainText(page)).includes('2000-04-16'), 'the added course is listed, its date normalised');
  await snap(page, 'oldplan-saved');
  await clickTo(page, page.getByRole('link', { name: '返回专业选择' }).first(), '/apply/majors');
  await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
  expect((await mainText(page)).includes('所添加的旧计划课程须经招办核验'), 'eligible, provisionally');
  await snap(page, 'oldplan-majors');
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/confirm');
  await confirmAndSubmit(page, 'oldplan');
  await uploadPhoto(page, 'oldplan');
  const line = await statusLine(page);
  expect(line.includes('太原市小店区招办预审中'), `the 旧计划 course sends it to 预审: ${line}`);

  const clerk = await open('clerk-xiaodian');
  await staffLogin(clerk, 'xiaodian');
  expect(await pendingCount(clerk, '旧计划课程证书核验') >= 1, '旧计划 count on 工作台');
  await clickTo(clerk, clerk.getByRole('link', { name: '进入旧计划核验队列' }), '/admin/oldplan');
  await openFromQueue(clerk, person.ticket, 'xiaodian-oldplan', '待核验1门/共1门');
  const oldplan = clerk.locator('#oldplan');
  const section = await oldplan.innerText();
  expect(section.includes('02197') && section.includes('待核验'), 'the course waits');
  expect(section.includes('02197合格证.png') && section.includes('02197合格证.pdf'), 'the archive\'s files are listed');
  expect((await mainText(clerk)).includes('待工作人员审核确认'), 'the audit says the certificate waits for the clerk');
  await snap(clerk, 'xiaodian-oldplan-application', { admin: true });

  const [scan] = await Promise.all([
    clerk.waitForEvent('popup'),
    oldplan.locator('li', { hasText: '02197合格证.png' }).getByRole('link', { name: '打开' }).click(),
  ]);
  await scan.waitForLoadState();
  expect(await scan.evaluate(() => document.contentType) === 'image/png', 'the scan opens as a PNG');
  await scan.screenshot({ path: `${shots}/review-xiaodian-oldplan-scan.png` });
  await scan.close();

  await oldplan.locator('tbody tr', { hasText: '02197' }).getByRole('button', { name: '核验通过' }).click();
  // The decision redirects back to this page: wait for the row's new state.
  await clerk.locator('#oldplan tbody tr', { hasText: '02197' }).getByText(/核验通过 太原市小店区招办/).waitFor();
  const after = await clerk.locator('#oldplan tbody tr', { hasText: '02197' }).innerText();
  expect(!after.includes('待核验'), `the course no longer waits: ${after}`);
  const audited = await mainText(clerk);
  expect(!audited.includes('待工作人员审核确认') && audited.includes('符合毕业合格条件'),
         'the audit re-ran: eligible, nothing left waiting');
  await snap(clerk, 'xiaodian-oldplan-verified', { admin: true });
  await clickTo(clerk, clerk.getByRole('link', { name: '旧计划核验', exact: true }).first(), '/admin/oldplan');
  await openTab(clerk, '已核验', 'checked');
  expect((await clerk.locator('table.queue tbody tr', { hasText: person.ticket }).innerText()).includes('已核验1门'),
         'listed under 已核验');
  await snap(clerk, 'xiaodian-oldplan-checked-tab', { admin: true });
});

// ---- 5. 材料交回 and 审定 ---------------------------------------------------------------------

await e2e.test('materials-returned-and-final-approval-of-zhang-san', async (open) => {
  // 张三 paid in pay.mjs and filled in his 毕业生登记表 in regform.mjs.
  const filled = psql(`SELECT count(*) FROM applications WHERE status = 'regform_filled'
      AND examinee_id = (SELECT id FROM examinees WHERE ticket_no = '${ZHANG.ticket}')`);
  expect(filled === '1', `张三's application is 登记表已填 (${filled})`);

  const clerk = await open('clerk-xiaodian');
  await staffLogin(clerk, 'xiaodian');
  expect(await pendingCount(clerk, '材料交回确认') >= 1, '材料交回 count on 工作台');
  await clickTo(clerk, clerk.getByRole('link', { name: '进入材料交回队列' }), '/admin/materials');
  await openFromQueue(clerk, ZHANG.ticket, 'xiaodian-materials');
  await snap(clerk, 'xiaodian-materials-application', { admin: true });
  await clickTo(clerk, clerk.getByRole('button', { name: '确认材料已交回' }), '/admin/materials');
  expect((await clerk.getByRole('status').innerText()).includes('已确认该考生的材料已交回'), 'done message');
  await snap(clerk, 'xiaodian-materials-done', { admin: true });

  const province = await open('shending');
  await staffLogin(province, 'shending');
  expect(await pendingCount(province, '毕业审定') >= 1, '审定 count on 工作台');
  await snap(province, 'shending-dashboard', { admin: true });
  await clickTo(province, province.getByRole('link', { name: '进入毕业审定队列' }), '/admin/final');
  await openFromQueue(province, ZHANG.ticket, 'shending-final');
  expect((await mainText(province)).includes('材料已交回'), 'the application waits for 审定');
  await snap(province, 'shending-application', { admin: true });
  await clickTo(province, province.getByRole('button', { name: '审定通过' }), '/admin/final');
  expect((await province.getByRole('status').innerText()).includes('已审定通过'), 'done message');
  await openTab(province, '审定通过', 'approved');
  expect((await province.locator('table.queue tbody tr', { hasText: ZHANG.ticket }).count()) === 1, '张三 under 审定通过');
  await snap(province, 'shending-approved-tab', { admin: true });

  const page = await open('zhangsan');
  await examineeLogin(page, ZHANG.ticket);
  await clickTo(page, page.getByRole('link', { name: '查看毕业申请信息详情' }).first(), '/apply/status');
  const line = await statusLine(page);
  expect(line.includes('毕业审定通过'), `张三 sees 毕业审定通过: ${line}`);
  await snap(page, 'zhangsan-approved');
});

// ---- 6. the admin: 毕业申请 window and 通知公告 -----------------------------------------------

// 个人中心's 毕业申请 tile, reloaded until `want` matches it: the center caches the windows
// for up to 10 s, so this waits on the state, not on a clock (at most 60 s).
async function tileBecomes(page, want, what) {
  const tile = page.locator('li.tile', { has: page.getByRole('heading', { name: '毕业申请', exact: true }) });
  for (let i = 0; i < 120; i++) {
    await page.reload();
    if (want.test(await tile.innerText())) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`个人中心's 毕业申请 tile never showed ${what}: ${await tile.innerText()}`);
}

await e2e.test('admin-closes-and-reopens-graduation-window-and-publishes-a-notice', async (open) => {
  const admin = await open('admin');
  await staffLogin(admin, 'admin', 'Admin@2025');
  await snap(admin, 'admin-dashboard', { admin: true });
  await clickTo(admin, admin.getByRole('link', { name: '业务开放时间', exact: true }).first(), '/admin/settings/windows');
  const section = admin.locator('section.business-window', { has: admin.getByRole('heading', { name: '毕业申请', exact: true }) });
  expect((await section.locator('.window-state').innerText()).includes('已开放'), '毕业申请 is open to begin with');
  const opens = await section.getByLabel(/开始时间/).inputValue();
  const closes = await section.getByLabel(/结束时间/).inputValue();
  expect(opens && closes, `the demo window has dates (${opens} – ${closes})`);
  await snap(admin, 'admin-windows', { admin: true });

  const examinee = await open('zhangsan-center');
  await examineeLogin(examinee, ZHANG.ticket);
  try {
    await clickTo(admin, section.getByRole('button', { name: '立即关闭' }), '/admin/settings/windows');
    expect((await admin.getByRole('status').innerText()).includes('已保存“毕业申请”的开放设置'), 'done message');
    expect((await section.locator('.window-state').innerText()).includes('(未开放)'), 'shown as (未开放)');
    await snap(admin, 'admin-window-closed', { admin: true });

    await tileBecomes(examinee, /\(未开放\)/, '(未开放)');
    expect(await examinee.getByRole('link', { name: '毕业申请', exact: true }).count() === 0, 'no 毕业申请 link while closed');
    await snap(examinee, 'center-window-closed');
    // What a bookmark of the form shows now (a second tab: the page answers 403, which the
    // console reports).
    const bookmark = await examinee.context().newPage();
    const closed = await bookmark.goto(`${base}/apply`);
    expect(closed.status() === 403, `/apply answers 403 while closed, got ${closed.status()}`);
    expect((await mainText(bookmark)).includes('毕业申请未开放'), '/apply says 未开放');
    await snap(bookmark, 'apply-closed');
    await bookmark.close();
  } finally {
    // Back to the dates it had, whatever happened above.
    await section.getByLabel('按时间段', { exact: true }).check();
    await section.getByLabel(/开始时间/).fill(opens);
    await section.getByLabel(/结束时间/).fill(closes);
    await clickTo(admin, section.getByRole('button', { name: '保存毕业申请设置' }), '/admin/settings/windows');
  }
  expect((await section.locator('.window-state').innerText()).includes('已开放'), 'open again');
  await snap(admin, 'admin-window-reopened', { admin: true });
  await tileBecomes(examinee, /开始: \d{4}-\d{2}-\d{2}[\s\S]*已开放/, '已开放 with its dates');
  await snap(examinee, 'center-window-reopened');

  const title = `关于毕业申请材料交回的通知（${run}）`;
  const body = `请已通过预审的考生按时到县（市、区）自考部门交回材料。\n编号 ${run}`;
  await clickTo(admin, admin.getByRole('link', { name: '通知公告', exact: true }).first(), '/admin/notices');
  await clickTo(admin, admin.getByRole('link', { name: '发布通知公告' }), '/admin/notices/new');
  await admin.getByLabel(/标题/).fill(title);
  await admin.getByLabel(/正文/).fill(body);
  await snap(admin, 'admin-notice-form', { admin: true });
  await clickTo(admin, admin.getByRole('button', { name: '保存', exact: true }), '/admin/notices');
  expect((await mainText(admin)).includes(title), 'the notice is listed in the back office');
  await snap(admin, 'admin-notices', { admin: true });

  await clickTo(examinee, examinee.getByRole('link', { name: '通知公告', exact: true }), '/notices');
  await snap(examinee, 'notices');
  await Promise.all([examinee.waitForURL(/\/notices\/\d+$/), examinee.getByRole('link', { name: title }).click()]);
  const text = await mainText(examinee);
  expect(text.includes(title) && text.includes('请已通过预审的考生按时到县（市、区）自考部门交回材料。') &&
         text.includes(`编号 ${run}`), 'the notice\'s detail page');
  await snap(examinee, 'notice-detail');
});

// ---- 7. 身份认证审核: the ID in full, and 通过 asked once more ---------------------------------

// An examinee of 小店区 whose identity submission (三照) waits for a person, written as the
// registration pages write it when the verifier hands it over.
function createPendingIdentity() {
  const id = idNumber('140105');
  const person = {
    id, name: `周${[...id.slice(14, 17)].map((d) => cjkDigits[Number(d)]).join('')}`,
    ticket: `95${id.slice(8, 14)}${id.slice(14, 17)}5`, phone: `139${id.slice(8, 16)}`,
  };
  const out = loadDemo({
    'examinees.csv': 'name,id_number,ticket_no,password,county_code,identity_status,ethnicity,hukou,education,' +
      'occupation,political_status,phone,email\n' +
      `${person.name},${id},${person.ticket},${EXAMINEE_PASSWORD},140105,manual,汉族,城镇,大学专科,企业职工,群众,` +
      `${person.phone},\n`,
  });
  expect(out.includes('1 examinees and'), `load-demo added the examinee: ${out}`);
  person.dbId = Number(psql(`SELECT id FROM examinees WHERE ticket_no = '${person.ticket}'`));
  const jpeg = execFileSync('python3', ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import images; ' +
    'print(images.TINY_JPEG.hex())', dirname(imagesPy)], { encoding: 'utf8' }).trim();
  const photo = (kind, i) => `p${i} AS (INSERT INTO photos (examinee_id, kind, content_type, width, height, sha256, data)
      VALUES (${person.dbId}, '${kind}', 'image/jpeg', 8, 8, sha256(decode('${jpeg}', 'hex') || '${run}-${i}'::bytea),
      decode('${jpeg}', 'hex')) RETURNING id)`;
  person.vid = Number(psql(`WITH ${photo('portrait', 0)}, ${photo('id_front', 1)}, ${photo('id_in_hand', 2)}
      INSERT INTO identity_verifications (examinee_id, path, status, portrait_photo_id, id_front_photo_id,
        id_in_hand_photo_id, verifier, verifier_outcome, verifier_reason)
      SELECT ${person.dbId}, 'new', 'manual', p0.id, p1.id, p2.id, 'local-standin', 'manual',
        '系统无法自动比对人像，已转报名点人工审核，请耐心等待。' FROM p0, p1, p2 RETURNING id`).split('\n')[0]);
  return person;
}

await e2e.test('xiaodian-clerk-checks-the-id-and-confirms-approval', async (open) => {
  const person = createPendingIdentity();
  const clerk = await open('identity-clerk');
  await staffLogin(clerk, 'xiaodian');
  await clickTo(clerk, clerk.getByRole('link', { name: '进入身份认证审核队列' }), '/admin/verifications');
  const row = clerk.locator('table tbody tr', { hasText: person.name });
  expect(await row.count() === 1, `one queue row for ${person.name}`);
  expect(!(await row.innerText()).includes(person.id), 'the queue masks the 身份证号');
  await Promise.all([clerk.waitForURL(/\/admin\/verifications\/\d+$/), row.getByRole('link', { name: '查看' }).click()]);
  const detail = await mainText(clerk);
  expect(detail.includes(person.id) && detail.includes(person.phone), 'the detail shows 身份证号 and 手机号 in full');
  await snap(clerk, 'identity-detail', { admin: true });
  const views = () => Number(psql(`SELECT count(*) FROM staff_audit_log WHERE action = 'identity_verification.view'
      AND subject = 'identity_verification:${person.vid}'`));
  expect(views() === 1, `the view is in the staff audit log (${views()})`);
  const status = () => psql(`SELECT status FROM identity_verifications WHERE id = ${person.vid}`);
  const approve = clerk.getByRole('button', { name: '通过', exact: true });

  // Without 已核对 the browser does not send the form.
  await approve.click();
  expect(await clerk.locator('#approve-checked').evaluate((el) => !el.validity.valid), 'the box is required');
  expect(new URL(clerk.url()).pathname === `/admin/verifications/${person.vid}`, 'still on the submission');
  // Ticked, 通过 asks once more; 取消 sends nothing.
  await clerk.locator('#approve-checked').check();
  let asked = '';
  clerk.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await approve.click();
  await clerk.waitForTimeout(300);
  expect(asked.includes('确认通过该考生的身份认证'), `the confirmation dialog: "${asked}"`);
  expect(new URL(clerk.url()).pathname === `/admin/verifications/${person.vid}`, 'cancelled: still on the submission');
  expect(status() === 'manual', 'cancelled: nothing decided');
  // 不通过 asks too.
  await clerk.getByLabel(/不通过原因/).fill('手持身份证照片不清晰');
  await clerk.locator('#refuse-checked').check();
  asked = '';
  clerk.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await clerk.getByRole('button', { name: '不通过', exact: true }).click();
  await clerk.waitForTimeout(300);
  expect(asked.includes('确认不通过'), `the refusal's confirmation dialog: "${asked}"`);
  expect(status() === 'manual', 'cancelled refusal: nothing decided');
  // 确定 sends it.
  clerk.once('dialog', (d) => d.accept());
  await Promise.all([clerk.waitForURL(/\/admin\/verifications\?done=approved$/), approve.click()]);
  expect((await mainText(clerk)).includes('已通过该考生的身份认证'), 'approval confirmed');
  expect(status() === 'approved', 'approved after the confirmation');
});

// ---- 8. 各区县自考部门地址及联系方式, from the registration page ---------------------------------

await e2e.test('contacts-from-registration-at-360-px', async (open) => {
  const page = await open('contacts', { width: 360, height: 740 });
  await page.goto(`${base}/register`);
  await clickTo(page, page.getByRole('link', { name: '山西省各区县自考部门地址及联系方式' }), '/contacts');
  const counties = Number(psql('SELECT count(*) FROM counties'));
  expect(await page.locator('li.county-office').count() === counties, `every county's office is listed (${counties})`);
  expect(await page.locator('section.contacts-city h2').count() === 11, 'grouped under the 11 cities');
  const xiaodian = await page.locator('#county-140105').innerText();
  expect(xiaodian.includes('小店区') && xiaodian.includes('地址：') && xiaodian.includes('电话：0351'), `小店区: ${xiaodian}`);
  await snap(page, 'contacts', { admin: true });  // no sideways scrolling at 360 px
  await Promise.all([page.waitForURL((u) => u.hash === '#city-140400'), page.getByRole('link', { name: '长治市' }).click()]);

  // 个人中心: the services of the provincial site say so and open in a new tab.
  const home = await open('contacts-examinee');
  await examineeLogin(home, ZHANG.ticket);
  const outside = home.getByRole('link', { name: '报考简章（山西招生考试网，新窗口打开）' });
  expect(await outside.getAttribute('target') === '_blank' && await outside.getAttribute('rel') === 'noopener',
         '报考简章 opens the provincial site in a new tab');
  await snap(home, 'center-outside-links');
});

await e2e.finish();
