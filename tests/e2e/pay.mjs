// pay.mjs: 张三 pays his graduation application fee in a real browser (issue 14), as the
// seed's steps 5–8 show it: 毕业申请信息详情 → 毕业申请支付 (毕业申请费用总计) → 创建订单 →
// 创建订单成功 with the 商户订单号 → 支付宝 → 确认支付 → the payment sandbox's checkout →
// 支付 → back on this site; the sandbox's signed notification arrives (the page says
// 支付处理中 until it has) → 订单支付成功 → 查看订单并打印 (the receipt, printed to PDF by
// Chromium), then 订单查询. At 1280 px and at 360 px (no horizontal scrolling).
// Runs after apply.mjs, which leaves 张三 系统审核通过 (prereview_passed); review.mjs takes
// him on from 已支付.
import { base, examineeLogin as login, expect, shots, suite } from './harness.mjs';

const e2e = await suite('e2e-pay');
const mainText = (page) => page.locator('main').innerText();

async function noHorizontalScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `${what}: wider than the screen by ${overflow}px`);
}

await e2e.test('zhang-san-pays-with-alipay', async (open) => {
  const page = await open('zhangsan-pay');
  await login(page, '010120100001');
  await page.goto(`${base}/apply/status`);
  expect((await mainText(page)).includes('系统审核通过，请进行毕业申请支付'), '张三 may pay');
  await Promise.all([page.waitForURL(`${base}/pay`), page.getByRole('link', { name: '毕业申请支付', exact: true }).click()]);
  const fee = await mainText(page);
  expect(fee.includes('毕业申请费用总计：60.00元'), `the fee, got: ${fee.slice(0, 300)}`);
  expect(fee.includes('审核费用不予退还'), 'the no-refund warning');
  await page.screenshot({ path: `${shots}/pay-fee.png`, fullPage: true });
  await Promise.all([page.waitForURL(/\/pay\/order\/ZK\d{18}$/), page.getByRole('button', { name: '创建订单' }).click()]);
  const created = await mainText(page);
  const orderNo = (created.match(/商户订单号：(ZK\d{18})/) || [])[1];
  expect(orderNo && created.includes('创建订单成功！') && created.includes('订单金额：60.00元'), `order created: ${created.slice(0, 300)}`);
  expect(created.includes('请选择支付方式进行支付！'), 'choose a channel');
  await page.setViewportSize({ width: 360, height: 800 });
  await noHorizontalScroll(page, 'order page at 360 px');
  await page.screenshot({ path: `${shots}/pay-order-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('支付宝').check();
  await Promise.all([page.waitForURL(/\/pay-sim\/checkout\?/), page.getByRole('button', { name: '确认支付' }).click()]);
  const checkout = await mainText(page);
  expect(checkout.includes(orderNo) && checkout.includes('60.00'), 'the sandbox shows the order and the amount');
  await page.screenshot({ path: `${shots}/pay-sandbox-checkout.png`, fullPage: true });
  await Promise.all([page.waitForURL(/\/pay\/(return|success)\//), page.getByRole('button', { name: '支付', exact: true }).click()]);
  // The notification is asynchronous: refresh until it has arrived (支付处理中 meanwhile).
  for (let i = 0; i < 60 && !page.url().includes('/pay/success/'); i++) {
    expect((await mainText(page)).includes('支付处理中，请稍候刷新'), 'processing until the notification arrives');
    await page.waitForTimeout(500);
    await page.getByRole('link', { name: '刷新' }).click();
    await page.waitForLoadState();
  }
  expect(page.url() === `${base}/pay/success/${orderNo}`, `订单支付成功 page, at ${page.url()}`);
  // Without white space: the page sets each label and its value in their own cells.
  const success = (await mainText(page)).replace(/\s+/g, '');
  for (const part of ['订单支付成功', '姓名：张三', '证件号码：1401**********0012', '准考证号：010120100001',
    `订单号：${orderNo}`, '您本次毕业申请支付成功！'])
    expect(success.includes(part), `success page shows ${part}`);
  expect(!success.includes('140105199003070012'), 'no plaintext 证件号码');
  await page.screenshot({ path: `${shots}/pay-success.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await noHorizontalScroll(page, 'success page at 360 px');
  await page.screenshot({ path: `${shots}/pay-success-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await Promise.all([page.waitForURL(`${base}/pay/receipt/${orderNo}`), page.getByRole('link', { name: '查看订单并打印' }).click()]);
  const receipt = await mainText(page);
  expect(receipt.includes('支付宝') && receipt.includes('60.00元') && receipt.includes('支付成功'), 'the receipt');
  await page.emulateMedia({ media: 'print' });
  expect(!(await page.locator('header.site-header').isVisible()), 'the print stylesheet hides the site header');
  await page.pdf({ path: `${shots}/pay-receipt.pdf`, format: 'A4' });
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${base}/orders`);
  const orders = await mainText(page);
  expect(orders.includes(orderNo) && orders.includes('支付成功'), '订单查询 lists the paid order');
  expect(orders.includes('注：考生缴费成功20分钟后可通过网上查验及打印功能进行电子票据查验'), 'the 电子票据 note');
  await page.goto(`${base}/apply/status`);
  const status = await mainText(page);
  expect(status.includes('已支付，请填报毕业生登记表') && status.includes(orderNo), 'status after payment');
  await page.screenshot({ path: `${shots}/pay-status-paid.png`, fullPage: true });
});

await e2e.finish();
