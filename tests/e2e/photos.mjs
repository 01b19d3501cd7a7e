// photos.mjs: ordinary 证件照 at registration, in a real browser (issue 17, item 1). A new
// examinee registers at /register/new with a white-background head-and-shoulders portrait
// whose broad shoulders reach both side edges level with the chin (tests/integration/
// images.py id-white-wide: before the background check judged only the band above and
// beside the head, it was refused while the same picture on blue passed). It is accepted,
// and after logging in the stored portrait is shown on /verify/identity. A portrait on a
// striped background is refused, the reason named next to the field.
// Screenshots: photo-white-form.png, photo-white-result.png, photo-white-accepted.png,
// photo-striped-refused.png under $ZIKAO_VAR/screenshots.
// Prints one line per test and last "e2e-photos: N passed, M failed".
import { base, expect, shots, suite } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const imagesPy = fileURLToPath(new URL('../integration/images.py', import.meta.url));
const run = `${Date.now().toString(36)}-${process.pid}`;
const e2e = await suite('e2e-photos');

// A PNG of images.py's KIND, never uploaded before (the seed names this run), handed to
// the file field as it is, without a file on disk.
let made = 0;
const picture = (kind) => ({
  name: `${kind}.png`, mimeType: 'image/png',
  buffer: execFileSync('python3', [imagesPy, kind, `e2e-photos-${run}-${++made}`]),
});

// A new 身份证号 of 杏花岭区 (no demo clerk), born in the 1990s, with its GB 11643 check digit.
const pad = (n, width) => String(n).padStart(width, '0');
const random = (n) => Math.floor(Math.random() * n);
function newIdNumber() {
  const first17 = `140107${1990 + random(10)}${pad(1 + random(12), 2)}${pad(1 + random(28), 2)}${pad(random(1000), 3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, digit, i) => s + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// Fills /register/new for a new person with `portrait` as the 证件照 and two colourful
// photos; returns { id, name, password }.
async function fillRegistration(page, portrait) {
  const id = newIdNumber();
  const name = '照片' + [...id.slice(8, 17)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');
  const password = `Photo#${Math.random().toString(36).slice(2, 10)}`;
  await page.goto(`${base}/register/new`);
  const typed = { name, id_number: id, phone: `139${pad(random(1e8), 8)}`, password, confirm_password: password };
  for (const [field, value] of Object.entries(typed)) await page.locator(`#${field}`).fill(value);
  const chosen = { ethnicity: '汉族', hukou: '城镇', education: '大学专科', occupation: '企业职工',
                   political_status: '群众', county_code: '140107' };
  for (const [field, value] of Object.entries(chosen)) await page.locator(`#${field}`).selectOption(value);
  await page.locator('#photo_portrait').setInputFiles(portrait);
  await page.locator('#photo_id_front').setInputFiles(picture('colorful'));
  await page.locator('#photo_id_in_hand').setInputFiles(picture('colorful'));
  return { id, name, password };
}

await e2e.test('white-background-broad-shoulders-portrait-is-accepted', async (open) => {
  const page = await open('examinee');
  const who = await fillRegistration(page, picture('id-white-wide'));
  await page.screenshot({ path: `${shots}/photo-white-form.png`, fullPage: true });
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  const result = await page.locator('main').innerText();
  expect(result.includes('身份验证结果') && result.includes('身份验证通过'),
         `the portrait is accepted and verified, got: ${result.slice(0, 300)}`);
  expect(!result.includes('背景'), 'no background complaint');
  await page.screenshot({ path: `${shots}/photo-white-result.png`, fullPage: true });

  // Logged in, /verify/identity shows the three stored photos, the 证件照 among them.
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(who.id);
  await page.getByLabel('密码').fill(who.password);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '登录' }).click()]);
  await page.goto(`${base}/verify/identity`);
  expect((await page.locator('main').innerText()).includes('身份认证已通过'), 'identity verified');
  const portrait = page.locator('main img[alt="免冠彩色证件照"]');
  expect(await portrait.count() === 1, 'the stored 证件照 is shown');
  const size = await portrait.evaluate(async (img) => {
    if (!img.complete) await new Promise((resolve) => { img.onload = img.onerror = resolve; });
    return [img.naturalWidth, img.naturalHeight];
  });
  expect(size[0] === 358 && size[1] === 441, `the stored 证件照 is the 358×441 upload, got ${size}`);
  await page.screenshot({ path: `${shots}/photo-white-accepted.png`, fullPage: true });
});

await e2e.test('striped-background-is-refused-with-the-reason', async (open) => {
  const page = await open('examinee');
  page.expectedConsoleErrors.push(/status of 400/);
  await fillRegistration(page, picture('id-striped'));
  await page.getByRole('button', { name: '提交注册' }).click();
  await page.waitForLoadState('load');
  const error = await page.locator('.field', { has: page.locator('#photo_portrait') }).locator('.field-error').innerText();
  expect(error.includes('证件照背景应为蓝色、白色或浅灰色的纯色背景') && error.includes('不是纯色'),
         `the reason next to the 证件照 field, got: ${error}`);
  await page.locator('#photo_portrait').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/photo-striped-refused.png`, fullPage: true });
});

await e2e.finish();
