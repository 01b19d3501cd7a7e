// apply.mjs: the 毕业申请 in a real browser (headless Chromium driven by playwright-core).
// 张三 authorises 学信网 (through the dev simulator), applies to 太原理工大学 080901, which
// he qualifies for as he stands, submits and sees his status page. 李娜 does the same but
// is told 所选专业不符合毕业合格条件, adds the suggested 英语(二) replacement, then submits.
// Then 张三 uploads his graduation photo at /photo (a PNG made here: white background,
// colourful face, dark shoulders, which the dev stack's stand-in verifier passes) and sees
// it verified: 毕业照片已认证 and his 480×640 photo.
// Screenshots go to $ZIKAO_VAR/screenshots. Last line: "e2e-apply: N passed, M failed".
import { base, examineeLogin as login, expect, shots, suite } from './harness.mjs';
import { deflateSync } from 'node:zlib';

const e2e = await suite('e2e-apply');
const mainText = (page) => page.locator('main').innerText();

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
  // 主考院校 as a grid of checkboxes, as in the seed: no list bullets.
  const grid = await page.locator('ul.institution-grid').evaluate((el) =>
    [getComputedStyle(el).display, getComputedStyle(el).listStyleType, el.querySelectorAll('input[type=checkbox]').length]);
  expect(grid[0] === 'grid' && grid[1] === 'none' && grid[2] >= 9, `institutions in a grid without bullets: ${grid}`);
  await page.getByLabel('太原理工大学').check();
  await page.screenshot({ path: `${shots}/apply-step1-${page.label}.png`, fullPage: true });
  await Promise.all([page.waitForURL(`${base}/apply/majors`), page.getByRole('button', { name: '下一步' }).click()]);
}

// Step 1 and 080901 saved, for an examinee who does not qualify yet: the 限制条件 screen's text.
async function restriction_screen(page) {
  await step1(page);
  await page.getByLabel(/080901/).check();
  await page.getByRole('button', { name: '保存并检查毕业条件' }).click();
  const restricted = await mainText(page);
  expect(restricted.includes('所选专业不符合毕业合格条件'), 'restriction screen');
  return restricted;
}

async function submit_and_check_status(page, name, phone) {
  expect(page.url().startsWith(`${base}/apply/confirm`), `on the confirm page, at ${page.url()}`);
  const confirm = await mainText(page);
  expect(confirm.includes('太原理工大学') && confirm.includes('080901'), 'confirm lists the major');
  expect(confirm.includes(phone), `confirm shows the 手机号 ${phone} in full`);
  expect(confirm.includes('准考证照片'), 'confirm has the 准考证照片 row');
  await page.screenshot({ path: `${shots}/apply-${name}-confirm.png`, fullPage: true });
  // 提交 is final: the box must be ticked, then the browser asks once more. Cancelled, nothing happens.
  await page.getByLabel(/我已确认以上信息无误/).check();
  const asked = [];
  page.once('dialog', async (dialog) => { asked.push(dialog.message()); await dialog.dismiss(); });
  await page.getByRole('button', { name: '提交' }).click();
  await page.waitForTimeout(300);
  expect(asked.length === 1 && asked[0] === '提交后不可再进行网上毕业申请，确认提交？', `asked once more, got ${asked}`);
  expect(page.url() === `${base}/apply/confirm`, `still on the confirm page after 取消, at ${page.url()}`);
  page.once('dialog', (dialog) => { asked.push(dialog.message()); dialog.accept(); });
  await Promise.all([page.waitForURL(`${base}/apply/status`), page.getByRole('button', { name: '提交' }).click()]);
  expect(asked.length === 2, 'asked again on the second 提交');
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
  await submit_and_check_status(page, 'zhangsan', '13812345678');
});

// ---- a PNG written here (node:zlib for the deflate, the CRC-32 by table) ---------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

// An 8-bit RGB PNG; pixel(x, y) gives [r, g, b].
function png(width, height, pixel) {
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + 3 * width);
    raw[row] = 0;  // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + 3 * x);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);  // 8-bit, RGB, deflate, no filter, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
                        chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// A head-and-shoulders picture like images.py's graduation(): flat white background (the
// top and the upper sides), a colourful noise oval (face) and neck, dark shoulders widening
// down to the bottom edge. Random noise: new bytes on every run.
function graduationPng(width = 360, height = 480) {
  const cx = width / 2, cy = height * 0.42, rx = width * 0.21, ry = height * 0.25;
  const shouldersTop = height * 0.70;
  const noise = () => [0, 0, 0].map(() => Math.floor(Math.random() * 256));
  return png(width, height, (x, y) => {
    const px = x + 0.5, py = y + 0.5;
    const dx = (px - cx) / rx, dy = (py - cy) / ry;
    if (dx * dx + dy * dy < 1) return noise();
    if (py >= height * 0.60 && py < height * 0.76 && px >= width * 0.41 && px < width * 0.59) return noise();
    if (py >= shouldersTop) {
      const half = width * (0.24 + 0.22 * (py - shouldersTop) / (height - shouldersTop));
      if (Math.abs(px - cx) < half) return [28, 38, 66];
    }
    return [255, 255, 255];
  });
}

await e2e.test('zhang-san-uploads-his-graduation-photo', async (open) => {
  const page = await open('zhangsan-photo');
  await login(page, '010120100001');
  await page.goto(`${base}/photo`);
  const before = await mainText(page);
  expect(before.includes('山西省高等教育自学考试毕业证书电子注册图像采集'), 'photo page title');
  expect(before.includes('张三') && before.includes('010120100001'), 'the page names 张三 and his 准考证号');
  await page.getByLabel('毕业照上传（蓝底、白底、白灰底照片）').setInputFiles(
    { name: 'graduation.png', mimeType: 'image/png', buffer: graduationPng() });
  await Promise.all([
    page.waitForResponse((r) => r.url() === `${base}/photo` && r.request().method() === 'POST'),
    page.getByRole('button', { name: '上传并认证' }).click(),
  ]);
  await page.getByText('毕业照片已认证').first().waitFor();
  expect(page.url() === `${base}/photo`, `back on /photo, at ${page.url()}`);
  const photo = page.locator('main img[src^="/photo/view/"]');
  expect(await photo.count() === 1, `one photo shown, found ${await photo.count()}`);
  const size = await photo.evaluate(async (img) => {
    if (!img.complete) await new Promise((resolve) => { img.onload = img.onerror = resolve; });
    return [img.naturalWidth, img.naturalHeight];
  });
  expect(size[0] === 480 && size[1] === 640, `the photo is 480x640, got ${size.join('x')}`);
  expect(await page.locator('input[type="file"]').count() === 0, 'no upload field once verified');
  await page.screenshot({ path: `${shots}/photo-zhangsan-verified.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: `${shots}/photo-zhangsan-verified-360.png`, fullPage: true });

  await page.goto(`${base}/apply/status`);
  const status = await mainText(page);
  // The verified photo starts 系统审核 at once (issue 13): 张三 qualifies as he stands.
  expect(status.includes('系统审核通过'), 'the status page shows 系统审核通过');
  expect(await page.getByRole('link', { name: '查看考生毕业照' }).count() >= 1, 'link 查看考生毕业照');
});

await e2e.test('li-na-replaces-english-and-submits', async (open) => {
  const page = await open('lina');
  await login(page, '010120100002');
  await authorise_chsi(page, 'lina');
  const restricted = await restriction_screen(page);
  expect(/00015\s*英语\(二\)[\s\S]*✗/.test(restricted), '00015 marked ✗');
  await page.screenshot({ path: `${shots}/apply-lina-restriction.png`, fullPage: true });
  await page.getByRole('link', { name: '按建议添加顶替英语二课程' }).click();
  expect(await page.locator('input[name="course"]:checked').count() >= 2, 'suggested courses pre-checked');
  await Promise.all([page.waitForURL(`${base}/apply/majors`), page.getByRole('button', { name: '保存顶替课程' }).click()]);
  const now = await mainText(page);
  expect(now.includes('符合毕业合格条件') && !now.includes('所选专业不符合毕业合格条件'), 'eligible after the replacement');
  await page.getByRole('button', { name: '下一步' }).click();
  await submit_and_check_status(page, 'lina', '13987654321');
});

// 赵敏 lacks 02325 计算机系统结构 but passed 13180 操作系统, which may stand in for it (任选一门):
// the 限制条件 screen says so next to a button, and one click adds the choice.
await e2e.test('zhao-min-adds-the-any-one-of-choice-with-one-click', async (open) => {
  const page = await open('zhaomin');
  await login(page, '010120100004');
  const restricted = await restriction_screen(page);
  expect(restricted.includes('缺少 02325 计算机系统结构：可由 13180 操作系统 顶替（任选一门）'), 'the 任选一门 hint');
  expect(!(await page.content()).includes('r-13180'), 'no internal rule id on the page');
  const add = page.getByRole('button', { name: '添加 13180 操作系统 顶替 02325 计算机系统结构' });
  await add.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/majors-fill-hint.png`, fullPage: true });
  await Promise.all([page.waitForURL(`${base}/apply/majors`), add.click()]);
  const now = await mainText(page);
  expect(now.includes('计算机科学与技术(本科)专业：符合毕业合格条件'), 'eligible, with the major named');
  expect(!now.includes('所选专业不符合毕业合格条件'), 'no restriction any more');
  expect(await page.getByRole('link', { name: '添加一门顶多门或任选一门新计划顶替课程' }).count() === 1,
         'the substitution actions stay reachable');
  await page.screenshot({ path: `${shots}/majors-fill-added.png`, fullPage: true });
});

// The 当前勾选合计 N 学分 line follows the boxes as they are ticked (english.js); 赵敏's draft
// (the test above) has 080901 chosen, so the page links its plan.
await e2e.test('english-total-updates-live', async (open) => {
  const page = await open('english-total');
  await login(page, '010120100004');
  await page.goto(`${base}/substitute/english`);
  const total = page.locator('#english-total .credits');
  const boxes = page.locator('input[name="course"]');
  expect(await boxes.count() >= 2, 'candidate courses listed');
  let expected = 0;
  for (let i = 0; i < await boxes.count(); i++)
    if (await boxes.nth(i).isChecked()) expected += Number(await boxes.nth(i).getAttribute('data-credits'));
  expect(Number(await total.innerText()) === expected, `total ${await total.innerText()} is the ticked ${expected}`);
  for (const i of [0, 1]) {
    const box = boxes.nth(i);
    const credits = Number(await box.getAttribute('data-credits'));
    expected += (await box.isChecked()) ? -credits : credits;
    await box.click();
    expect(Number(await total.innerText()) === expected, `after a click, total ${await total.innerText()} = ${expected}`);
  }
  expect(await page.getByRole('link', { name: '点击查看本专业开考计划' }).count() === 1, 'the plan link');
  await page.screenshot({ path: `${shots}/english-live-total.png`, fullPage: true });
});

await e2e.finish();
