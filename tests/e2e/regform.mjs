// regform.mjs: 张三 fills in his 《毕业生登记表》 in a real browser (issue 15), as the seed's
// steps 9–10 show it: 毕业申请信息详情 → 毕业生登记表 → 毕业登记信息填写 (what he gave at
// registration already filled in) → 下一步 → 毕业申请个人简历填写: study and work rows, family,
// 自我鉴定 with its live 汉字 count (399 are refused with the message at the field, the text
// kept) → 保存并导出PDF → 下载 the PDF. The PDF's first page is rendered with pdftoppm to
// $ZIKAO_VAR/screenshots/regform-pdf-page1.png for people to look at; pdffonts must list only
// embedded fonts. At 1280 px and at 360 px (no horizontal scrolling).
// Runs after pay.mjs, which leaves 张三 已支付; review.mjs takes him on from 登记表已填.
import { base, examineeLogin as login, expect, shots, suite } from './harness.mjs';
import { execFileSync } from 'node:child_process';

const e2e = await suite('e2e-regform');
const mainText = (page) => page.locator('main').innerText();

async function atBothWidths(page, name) {
  await page.screenshot({ path: `${shots}/regform-${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `${name}: wider than the screen by ${overflow}px at 360 px`);
  await page.screenshot({ path: `${shots}/regform-${name}-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const SENTENCE = '在自学考试期间我始终坚持理论联系实际';
const paragraph = `${SENTENCE}，认真学习每一门课程，按时完成作业与实践环节。工作中我踏实肯干，努力把所学知识用于实际工作，得到了单位领导和同事的认可。`;

await e2e.test('zhang-san-fills-in-and-exports-his-registration-form', async (open) => {
  const page = await open('zhangsan-regform');
  await login(page, '010120100001');
  await page.goto(`${base}/apply/status`);
  expect((await mainText(page)).includes('已支付，请填报毕业生登记表'), '张三 has paid');
  await Promise.all([page.waitForURL(`${base}/regform`),
    page.getByRole('table').first().getByRole('link', { name: '毕业生登记表' }).click()]);
  const first = await mainText(page);
  expect(first.includes('毕业登记信息填写') && first.includes('提示：毕业信息登记为自考毕业生采集档案相关资料的重要环节'),
         'the first step with its hint');
  expect(first.includes('张三') && first.includes('1401**********0012') && first.includes('010120100001'), 'his own data, masked');
  expect((await page.getByLabel('民族').inputValue()) !== '', '民族 from his registration');
  await page.getByLabel('民族').selectOption('汉族');
  await page.getByLabel('政治面貌').selectOption('共青团员');
  await page.getByLabel('职业').fill('企业职工');
  await page.getByLabel('手机号').fill('13800138000');
  await page.getByLabel('已取得学历').fill('高中');
  await page.getByLabel('健康状况').fill('健康');
  await page.getByLabel('参加工作时间').fill('2012/7/1');
  await page.getByLabel('否', { exact: true }).check();
  await page.getByLabel('籍贯').fill('山西省太原市');
  await page.getByLabel('工作单位').fill('太原市某某科技有限公司');
  await page.getByLabel('详细住址').fill('山西省太原市小店区长风街1号');
  await atBothWidths(page, 'personal');
  await Promise.all([page.waitForURL(`${base}/regform/resume`), page.getByRole('button', { name: '下一步' }).click()]);

  const resume = await mainText(page);
  expect(resume.includes('毕业申请个人简历填写') && resume.includes('提示：学习或工作经历至少填写一栏'), 'the resume page');
  expect(await page.locator('input[name=resume_from]').count() === 7, 'seven rows, as the seed shows');
  const rows = [['2005年09月01日', '2008年07月01日', '太原市第五中学 学习'],
                ['2008年09月01日', '2012年07月01日', '山西某某职业技术学院 学习'],
                ['2012年07月01日', '至今', '太原市某某科技有限公司 职员']];
  for (const [i, [from, to, place]] of rows.entries()) {
    await page.locator('#from-' + (i + 1)).fill(from);
    await page.locator('#to-' + (i + 1)).fill(to);
    await page.locator('#place-' + (i + 1)).fill(place);
  }
  await page.locator('#member-name-1').fill('张大山');
  await page.locator('#member-relation-1').fill('父亲');
  await page.locator('#member-employer-1').fill('太原钢铁（集团）有限公司');
  await page.locator('#member-position-1').fill('工人');
  // 399 汉字: the live count says so, and the server refuses it at the field, keeping the text.
  const short = '我'.repeat(399);
  page.expectedConsoleErrors.push(/status of 422/);
  await page.getByLabel('自我鉴定内容').fill(short);
  expect((await page.locator('#self-evaluation-count .han-count').innerText()) === '399', 'live count 399');
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: '保存并导出PDF' }).click()]);
  expect((await page.locator('#err-self_evaluation').innerText()).includes('自我鉴定不得少于400字（现有399字'),
         'the message at the field');
  expect((await page.getByLabel('自我鉴定内容').inputValue()) === short, 'the text kept');
  expect((await page.locator('#place-1').inputValue()) === '太原市第五中学 学习', 'the rows kept');
  await atBothWidths(page, 'resume-error');
  const text = [paragraph.repeat(4), paragraph.repeat(2), '今后我将继续努力学习，不断提高自己的综合素质。'].join('\n');
  await page.getByLabel('自我鉴定内容').fill(text);
  expect(Number(await page.locator('#self-evaluation-count .han-count').innerText()) >= 400, 'live count ≥ 400');
  await atBothWidths(page, 'resume');
  await Promise.all([page.waitForURL(`${base}/regform/saved`), page.getByRole('button', { name: '保存并导出PDF' }).click()]);
  expect((await mainText(page)).includes('登记表信息已保存'), 'saved');
  await atBothWidths(page, 'saved');

  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: '下载《毕业生登记表》PDF' }).click()]);
  const pdf = `${shots}/regform-zhangsan.pdf`;
  await download.saveAs(pdf);
  expect(download.suggestedFilename().includes('毕业生登记表') || download.suggestedFilename().includes('graduate-registration'),
         `file name ${download.suggestedFilename()}`);
  const fonts = execFileSync('pdffonts', [pdf]).toString().split('\n').slice(2).filter((l) => l.trim());
  expect(fonts.length > 0, 'the PDF has fonts');
  for (const line of fonts) {
    const cols = line.trim().split(/\s+/);
    expect(cols[cols.length - 5] === 'yes' && cols[cols.length - 4] === 'yes', `embedded and subsetted: ${line}`);
  }
  const printed = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, '');
  for (const part of ['山西省高等教育自学考试毕业生登记表', '张三', '140105199003070012', SENTENCE, '张大山'])
    expect(printed.includes(part), `the PDF shows ${part}`);
  execFileSync('pdftoppm', ['-r', '110', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, `${shots}/regform-pdf-page1`]);

  await page.goto(`${base}/apply/status`);
  expect((await mainText(page)).includes('毕业生登记表已填报'), 'status: 登记表已填');
});

await e2e.finish();
