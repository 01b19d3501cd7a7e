// run.mjs: end-to-end tests in a real browser (Debian's headless Chromium driven by
// playwright-core). An examinee opens the login page, logs in by 身份证号 and by 准考证号,
// sees 个人中心 with the masked ID and the business windows, on a desktop and on a
// 360 px phone screen, and logs out. Screenshots go to $ZIKAO_VAR/screenshots.
// Prints one line per test and last "e2e: N passed, M failed".
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.ZIKAO_BASE_URL;
const shots = `${process.env.ZIKAO_VAR}/screenshots`;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

let passed = 0, failed = 0;
async function test(name, viewport, fn) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await fn(page);
    if (errors.length) throw new Error(`browser console errors: ${errors.join(' | ')}`);
    passed++;
    console.log(`ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}: ${e.message}`);
    await page.screenshot({ path: `${shots}/FAILED-${name}.png`, fullPage: true }).catch(() => {});
  }
  await context.close();
}

function expect(cond, message) { if (!cond) throw new Error(message); }

async function login(page, loginName) {
  await page.goto(`${base}/login`);
  expect((await page.title()).includes('考生登录'), 'login page title');
  expect(await page.locator('header').innerText().then((t) => t.includes('山西自学考试信息服务平台')), 'site header');
  expect(/今天是：\d{4}年\d{2}月\d{2}日 星期[一二三四五六日]/.test(await page.locator('header').innerText()), 'date line');
  await page.getByLabel('身份证号或准考证号').fill(loginName);
  await page.getByLabel('密码').fill('Zikao@2025');
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '登录' }).click()]);
}

async function checkCenter(page, name) {
  const text = await page.locator('main').innerText();
  expect(text.includes('个人中心'), '个人中心 heading');
  expect(text.includes(name), `name ${name}`);
  expect(text.includes('1401**********0012'), 'masked 身份证号');
  expect(!text.includes('140105199003070012'), 'plaintext 身份证号 must not appear');
  expect(text.includes('138****5678'), 'masked phone');
  for (const title of ['理论课报名', '转考申请', '免考申请', '实践性环节报名', '毕业申请'])
    expect(text.includes(title), `window tile ${title}`);
  expect(/毕业申请\s*开始: \d{4}-\d{2}-\d{2}\s*结束: \d{4}-\d{2}-\d{2}\s*已开放/.test(text), '毕业申请 window dates and 已开放');
  expect(text.includes('(未开放)'), '(未开放) tile');
  expect(text.includes('合格成绩查询') && text.includes('学信网学历验证'), '查询中心 links');
}

await test('login-by-id-number-desktop', { width: 1280, height: 900 }, async (page) => {
  await login(page, '140105199003070012');
  await checkCenter(page, '张三');
  await page.screenshot({ path: `${shots}/center-desktop.png`, fullPage: true });
  await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('button', { name: '退出登录' }).click()]);
  await page.goto(`${base}/`);
  expect(page.url().startsWith(`${base}/login`), 'after logout, 个人中心 sends back to login');
});

await test('login-by-ticket-number-phone', { width: 360, height: 740 }, async (page) => {
  await login(page, '010120100001');
  await checkCenter(page, '张三');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `page wider than a 360 px screen by ${overflow}px`);
  await page.screenshot({ path: `${shots}/center-phone.png`, fullPage: true });
});

await test('wrong-password-message', { width: 1280, height: 900 }, async (page) => {
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill('140105199003070012');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  const alert = await page.getByRole('alert').innerText();
  expect(alert.includes('登录失败：账号或密码不正确'), `generic failure message, got ${alert}`);
  expect(await page.getByLabel('身份证号或准考证号').inputValue() === '140105199003070012', 'login name kept');
  await page.screenshot({ path: `${shots}/login-failed.png`, fullPage: true });
});

await browser.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
