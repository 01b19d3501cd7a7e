// harness.mjs: what every browser test script shares: the site under test, Debian's
// headless Chromium with the flags this closed network needs, one fresh browser context
// per person (its own cookies), console errors counted as failures, a screenshot of every
// page of a failed test, and the "<suite>: N passed, M failed" line tests/run.sh adds up.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const base = process.env.ZIKAO_BASE_URL;
export const shots = `${process.env.ZIKAO_VAR}/screenshots`;
mkdirSync(shots, { recursive: true });

export function expect(cond, message) { if (!cond) throw new Error(message); }

// Logs a demo examinee in (password Zikao@2025) and waits for 个人中心.
export async function examineeLogin(page, loginName) {
  await page.goto(`${base}/login`);
  await page.getByLabel('身份证号或准考证号').fill(loginName);
  await page.getByLabel('密码').fill('Zikao@2025');
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '登录' }).click()]);
}

export async function suite(name) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  let passed = 0, failed = 0;
  return {
    // fn(open): open(label, viewport) gives a page in a fresh browser context, so an
    // examinee and a clerk are different people on different computers.
    async test(testName, fn) {
      const contexts = [];
      const errors = [];
      const open = async (label, viewport = { width: 1280, height: 900 }) => {
        const context = await browser.newContext({ viewport, locale: 'zh-CN' });
        contexts.push(context);
        const page = await context.newPage();
        // A test that provokes an error status on purpose (a refused form answers 422, which
        // Chromium reports on the console) lists it in page.expectedConsoleErrors.
        page.expectedConsoleErrors = [];
        page.on('console', (m) => {
          if (m.type() === 'error' && !page.expectedConsoleErrors.some((re) => re.test(m.text())))
            errors.push(`${label}: ${m.text()}`);
        });
        page.label = label;
        return page;
      };
      try {
        await fn(open);
        if (errors.length) throw new Error(`browser console errors: ${errors.join(' | ')}`);
        passed++;
        console.log(`ok    ${testName}`);
      } catch (e) {
        failed++;
        console.log(`FAIL  ${testName}: ${e.message}`);
        for (const context of contexts)
          for (const [i, page] of context.pages().entries())
            await page.screenshot({ path: `${shots}/FAILED-${testName}-${page.label || i}.png`, fullPage: true })
              .catch(() => {});
      }
      for (const context of contexts) await context.close();
    },
    async finish() {
      await browser.close();
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}
