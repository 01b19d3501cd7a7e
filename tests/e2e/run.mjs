// run.mjs: end-to-end tests in a real browser (Debian's headless Chromium driven by
// playwright-core). An examinee opens the login page, logs in by 身份证号 and by 准考证号,
// sees 个人中心 with the masked ID and the business windows, on a desktop and on a
// 360 px phone screen, and logs out. Screenshots go to $ZIKAO_VAR/screenshots.
// Prints one line per test and last "e2e: N passed, M failed".
import { base, expect, shots, suite } from './harness.mjs';

const e2e = await suite('e2e');

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

await e2e.test('login-by-id-number-desktop', async (open) => {
  const page = await open('examinee');
  await login(page, '140105199003070012');
  await checkCenter(page, '张三');
  await page.screenshot({ path: `${shots}/center-desktop.png`, fullPage: true });
  // 个人中心's own 退出登录 (the header has one too) logs out at once, no confirmation page.
  await Promise.all([page.waitForURL(`${base}/login`), page.locator('main').getByRole('button', { name: '退出登录' }).click()]);
  await page.goto(`${base}/`);
  expect(page.url().startsWith(`${base}/login`), 'after logout, 个人中心 sends back to login');
});

await e2e.test('login-by-ticket-number-phone', async (open) => {
  const page = await open('examinee', { width: 360, height: 740 });
  await login(page, '010120100001');
  await checkCenter(page, '张三');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `page wider than a 360 px screen by ${overflow}px`);
  await page.screenshot({ path: `${shots}/center-phone.png`, fullPage: true });
});

await e2e.test('wrong-password-message', async (open) => {
  const page = await open('examinee');
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill('140105199003070012');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  const alert = await page.getByRole('alert').innerText();
  expect(alert.includes('登录失败：账号或密码不正确'), `generic failure message, got ${alert}`);
  expect(await page.getByLabel('身份证号或准考证号').inputValue() === '140105199003070012', 'login name kept');
  await page.screenshot({ path: `${shots}/login-failed.png`, fullPage: true });
});

await e2e.finish();
