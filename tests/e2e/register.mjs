// register.mjs: end-to-end tests of 考生注册 and the clerk's 人工审核 in a real browser
// (Debian's headless Chromium driven by playwright-core).
//   1. A new examinee fills /register/new with 三照 (the hand-held photo greyscale, so the
//      stand-in verifier hands it to a person) and sees the result page; the 小店区 clerk
//      logs in at /admin/login, opens the queue and the submission, sees the photos and
//      clicks 通过; the examinee logs in and reaches 个人中心 with their name.
//   2. A form error keeps the three photos (已上传); the second submit needs none of them.
//   3. 王强 (demo, imported, no password) goes through /register/enrolled with 两照, the
//      潞州区 clerk approves, and 王强 logs in with the new password.
// Photos are made by tests/integration/images.py. Screenshots go to $ZIKAO_VAR/screenshots.
// Prints one line per test and last "e2e-register: N passed, M failed".
import { base, expect, idNumber, shots, suite } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const imagesPy = join(here, '..', 'integration', 'images.py');
const photoDir = mkdtempSync(join(tmpdir(), 'zikao-e2e-register-'));
const run = `${Date.now().toString(36)}-${process.pid}`;

const e2e = await suite('e2e-register');

let photoNo = 0;
// A PNG of images.py's KIND, unique to this run.
function photo(kind) {
  const path = join(photoDir, `${kind}-${++photoNo}.png`);
  writeFileSync(path, execFileSync('python3', [imagesPy, kind, `e2e-${run}-${photoNo}`]));
  return path;
}

const cjkDigits = '零一二三四五六七八九';
const cjk = (digits) => [...digits].map((d) => cjkDigits[Number(d)]).join('');
const newPassword = () => `E2e#${Math.random().toString(36).slice(2, 10)}-Pw`;

async function mainText(page) { return page.locator('main').innerText(); }

// The clerk of the examinee's county approves the (only) open submission of `name`.
async function clerkApproves(open, username, name, shotPrefix) {
  const page = await open(`clerk-${username}`);
  await page.goto(`${base}/admin/login`);
  expect((await page.title()).includes('招办工作人员登录'), 'staff login page title');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('Staff@2025');
  await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: '登录' }).click()]);
  expect((await mainText(page)).includes('工作台'), '工作台 after staff login');

  await Promise.all([page.waitForURL(`${base}/admin/verifications`),
                     page.getByRole('link', { name: '进入身份认证审核队列' }).click()]);
  const row = page.locator('tr', { hasText: name });
  expect(await row.count() === 1, `one queue row for ${name}, found ${await row.count()}`);
  await page.screenshot({ path: `${shots}/${shotPrefix}-queue.png`, fullPage: true });
  await Promise.all([page.waitForURL(/\/admin\/verifications\/\d+$/), row.getByRole('link', { name: '查看' }).click()]);
  const detail = await mainText(page);
  expect(detail.includes(name), 'the submission names the examinee');
  expect(detail.includes('待人工审核'), 'the submission is waiting for a person');

  // Every photo is shown (loaded and decoded by the browser).
  const imgs = page.locator('main img');
  await imgs.first().waitFor();
  const sizes = await imgs.evaluateAll(async (els) => Promise.all(els.map(async (img) => {
    if (!img.complete) await new Promise((resolve) => { img.onload = img.onerror = resolve; });
    return img.naturalWidth;
  })));
  expect(sizes.length >= 2 && sizes.every((w) => w > 0), `photos shown: widths ${sizes.join(',')}`);
  await page.screenshot({ path: `${shots}/${shotPrefix}-detail.png`, fullPage: true });

  // 通过 needs the 已核对 box and asks once more (staff_confirm.js).
  await page.locator('#approve-checked').check();
  page.once('dialog', (d) => d.accept());
  await Promise.all([page.waitForURL(/\/admin\/verifications\?done=approved$/),
                     page.getByRole('button', { name: '通过', exact: true }).click()]);
  expect((await mainText(page)).includes('已通过该考生的身份认证'), 'approval confirmed');
  expect(await page.locator('tr', { hasText: name }).count() === 0, 'the approved submission left the queue');
  return sizes.length;
}

async function examineeLogsIn(open, loginName, password, name, shot) {
  const page = await open('examinee-login');
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(loginName);
  await page.getByLabel('密码').fill(password);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '登录' }).click()]);
  const text = await mainText(page);
  expect(text.includes('个人中心'), '个人中心 after login');
  expect(text.includes(name), `个人中心 shows ${name}`);
  await page.screenshot({ path: `${shots}/${shot}`, fullPage: true });
}

// A form error keeps the photos (issue 17): they come back as 已上传, the password is typed
// again, and the second submit without choosing any file registers the examinee.
await e2e.test('new-examinee-form-error-keeps-the-photos', async (open) => {
  const id = idNumber('140107');
  const name = '保留照片' + cjk(id.slice(8, 17));
  const password = newPassword();
  const page = await open('examinee-keep');
  page.expectedConsoleErrors.push(/status of 400/);  // the refused first submit
  await page.goto(`${base}/register/new`);
  await page.locator('#name').fill(name);
  await page.locator('#id_number').fill(id);
  for (const [field, value] of [['hukou', '城镇'], ['education', '大学专科'], ['occupation', '企业职工'],
                                ['political_status', '群众'], ['county_code', '140107']])
    await page.locator(`#${field}`).selectOption(value);
  await page.locator('#phone').fill('1370000');  // too short: the form is refused
  await page.locator('#password').fill(password);
  await page.locator('#confirm_password').fill(password);
  await page.locator('#photo_portrait').setInputFiles(photo('portrait'));
  await page.locator('#photo_id_front').setInputFiles(photo('colorful'));
  await page.locator('#photo_id_in_hand').setInputFiles(photo('colorful'));
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  let text = await mainText(page);
  expect(text.includes('请填写11位手机号码'), 'the phone is refused');
  const kept = await page.locator('.kept-upload').allInnerTexts();
  expect(kept.length === 3 && kept.every((t) => t.includes('已上传') && t.includes('重新选择')),
         `three photos shown as 已上传 with 重新选择, got ${JSON.stringify(kept)}`);
  expect(await page.locator('#password').inputValue() === '', 'the password is not echoed');
  expect(text.includes('请重新输入密码'), 'the page asks for the password again');
  expect(await page.locator('#name').inputValue() === name, 'the name is kept');
  await page.screenshot({ path: `${shots}/register-new-kept-photos.png`, fullPage: true });

  await page.locator('#phone').fill('137' + id.slice(9, 17));
  await page.locator('#password').fill(password);
  await page.locator('#confirm_password').fill(password);
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  text = await mainText(page);
  expect(text.includes('身份验证结果') && text.includes('身份验证通过'), `registered, got: ${text.slice(0, 200)}`);
  await page.screenshot({ path: `${shots}/register-new-kept-photos-result.png`, fullPage: true });
});

await e2e.test('new-examinee-three-photos-clerk-approves', async (open) => {
  const id = idNumber('140105');
  const name = '端到端' + cjk(id.slice(8, 17));
  const password = newPassword();
  const page = await open('examinee');
  await page.goto(`${base}/register`);
  expect((await mainText(page)).includes('“三照”是指'), '三照 explained on the choice page');
  await Promise.all([page.waitForURL(`${base}/register/new`),
                     page.getByRole('link', { name: '我是新生，点击开始注册' }).click()]);
  await page.locator('#name').fill(name);
  await page.locator('#id_number').fill(id);
  await page.locator('#ethnicity').selectOption('汉族');
  await page.locator('#hukou').selectOption('城镇');
  await page.locator('#education').selectOption('大学专科');
  await page.locator('#occupation').selectOption('企业职工');
  await page.locator('#political_status').selectOption('群众');
  await page.locator('#phone').fill('137' + id.slice(9, 17));
  await page.locator('#county_code').selectOption('140105');
  await page.locator('#password').fill(password);
  await page.locator('#confirm_password').fill(password);
  await page.locator('#photo_portrait').setInputFiles(photo('portrait'));
  await page.locator('#photo_id_front').setInputFiles(photo('colorful'));
  await page.locator('#photo_id_in_hand').setInputFiles(photo('grey'));
  await page.screenshot({ path: `${shots}/register-new-form.png`, fullPage: true });
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  const result = await mainText(page);
  expect(result.includes('身份验证结果'), `result page, got: ${result.slice(0, 200)}`);
  expect(result.includes('已提交报名点人工审核'), 'handed over to the clerk');
  await page.screenshot({ path: `${shots}/register-new-result.png`, fullPage: true });

  // Before the clerk decides, logging in leads to 身份认证 only.
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(id);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/verify/identity`);
  expect((await mainText(page)).includes('报名点人工审核中'), '报名点人工审核中 while waiting');

  const shown = await clerkApproves(open, 'xiaodian', name, 'register-new-clerk');
  expect(shown === 3, `three photos for the clerk, saw ${shown}`);
  await examineeLogsIn(open, id, password, name, 'register-new-center.png');
});

await e2e.test('enrolled-wang-qiang-two-photos-clerk-approves', async (open) => {
  const name = '王强', id = '140403199506120038';
  const password = newPassword();
  const page = await open('examinee');
  await page.goto(`${base}/register`);
  await Promise.all([page.waitForURL(`${base}/register/enrolled`),
                     page.getByRole('link', { name: '我是在籍考生，点击完成认证' }).click()]);
  await page.locator('#id_number').fill(id);
  await page.locator('#name').fill(name);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForLoadState('load');
  const step2 = await mainText(page);
  expect(step2.includes('已核对考籍信息'), `step 2 after the 身份证号/姓名 match, got: ${step2.slice(0, 200)}`);
  // make test runs this on a fresh stack, where 王强 has no password yet: his first
  // password, not the forgotten-password path (which waits for a clerk and is tested below).
  const heading = await page.locator('h1').innerText();
  expect(heading === '在籍考生认证', `step 2 heading ${heading}: 王强 must have no password yet`);
  expect(await page.locator('#photo_portrait').count() === 0, '两照 only');
  await page.locator('#password').fill(password);
  await page.locator('#confirm_password').fill(password);
  await page.locator('#photo_id_front').setInputFiles(photo('colorful'));
  await page.locator('#photo_id_in_hand').setInputFiles(photo('grey'));
  await page.screenshot({ path: `${shots}/register-enrolled-form.png`, fullPage: true });
  await page.getByRole('button', { name: '提交认证' }).click();
  await page.waitForLoadState('load');
  expect((await mainText(page)).includes('已提交报名点人工审核'), 'handed over to the clerk');
  await page.screenshot({ path: `${shots}/register-enrolled-result.png`, fullPage: true });

  await clerkApproves(open, 'luzhou', name, 'register-enrolled-clerk');
  await examineeLogsIn(open, id, password, name, 'register-enrolled-center.png');
});

// ACC-7: someone who knows 王强's 身份证号 and 姓名 asks for a new password. It waits for the
// clerk; 王强 gets an SMS (the dev outbox plays the phone) and cancels with its link.
await e2e.test('forgotten-password-waits-and-the-owner-cancels', async (open) => {
  const name = '王强', id = '140403199506120038', phone = '13700001111';
  const page = await open('stranger');
  await page.goto(`${base}/register/enrolled`);
  await page.locator('#id_number').fill(id);
  await page.locator('#name').fill(name);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForLoadState('load');
  const heading = await page.locator('h1').innerText();
  expect(heading === '找回密码', `step 2 heading ${heading}`);
  const other = newPassword();
  await page.locator('#password').fill(other);
  await page.locator('#confirm_password').fill(other);
  await page.locator('#photo_id_front').setInputFiles(photo('colorful'));
  await page.locator('#photo_id_in_hand').setInputFiles(photo('colorful'));
  await page.getByRole('button', { name: '提交认证' }).click();
  await page.waitForLoadState('load');
  const result = await mainText(page);
  expect(result.includes('已提交报名点人工审核'), `the reset waits for the clerk, got: ${result.slice(0, 200)}`);
  expect(!result.includes('新密码已生效'), 'never takes effect at once');
  await page.screenshot({ path: `${shots}/reset-requested.png`, fullPage: true });

  const phoneView = await open('owner');
  await phoneView.goto(`${base}/dev/outbox?to=${phone}`);
  const sms = await phoneView.locator('article.message[data-purpose="reset_requested"] pre.body').first().innerText();
  const link = sms.match(/https?:\/\/\S+\/register\/cancel\?r=\d+&t=[0-9a-f]{64}/);
  expect(link !== null, `a cancel link in the SMS: ${sms}`);
  await phoneView.goto(link[0]);
  expect((await mainText(phoneView)).includes('取消该申请'), 'the link asks first');
  await phoneView.screenshot({ path: `${shots}/reset-cancel-confirm.png`, fullPage: true });
  await phoneView.getByRole('button', { name: '取消该申请' }).click();
  await phoneView.waitForLoadState('load');
  expect((await mainText(phoneView)).includes('找回密码申请已取消'), 'cancelled');
  await phoneView.screenshot({ path: `${shots}/reset-cancelled.png`, fullPage: true });
});

rmSync(photoDir, { recursive: true, force: true });
await e2e.finish();
