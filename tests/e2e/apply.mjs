// apply.mjs: the 毕业申请 in a real browser (headless Chromium driven by playwright-core).
// 张三 authorises 学信网 (through the dev simulator), applies to 太原理工大学 080901, which
// he qualifies for as he stands, submits and sees his status page. 李娜 does the same but
// is told 所选专业不符合毕业合格条件, adds the suggested 英语(二) replacement, then submits.
// Screenshots go to $ZIKAO_VAR/screenshots. Last line: "e2e-apply: N passed, M failed".
import { base, expect, shots, suite } from './harness.mjs';

const e2e = await suite('e2e-apply');
const mainText = (page) => page.locator('main').innerText();

async function login(page, loginName) {
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(loginName);
  await page.getByLabel('密码').fill('Zikao@2025');
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '登录' }).click()]);
}

async function authorise_chsi(page, name) {
  await page.goto(`${base}/verify/chsi`);
  expect((await mainText(page)).includes('山西省高等教育自学考试学信网学历验证'), '学信网 page title');
  await page.getByRole('button', { name: '获取学信网二维码' }).click();
  expect(await page.locator('main svg').count() > 0, 'QR code shown');
  await page.screenshot({ path: `${shots}/apply-${name}-chsi-qr.png`, fullPage: true });
  await page.locator('a.chsi-sim-link').click();
  await page.getByRole('button', { name: '确认授权' }).click();
  await page.getByRole('button', { name: '返回山西自考网完成验证' }).click();
  await page.goto(`${base}/verify/chsi/records`);
  expect((await mainText(page)).includes('专科'), 'verified 专科 record listed');
}

async function step1(page) {
  await page.goto(`${base}/apply`);
  expect((await mainText(page)).includes('毕业申请信息填报'), 'step 1 title');
  await page.getByLabel('地址').fill('太原市小店区坞城路92号');
  await page.getByLabel('太原理工大学').check();
  await Promise.all([page.waitForURL(`${base}/apply/majors`), page.getByRole('button', { name: '下一步' }).click()]);
}

async function submit_and_check_status(page, name) {
  expect(page.url().startsWith(`${base}/apply/confirm`), `on the confirm page, at ${page.url()}`);
  const confirm = await mainText(page);
  expect(confirm.includes('太原理工大学') && confirm.includes('080901'), 'confirm lists the major');
  await page.screenshot({ path: `${shots}/apply-${name}-confirm.png`, fullPage: true });
  await Promise.all([page.waitForURL(`${base}/apply/status`), page.getByRole('button', { name: '提交' }).click()]);
  const status = await mainText(page);
  expect(status.includes('山西省高等教育自学考试毕业申请信息详情'), 'status page title');
  expect(status.includes('计算机科学与技术') && status.includes('已提交'), 'status shows the submitted major');
  await page.screenshot({ path: `${shots}/apply-${name}-status.png`, fullPage: true });
}

await e2e.test('zhang-san-applies-and-submits', async (open) => {
  const page = await open('zhangsan');
  await login(page, '010120100001');
  await authorise_chsi(page, 'zhangsan');
  await step1(page);
  await page.getByLabel(/080901/).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await submit_and_check_status(page, 'zhangsan');
});

await e2e.test('li-na-replaces-english-and-submits', async (open) => {
  const page = await open('lina');
  await login(page, '010120100002');
  await authorise_chsi(page, 'lina');
  await step1(page);
  await page.getByLabel(/080901/).check();
  await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
  const restricted = await mainText(page);
  expect(restricted.includes('所选专业不符合毕业合格条件'), 'restriction screen');
  expect(/00015\s*英语\(二\)[\s\S]*✗/.test(restricted), '00015 marked ✗');
  await page.screenshot({ path: `${shots}/apply-lina-restriction.png`, fullPage: true });
  await page.getByRole('link', { name: '按建议添加顶替英语二课程' }).click();
  expect(await page.locator('input[name="course"]:checked').count() >= 2, 'suggested courses pre-checked');
  await Promise.all([page.waitForURL(`${base}/apply/majors`), page.getByRole('button', { name: '保存顶替课程' }).click()]);
  const now = await mainText(page);
  expect(now.includes('符合毕业合格条件') && !now.includes('所选专业不符合毕业合格条件'), 'eligible after the replacement');
  await page.getByRole('button', { name: '下一步' }).click();
  await submit_and_check_status(page, 'lina');
});

await e2e.finish();
