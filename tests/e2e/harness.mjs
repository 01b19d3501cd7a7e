// harness.mjs: what every browser test script shares: the site under test, Debian's
// headless Chromium with the flags this closed network needs, one fresh browser context
// per person (its own cookies), console errors counted as failures, a screenshot of every
// page of a failed test, and the "<suite>: N passed, M failed" line tests/run.sh adds up.
// Also the page checks of the accessibility tests (axe-core, sideways scrolling at 360 px,
// visible labels, errors announced at their field), staff login, and the stack's psql and
// zikao-ctl (ZIKAO_PSQL, ZIKAO_CTL: trusted, they come from tests/run.sh or the stack).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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

// Logs a member of staff in at /admin/login and waits for 工作台.
export async function staffLogin(page, username, password = 'Staff@2025') {
  await page.goto(`${base}/admin/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: '登录' }).click()]);
}

// Clicks `locator` and waits for the page at `path` (a string, or a RegExp of the path).
export async function clickTo(page, locator, path) {
  await Promise.all([page.waitForURL((u) => u.pathname === path || path.test?.(u.pathname)), locator.click()]);
}

// A valid, random 身份证号 of the county (GB 11643 check digit), born in the ten years
// from `fromYear`.
export function idNumber(county, fromYear = 1990) {
  const birth = new Date(Date.UTC(fromYear, 0, 1) + Math.floor(Math.random() * 3650) * 86400000);
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = county + ymd + String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// A PNG of tests/integration/images.py's KIND (portrait, colorful, grey, graduation, …),
// its noise seeded by `seed`: a new seed, a new picture.
export const picture = (kind, seed) =>
  execFileSync('python3', [new URL('../integration/images.py', import.meta.url).pathname, kind, seed]);

// ---- the stack's database and zikao-ctl ---------------------------------------------------

function command(variable) {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set (run under tests/run.sh or eval the stack's exports)`);
  return value.trim().split(/\s+/);
}
// Runs the command of ZIKAO_PSQL or ZIKAO_CTL with `args`; its output, trimmed.
export function runStack(variable, args) {
  const [cmd, ...rest] = command(variable);
  return execFileSync(cmd, [...rest, ...args], { encoding: 'utf8', cwd: '/' }).trim();
}
export const sql = (text) => runStack('ZIKAO_PSQL', ['-c', text]);

// ---- accessibility and layout -------------------------------------------------------------

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const A11Y_WIDTHS = [1280, 360];
// axe violations (nodes) by impact, over every page checked by this process.
export const axeCounts = { critical: 0, serious: 0, moderate: 0, minor: 0 };

// axe-core on the page as it is, at `width`: every serious or critical violation is pushed
// to `problems`. axe is evaluated through the DevTools protocol, which the site's CSP (no
// inline script) allows. At 360 px and less, a page wider than the screen is a problem too.
export async function axeAt(page, width, problems, where) {
  await page.setViewportSize({ width, height: width > 600 ? 900 : 740 });
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    axeCounts[v.impact] = (axeCounts[v.impact] || 0) + v.nodes.length;
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    for (const node of v.nodes) problems.push(`${v.impact} ${v.id} on ${where} at ${width} px: ${node.target.join(' ')}`);
  }
  if (width <= 360) {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (scroll > inner) problems.push(`${where} scrolls sideways at ${width} px (${scroll} px wide)`);
  }
}

// The visible form fields of the page that have no visible label with text: a label[for],
// a wrapping label, or aria-labelledby naming visible text (a placeholder is no label).
export function unlabelledFields(page) {
  return page.evaluate(() => {
    const shown = (el) => {
      const r = el.getBoundingClientRect(), s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0';
    };
    const named = (el) => el && shown(el) && el.innerText.trim() !== '';
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) || !shown(el)) continue;
      const byIds = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map((id) => document.getElementById(id));
      if (![...el.labels].some(named) && !byIds.some(named)) out.push(el.id || el.name || el.outerHTML.slice(0, 80));
    }
    return out;
  });
}

// Is the error of the field `selector` announced at the field? The field is aria-invalid and
// its aria-describedby names a visible element holding `message`, at most 80 px from it.
export async function errorAtField(page, selector, message) {
  const found = await page.locator(selector).evaluate((el, message) => {
    const box = el.getBoundingClientRect();
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const described = ids.map((id) => document.getElementById(id)).filter(Boolean);
    const error = described.find((e) => e.innerText.includes(message));
    if (el.getAttribute('aria-invalid') !== 'true') return `not aria-invalid (described by: ${ids.join(' ') || 'nothing'})`;
    if (!error) return `aria-describedby="${ids.join(' ')}" does not name the text "${message}"`;
    const r = error.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return 'the error text is not visible';
    const gap = Math.max(r.top - box.bottom, box.top - r.bottom, 0);
    return gap <= 80 ? '' : `the error is ${Math.round(gap)} px from the field`;
  }, message);
  return found ? `${selector} on ${new URL(page.url()).pathname}: ${found}` : '';
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
