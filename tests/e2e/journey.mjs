// journey.mjs: the whole graduation journey of one NEW examinee in headless Chromium, as
// people click it (issue 19), on the demo stack:
//   1. 考生注册 → 新生: the form with 三照 (a wrong 手机号 first: the error must be announced at
//      its field; the photos are kept), handed to a person (greyscale hand-held photo);
//   2. the 小店区 clerk approves the identity in the back office;
//   3. the exam office gives the new examinee a 准考证号 and their passed courses: `zikao-ctl
//      import examinees` and `import passed`, the production path (a 新生 has no results until
//      the exam system's files are imported); the transcript is 李娜's (demo), which lacks
//      00015 英语(二), so 080901 needs the 英语(二) replacement;
//   4. the examinee logs in and authorises 学信网 through the dev simulator (QR code, 确认授权,
//      the signed callback). The simulator's 学历 come from sql/demo/chsi_records.csv, which
//      cannot know a person born this run: after the signed callback has completed the
//      authorisation, the 专科 record 学信网 would have sent is added to it with psql;
//   5. 毕业申请: step 1 sent without 地址 first (the error at the field), 太原理工大学 080901,
//      the 限制条件 screen, 按建议添加顶替英语二课程 (and 一门顶多门 sent empty: the error at the
//      field), 提交; the graduation photo;
//   6. the 小店区 clerk 预审通过 (a replacement always goes to a person);
//   7. the examinee pays in the payment sandbox; fills the 登记表 and 个人简历 (a 自我鉴定 too
//      short first: the error at the field) and downloads the PDF (checked to be a PDF);
//   8. the clerk confirms 材料已交回; the 省审定组 (shending) 审定通过; the examinee sees 毕业审定通过;
//   9. errors announced at their field on the examinee's other forms: 修改密码 (wrong 原密码),
//      在籍考生认证 sent empty, and 找回密码 with a short password (nothing changes).
// Every page of the product on the way is checked at 1280 px and at 360 px: no serious or
// critical axe-core violation, no sideways scrolling at 360 px, a visible label for every
// visible form field; and screenshotted: $ZIKAO_VAR/screenshots/journey/NN-step-{1280,360}.png.
// The dev simulators (/chsi-sim, /pay-sim) are screenshotted only: they are not the product.
// The axe violations of every impact are counted and printed at the end.
// It makes its own examinee (never 张三, 李娜 or 王强), so it may run after the other e2e files
// or alone on a fresh demo stack. Needs ZIKAO_BASE_URL, ZIKAO_VAR, ZIKAO_PSQL and ZIKAO_CTL
// (trusted: tests/run.sh or the stack's exports). Last line: "e2e-journey: N passed, M failed".
import { A11Y_WIDTHS, axeAt, axeCounts, base, clickTo, errorAtField, expect, idNumber, picture, runStack, shots,
         sql, staffLogin, suite, unlabelledFields } from './harness.mjs';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = `${shots}/journey`;
rmSync(dir, { recursive: true, force: true });  // no screenshot of an earlier run left
mkdirSync(dir, { recursive: true });
const run = `${Date.now().toString(36)}-${process.pid}`;
const e2e = await suite('e2e-journey');
const mainText = (page) => page.locator('main').innerText();

const cjkDigits = '零一二三四五六七八九';
const id = idNumber('140105', 1992);
const me = {
  id,
  name: `旅程${[...id.slice(14, 17)].map((d) => cjkDigits[Number(d)]).join('')}`,
  phone: `137${id.slice(8, 16)}`,
  password: `Jny#${Math.random().toString(36).slice(2, 10)}-Pw`,
  ticket: `97${String(Date.now()).slice(-7)}${id.slice(14, 17)}`,
};
const LI_TICKET = '010120100002';  // the demo transcript without 00015 英语(二)

// ---- each page of the journey ------------------------------------------------------------

let step = 0, checked = 0;
// Screenshots of the page at 1280 and 360 px (NN-name-1280.png, NN-name-360.png); for the
// product's pages also axe, sideways scrolling and labels at both widths, into `problems`.
async function visit(page, name, problems, { product = true } = {}) {
  const nn = String(++step).padStart(2, '0');
  const where = `${nn}-${name} (${new URL(page.url()).pathname})`;
  for (const width of A11Y_WIDTHS) {
    if (product) {
      await axeAt(page, width, problems, where);
      for (const field of await unlabelledFields(page)) problems.push(`no visible label for ${field} on ${where} at ${width} px`);
    } else {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 740 });
    }
    await page.screenshot({ path: `${dir}/${nn}-${name}-${width}.png`, fullPage: true });
  }
  if (product) checked++;
  await page.setViewportSize({ width: 1280, height: 900 });
}

// The refused field `selector` must show its message (`message`, or any text of the
// field's .field-error) and announce it (harness errorAtField).
async function announced(page, selector, problems, message = '') {
  const shown = await page.locator(selector).evaluate((el) =>
    el.closest('.field')?.querySelector('.field-error')?.innerText.trim() || '');
  expect(shown !== '' && shown.includes(message), `${selector} is refused with a message at the field: "${shown}"`);
  const problem = await errorAtField(page, selector, shown);
  if (problem) problems.push(`error not announced at its field: ${problem}`);
}

function report(problems) {
  for (const p of problems) console.log(`      ${p}`);
  expect(problems.length === 0, `${problems.length} accessibility or layout problem(s)`);
}

// Each step needs the one before it: a later one says so instead of failing on its own.
let reached = 0;
async function stepTest(n, name, fn) {
  await e2e.test(name, async (open) => {
    expect(reached === n - 1, `not run: an earlier step of the journey failed`);
    const problems = [];
    await fn(open, problems);
    reached = n;
    report(problems);
  });
}

async function examineeLogsIn(open, problems, name) {
  const page = await open('examinee');
  page.expectedConsoleErrors.push(/status of 4\d\d/);
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(me.ticket);
  await page.getByLabel('密码').fill(me.password);
  await clickTo(page, page.getByRole('button', { name: '登录' }), '/');
  expect((await mainText(page)).includes(me.name), `个人中心 names ${me.name}`);
  if (name) await visit(page, name, problems);
  return page;
}

async function clerk(open, problems, username, name) {
  const page = await open(username);
  page.expectedConsoleErrors.push(/status of 4\d\d/);
  await page.goto(`${base}/admin/login`);
  await visit(page, `${name}-login`, problems);
  await staffLogin(page, username);
  expect((await mainText(page)).includes('工作台'), `工作台 after ${username} logs in`);
  await visit(page, `${name}-dashboard`, problems);
  return page;
}

// A queue of the back office (its 工作台 link), the examinee's row found by 准考证号, 查看.
async function openFromQueue(page, link, path, problems, name) {
  await clickTo(page, page.getByRole('link', { name: link }), path);
  await page.getByLabel('准考证号或姓名').fill(me.ticket);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === me.ticket),
                     page.getByRole('button', { name: '查询' }).click()]);
  const rows = page.locator('table.queue tbody tr', { hasText: me.ticket });
  expect(await rows.count() === 1, `one row for ${me.ticket} at ${path}, found ${await rows.count()}`);
  await visit(page, `${name}-queue`, problems);
  await clickTo(page, rows.getByRole('link', { name: '查看' }), /^\/admin\/applications\/\d+$/);
  expect((await mainText(page)).includes(me.name), 'the application names the examinee');
  await visit(page, `${name}-application`, problems);
}

const statusLine = (page) => page.locator('main p.status-line').innerText();

// The examinee logs in, opens 毕业申请信息详情 and must see `want` in the status line.
async function examineeSees(open, problems, want, name) {
  const page = await examineeLogsIn(open, problems);
  const line = await statusPage(page);
  expect(line.includes(want), `the status line says ${want}: ${line}`);
  await visit(page, name, problems);
  return page;
}

async function statusPage(page) {
  await clickTo(page, page.getByRole('link', { name: '查看毕业申请信息详情' }).first(), '/apply/status');
  return statusLine(page);
}

// `zikao-ctl import KIND` of a CSV in a private directory, world-readable while it runs (the
// tool runs as the stack's user).
function importCsv(kind, text) {
  const tmp = mkdtempSync(join(tmpdir(), 'zikao-e2e-journey-'));
  try {
    chmodSync(tmp, 0o755);
    writeFileSync(join(tmp, `${kind}.csv`), text);
    chmodSync(join(tmp, `${kind}.csv`), 0o644);
    return runStack('ZIKAO_CTL', ['import', kind, join(tmp, `${kind}.csv`)]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// ---- the journey -------------------------------------------------------------------------

await stepTest(1, '01-new-examinee-registers-with-three-photos', async (open, problems) => {
  const page = await open('examinee');
  page.expectedConsoleErrors.push(/status of 400/);  // the refused first submit
  await page.goto(`${base}/register`);
  await visit(page, 'register-choice', problems);
  await clickTo(page, page.getByRole('link', { name: '我是新生，点击开始注册' }), '/register/new');
  await page.getByLabel(/^姓名/).fill(me.name);
  await page.getByLabel(/^身份证号/).fill(me.id);
  await page.getByLabel(/^民族/).selectOption('汉族');
  await page.getByLabel(/^户口性质/).selectOption('城镇');
  await page.getByLabel(/^文化程度/).selectOption('大学专科');
  await page.getByLabel(/^职业/).selectOption('企业职工');
  await page.getByLabel(/^政治面貌/).selectOption('群众');
  await page.getByLabel(/^手机号/).fill(me.phone.slice(0, 7));  // too short: refused
  await page.getByLabel(/^报名区县/).selectOption('140105');
  await page.getByLabel(/^密码/).fill(me.password);
  await page.getByLabel(/^确认密码/).fill(me.password);
  const photos = { portrait: 'portrait', id_front: 'colorful', id_in_hand: 'grey' };  // grey: to a person
  for (const [kind, what] of Object.entries(photos))
    await page.locator(`#photo_${kind}`).setInputFiles(
      { name: `${kind}.png`, mimeType: 'image/png', buffer: picture(what, `e2e-journey-${run}-${kind}`) });
  await visit(page, 'register-form', problems);
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  expect((await mainText(page)).includes('请填写11位手机号码'), 'the short 手机号 is refused');
  await announced(page, '#phone', problems, '请填写11位手机号码');
  expect(await page.locator('.kept-upload').count() === 3, 'the three photos are kept');
  await visit(page, 'register-refused', problems);

  await page.getByLabel(/^手机号/).fill(me.phone);
  await page.getByLabel(/^密码/).fill(me.password);
  await page.getByLabel(/^确认密码/).fill(me.password);
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  const result = await mainText(page);
  expect(result.includes('身份验证结果') && result.includes('已提交报名点人工审核'), `handed to a person: ${result.slice(0, 200)}`);
  await visit(page, 'register-result', problems);
});

await stepTest(2, '02-xiaodian-clerk-approves-the-identity', async (open, problems) => {
  const page = await clerk(open, problems, 'xiaodian', 'identity-clerk');
  await clickTo(page, page.getByRole('link', { name: '进入身份认证审核队列' }), '/admin/verifications');
  const row = page.locator('tr', { hasText: me.name });
  expect(await row.count() === 1, `one queue row for ${me.name}, found ${await row.count()}`);
  await visit(page, 'identity-queue', problems);
  await clickTo(page, row.getByRole('link', { name: '查看' }), /^\/admin\/verifications\/\d+$/);
  expect((await mainText(page)).includes('待人工审核'), 'the submission waits for a person');
  await visit(page, 'identity-submission', problems);
  await page.locator('#approve-checked').check();
  page.once('dialog', (d) => d.accept());
  await Promise.all([page.waitForURL(/\/admin\/verifications\?done=approved$/),
                     page.getByRole('button', { name: '通过', exact: true }).click()]);
  expect((await mainText(page)).includes('已通过该考生的身份认证'), 'approval confirmed');
  await visit(page, 'identity-approved', problems);
});

await stepTest(3, '03-exam-office-imports-ticket-and-passed-courses', async () => {
  const examinees = importCsv('examinees', `name,id_number,ticket_no,county_code,phone\n` +
    `${me.name},${me.id},${me.ticket},140105,${me.phone}\n`);
  expect(examinees.includes('新增 0，更新 1'), `the registered examinee is updated, not added: ${examinees}`);
  expect(sql(`SELECT count(*) FROM examinees WHERE ticket_no = '${me.ticket}' AND name = '${me.name}'`) === '1',
         'the registered examinee has the 准考证号 now');
  const demo = readFileSync(join(here, '..', '..', 'sql', 'demo', 'passed.csv'), 'utf8').split('\n');
  const rows = demo.filter((l) => l.startsWith(`${LI_TICKET},`)).map((l) => me.ticket + l.slice(LI_TICKET.length));
  expect(rows.length > 10 && !rows.some((r) => r.includes(',00015,')), 'a transcript without 00015');
  importCsv('passed', `${demo[0]}\n${rows.join('\n')}\n`);
  const stored = sql(`SELECT count(*) FROM passed_courses p JOIN examinees e ON e.id = p.examinee_id
                      WHERE e.ticket_no = '${me.ticket}'`);
  expect(Number(stored) === rows.length, `${rows.length} passes stored, found ${stored}`);
});

await stepTest(4, '04-examinee-logs-in-and-authorises-chsi', async (open, problems) => {
  const page = await examineeLogsIn(open, problems, 'center');
  await clickTo(page, page.getByRole('link', { name: '学信网学历验证', exact: true }), '/verify/chsi');
  await visit(page, 'chsi', problems);
  await page.getByRole('button', { name: '获取学信网二维码' }).click();
  expect(await page.locator('main svg').count() > 0, 'the QR code');
  await visit(page, 'chsi-qr', problems);
  await clickTo(page, page.locator('a.chsi-sim-link'), '/chsi-sim/authorize');
  await visit(page, 'chsi-sim-authorize', problems, { product: false });
  await page.getByRole('button', { name: '确认授权' }).click();
  await page.waitForLoadState();
  await visit(page, 'chsi-sim-signed', problems, { product: false });
  await page.getByRole('button', { name: '返回山西自考网完成验证' }).click();
  await page.waitForLoadState();
  await visit(page, 'chsi-returned', problems);
  const dbId = sql(`SELECT id FROM examinees WHERE ticket_no = '${me.ticket}'`);
  const done = sql(`SELECT id FROM chsi_authorizations WHERE examinee_id = ${dbId} AND status = 'completed'
                    ORDER BY id DESC LIMIT 1`);
  expect(/^\d+$/.test(done), `the signed callback completed the authorisation (${done})`);
  sql(`INSERT INTO chsi_records (authorization_id, examinee_id, name, id_number_enc, gender, school, major, level,
         study_form, category, entry_year, graduation_year, conclusion)
       SELECT ${done}, e.id, e.name, e.id_number_enc, e.gender, '山西职业技术学院', '计算机应用技术', '专科',
         '普通全日制', '普通', 2011, 2014, '毕业' FROM examinees e WHERE e.id = ${dbId}`);
  await clickTo(page, page.getByRole('link', { name: '查看已验证学历信息' }), '/verify/chsi/records');
  expect((await mainText(page)).includes('专科'), 'the verified 专科 record is listed');
  await visit(page, 'chsi-records', problems);
});

await stepTest(5, '05-examinee-applies-with-an-english-replacement', async (open, problems) => {
  const page = await examineeLogsIn(open, problems);
  page.expectedConsoleErrors.push(/status of 4\d\d/);
  await clickTo(page, page.getByRole('link', { name: '毕业申请', exact: true }), '/apply');
  await visit(page, 'apply-step1', problems);
  await page.getByLabel(/^地址/).fill('');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForLoadState('load');
  await announced(page, '#address', problems);
  await visit(page, 'apply-step1-refused', problems);
  await page.getByLabel(/^地址/).fill('太原市小店区坞城路92号');
  await page.getByLabel('太原理工大学').check();
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/majors');
  await visit(page, 'apply-majors', problems);
  await page.getByLabel(/080901/).check();
  await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
  await page.waitForLoadState('load');
  const restricted = await mainText(page);
  expect(restricted.includes('所选专业不符合毕业合格条件') && /00015\s*英语\(二\)[\s\S]*✗/.test(restricted),
         '00015 英语(二) missing on the 限制条件 screen');
  await visit(page, 'apply-restriction', problems);
  await clickTo(page, page.getByRole('link', { name: '按建议添加顶替英语二课程' }), '/substitute/english');
  expect(await page.locator('input[name="course"]:checked').count() >= 2, 'the suggested courses are ticked');
  await visit(page, 'substitute-english', problems);
  await clickTo(page, page.getByRole('button', { name: '保存顶替课程' }), '/apply/majors');
  const now = await mainText(page);
  expect(now.includes('符合毕业合格条件') && !now.includes('所选专业不符合毕业合格条件'), 'eligible with the replacement');
  await visit(page, 'apply-majors-eligible', problems);
  // 一门顶多门 sent empty: the error at the field; nothing added.
  await clickTo(page, page.getByRole('link', { name: '添加一门顶多门或任选一门新计划顶替课程' }), '/substitute/newplan');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.waitForLoadState('load');
  await announced(page, '#new_code', problems);
  await visit(page, 'substitute-newplan-refused', problems);
  await clickTo(page, page.getByRole('link', { name: '返回专业选择' }).first(), '/apply/majors');
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/apply/confirm');
  const confirm = await mainText(page);
  expect(confirm.includes('080901') && confirm.includes(me.phone), 'the confirm page lists the major and the 手机号');
  await visit(page, 'apply-confirm', problems);
  await page.getByLabel(/我已确认以上信息无误/).check();
  page.once('dialog', (dialog) => dialog.accept());
  await clickTo(page, page.getByRole('button', { name: '提交' }), '/apply/status');
  expect((await mainText(page)).includes('已提交'), 'submitted');
  await visit(page, 'apply-submitted', problems);

  await clickTo(page, page.getByRole('link', { name: '上传毕业照片' }).first(), '/photo');
  await visit(page, 'photo', problems);
  await page.getByLabel('毕业照上传（蓝底、白底、白灰底照片）').setInputFiles(
    { name: 'graduation.png', mimeType: 'image/png', buffer: picture('graduation', `e2e-journey-${run}-graduation`) });
  await page.getByRole('button', { name: '上传并认证' }).click();
  await page.getByText('毕业照片已认证').first().waitFor();
  await visit(page, 'photo-verified', problems);
  await page.goto(`${base}/`);
  const line = await statusPage(page);
  expect(line.includes('太原市小店区招办预审中'), `a replacement goes to the clerk: ${line}`);
  await visit(page, 'apply-prereview', problems);
});

// A member of staff opens the examinee's application from a queue and clicks `button`.
async function clerkDecides(open, problems, { user, name, queueLink, path, before, button, done }) {
  const page = await clerk(open, problems, user, `${name}-${user}`);
  await openFromQueue(page, queueLink, path, problems, name);
  expect((await mainText(page)).includes(before), `the application page shows ${before}`);
  await clickTo(page, page.getByRole('button', { name: button }), path);
  expect((await page.getByRole('status').innerText()).includes(done), `done message ${done}`);
  await visit(page, `${name}-done`, problems);
}

await stepTest(6, '06-xiaodian-clerk-prereviews', (open, problems) => clerkDecides(open, problems, {
  user: 'xiaodian', name: 'prereview', queueLink: '进入预审队列', path: '/admin/prereview',
  before: '顶替英语二：', button: '预审通过', done: '已预审通过该申请' }));

await stepTest(7, '07-examinee-pays-in-the-sandbox', async (open, problems) => {
  const page = await examineeSees(open, problems, '太原市小店区招办已预审通过', 'apply-prereview-passed');
  await clickTo(page, page.getByRole('link', { name: '毕业申请支付', exact: true }), '/pay');
  expect((await mainText(page)).includes('毕业申请费用总计'), 'the fee');
  await visit(page, 'pay-fee', problems);
  await clickTo(page, page.getByRole('button', { name: '创建订单' }), /^\/pay\/order\/ZK\d+$/);
  const orderNo = ((await mainText(page)).match(/商户订单号：(ZK\d+)/) || [])[1];
  expect(orderNo, 'an order number');
  await visit(page, 'pay-order', problems);
  await page.getByLabel('支付宝').check();
  await clickTo(page, page.getByRole('button', { name: '确认支付' }), '/pay-sim/checkout');
  await visit(page, 'pay-sim-checkout', problems, { product: false });
  await clickTo(page, page.getByRole('button', { name: '支付', exact: true }), /^\/pay\/(return|success)\//);
  // The sandbox's notification is asynchronous: 支付处理中 until it has arrived.
  for (let i = 0; i < 60 && !page.url().includes('/pay/success/'); i++) {
    await page.waitForTimeout(500);
    await page.getByRole('link', { name: '刷新' }).click();
    await page.waitForLoadState();
  }
  expect(page.url() === `${base}/pay/success/${orderNo}`, `订单支付成功, at ${page.url()}`);
  await visit(page, 'pay-success', problems);
  await page.goto(`${base}/`);
  expect((await statusPage(page)).includes('已支付，请填报毕业生登记表'), 'paid');
  await visit(page, 'apply-paid', problems);
});

await stepTest(8, '08-examinee-fills-the-registration-form-and-exports-the-pdf', async (open, problems) => {
  const page = await examineeLogsIn(open, problems);
  page.expectedConsoleErrors.push(/status of 4\d\d/);
  await statusPage(page);
  await clickTo(page, page.getByRole('table').first().getByRole('link', { name: '毕业生登记表' }), '/regform');
  await visit(page, 'regform', problems);
  await page.getByLabel('民族').selectOption('汉族');
  await page.getByLabel('政治面貌').selectOption('群众');
  await page.getByLabel('否', { exact: true }).check();
  const personal = { 职业: '企业职工', 手机号: me.phone, 已取得学历: '大学专科', 健康状况: '健康', 参加工作时间: '2014/7/1',
    籍贯: '山西省太原市', 工作单位: '太原市某某科技有限公司', 详细住址: '山西省太原市小店区坞城路92号' };
  for (const [label, value] of Object.entries(personal)) await page.getByLabel(label).fill(value);
  await clickTo(page, page.getByRole('button', { name: '下一步' }), '/regform/resume');
  await visit(page, 'regform-resume', problems);
  const rows = [['2008年09月01日', '2011年07月01日', '太原市第五中学 学习'],
                ['2011年09月01日', '2014年07月01日', '山西职业技术学院 学习'],
                ['2014年07月01日', '至今', '太原市某某科技有限公司 职员']];
  for (const [i, [from, to, place]] of rows.entries()) {
    await page.locator(`#from-${i + 1}`).fill(from);
    await page.locator(`#to-${i + 1}`).fill(to);
    await page.locator(`#place-${i + 1}`).fill(place);
  }
  await page.locator('#member-name-1').fill('旅大山');
  await page.locator('#member-relation-1').fill('父亲');
  await page.locator('#member-employer-1').fill('太原钢铁（集团）有限公司');
  await page.locator('#member-position-1').fill('工人');
  await page.getByLabel('自我鉴定内容').fill('我'.repeat(399));  // one 汉字 short
  await page.getByRole('button', { name: '保存并导出PDF' }).click();
  await page.waitForLoadState('load');
  await announced(page, '#self_evaluation', problems, '自我鉴定不得少于400字');
  await visit(page, 'regform-resume-refused', problems);
  const sentence = '在自学考试期间我始终坚持理论联系实际，认真学习每一门课程，按时完成作业与实践环节。';
  await page.getByLabel('自我鉴定内容').fill(sentence.repeat(12));
  await clickTo(page, page.getByRole('button', { name: '保存并导出PDF' }), '/regform/saved');
  expect((await mainText(page)).includes('登记表信息已保存'), 'saved');
  await visit(page, 'regform-saved', problems);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: '下载《毕业生登记表》PDF' }).click()]);
  const pdf = `${dir}/regform.pdf`;
  await download.saveAs(pdf);
  const bytes = readFileSync(pdf);
  expect(bytes.subarray(0, 5).toString('latin1') === '%PDF-' && bytes.subarray(-1024).toString('latin1').includes('%%EOF'),
         'the download is a PDF');
  await page.goto(`${base}/`);
  expect((await statusPage(page)).includes('毕业生登记表已填报'), '登记表已填');
  await visit(page, 'apply-regform-filled', problems);
});

await stepTest(9, '09-xiaodian-clerk-confirms-materials-returned', (open, problems) => clerkDecides(open, problems, {
  user: 'xiaodian', name: 'materials', queueLink: '进入材料交回队列', path: '/admin/materials',
  before: '登记表已填', button: '确认材料已交回', done: '已确认该考生的材料已交回' }));

await stepTest(10, '10-shending-approves', (open, problems) => clerkDecides(open, problems, {
  user: 'shending', name: 'final', queueLink: '进入毕业审定队列', path: '/admin/final',
  before: '材料已交回', button: '审定通过', done: '已审定通过' }));

await stepTest(11, '11-examinee-sees-final-approval', (open, problems) =>
  examineeSees(open, problems, '毕业审定通过', 'apply-approved'));

// The other forms of an examinee: a refused value is announced at its field too. Nothing
// changes: the old password is wrong, the forgotten-password request is refused.
await e2e.test('12-errors-announced-on-the-password-and-enrolled-forms', async (open) => {
  expect(reached === 11, 'not run: an earlier step of the journey failed');
  const problems = [];
  const page = await examineeLogsIn(open, problems);
  await clickTo(page, page.getByRole('link', { name: '修改密码' }), '/password');
  await page.getByLabel('原密码').fill(`${me.password}-wrong`);
  await page.getByLabel('新密码', { exact: true }).fill(`${me.password}-new`);
  await page.getByLabel('确认新密码').fill(`${me.password}-new`);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForLoadState('load');
  await announced(page, '#old_password', problems);
  await visit(page, 'password-refused', problems);

  const stranger = await open('stranger');
  stranger.expectedConsoleErrors.push(/status of 4\d\d/);
  await stranger.goto(`${base}/register/enrolled`);
  await stranger.getByRole('button', { name: '下一步' }).click();
  await stranger.waitForLoadState('load');
  await announced(stranger, '#id_number', problems);
  await visit(stranger, 'enrolled-refused', problems);
  await stranger.locator('#id_number').fill(me.id);
  await stranger.locator('#name').fill(me.name);
  await stranger.getByRole('button', { name: '下一步' }).click();
  await stranger.waitForLoadState('load');
  expect(await stranger.locator('h1').innerText() === '找回密码', 'a registered examinee: 找回密码');
  await stranger.locator('#password').fill('short');
  await stranger.locator('#confirm_password').fill('short');
  await stranger.getByRole('button', { name: '提交认证' }).click();
  await stranger.waitForLoadState('load');
  await announced(stranger, '#password', problems);
  await visit(stranger, 'enrolled-reset-refused', problems);
  report(problems);
});

console.log(`${checked} pages checked at ${A11Y_WIDTHS.join(' px and ')} px, screenshots in ${dir}`);
console.log(`axe violations (nodes) by impact: critical ${axeCounts.critical}, serious ${axeCounts.serious}, ` +
            `moderate ${axeCounts.moderate}, minor ${axeCounts.minor}`);
await e2e.finish();
