import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { launchBrowser, signIn } from './browser.js';

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  app = await startTestApp({ demo: true, web: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) {
    const [page] = context.pages();
    await page?.screenshot({ path: `test/e2e/.out/problems-${contexts.indexOf(context)}.png`, fullPage: true }).catch(() => undefined);
  }
  await browser?.close();
  await app?.close();
});

/** Each person in a browser of their own: no session leaks from one to the other. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  contexts.push(context);
  return context.newPage();
}

/** Element Plus puts a test id on the input (or textarea) itself or on its wrapper, depending on the component. */
const field = (within: Page | Locator, testid: string) =>
  within
    .locator(
      `input[data-testid="${testid}"], textarea[data-testid="${testid}"], [data-testid="${testid}"] input, [data-testid="${testid}"] textarea`,
    )
    .first();

/** Opens an Element Plus select and picks the option with this label. */
async function choose(page: Page, testid: string, label: string) {
  await page.getByTestId(testid).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}

/** Types a date into a picker and lets it parse the text. */
async function typeDate(within: Page | Locator, testid: string, day: string) {
  const input = field(within, testid);
  await input.fill(day);
  await input.press('Enter');
}

/** YYYY-MM-DD `days` after today in Beijing, where the server counts its days. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

// A valid 1×1 PNG: the server checks evidence by its content, not its name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const DESCRIPTION = `村务公开栏更新不及时，群众反映看不到最新的惠民资金公示（浏览器测试 ${Date.now()}）`;

describe('the rectification workflow in the browser', () => {
  it('a secretary reports and submits with a photo; a city leader verifies; the ledger shows every step', async () => {
    // ---- The branch secretary lists the problem with one measure ----------------------------------
    const secretary = await newPage();
    await signIn(secretary, app.url, 'demo-secretary');
    await secretary.getByTestId('menu-problems').click();
    await secretary.getByTestId('problems-page').waitFor();
    await secretary.getByTestId('problem-report-btn').click();

    const dialog = secretary.getByTestId('problem-form-dialog');
    await dialog.waitFor();
    await choose(secretary, 'problem-category', '作风');
    await choose(secretary, 'problem-source', '自查');
    await field(secretary, 'problem-leader').fill('王建国');
    await field(secretary, 'problem-description').fill(DESCRIPTION);
    await typeDate(secretary, 'problem-deadline', dayFromToday(30));
    const measure = secretary.getByTestId('problem-measure').first();
    await field(measure, 'measure-content').fill('每月 5 日前更新村务公开栏，惠民资金逐项公示');
    await field(measure, 'measure-owner').fill('李文明');
    await typeDate(measure, 'measure-deadline', dayFromToday(20));
    await field(measure, 'measure-deliverable').fill('村务公开栏照片和公示清单');
    await secretary.getByTestId('problem-form-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    // ---- It shows in the checklist; the secretary opens it and submits the rectification ----------
    const link = secretary.getByTestId('problem-link').filter({ hasText: DESCRIPTION });
    await link.waitFor();
    await link.click();
    await secretary.getByTestId('problem-detail').waitFor();
    await expect(secretary.getByTestId('problem-status').textContent()).resolves.toContain('待整改');
    await expect(secretary.getByTestId('ledger-integrity').textContent()).resolves.toContain('台账完整');

    await secretary.getByTestId('problem-action-SUBMITTED').click();
    const step = secretary.getByTestId('step-dialog');
    await step.waitFor();
    await field(secretary, 'step-note').fill('公开栏已更新，10 月惠民资金 12 项全部公示，并建立每月更新台账');
    await secretary.getByTestId('step-evidence-input').setInputFiles({ name: '整改现场.png', mimeType: 'image/png', buffer: PNG });
    await secretary.locator('[data-testid="step-evidence-item"][data-status="done"]').waitFor();
    await secretary.getByTestId('step-submit').click();
    await step.waitFor({ state: 'hidden' });
    await secretary.locator('[data-testid="problem-status"][data-status="RECTIFIED"]').waitFor();
    // The unit has nothing more to do until a unit above decides.
    await expect(secretary.getByTestId('problem-action-SUBMITTED').count()).resolves.toBe(0);

    // ---- A city leader finds it in 待验收 and verifies it ------------------------------------------
    const leader = await newPage();
    await signIn(leader, app.url, 'demo-leader');
    await leader.getByTestId('menu-verification').click();
    const row = leader.locator('[data-testid="verification-table"] .el-table__row', { hasText: DESCRIPTION });
    await row.waitFor();
    await row.getByTestId('verification-open').click();
    await leader.getByTestId('problem-detail').waitFor();
    await leader.getByTestId('problem-action-VERIFIED').click();
    await leader.getByTestId('step-dialog').waitFor();
    await field(leader, 'step-note').fill('经实地查看，公开栏内容完整，同意销号');
    await leader.getByTestId('step-submit').click();
    await leader.locator('[data-testid="problem-status"][data-status="VERIFIED"]').waitFor();
    await expect(leader.getByTestId('problem-status').textContent()).resolves.toContain('已销号');

    // ---- The timeline shows every step, the photo with the submission, and the chain holds ---------
    const records = leader.getByTestId('timeline-record');
    const actions = [];
    for (let index = 0; index < (await records.count()); index++) actions.push(await records.nth(index).getAttribute('data-action'));
    expect(actions).toEqual(['REPORTED', 'SUBMITTED', 'VERIFIED']);
    const labels = await records.getByTestId('timeline-action').allTextContents();
    expect(labels.map((label) => label.trim())).toEqual(['上报', '提交整改', '验收销号']);
    const submitted = leader.locator('[data-testid="timeline-record"][data-action="SUBMITTED"]');
    await expect(submitted.getByTestId('evidence-file').textContent()).resolves.toContain('整改现场.png');
    // The thumbnail is fetched with the leader's token and shown from a blob URL.
    await expect(submitted.getByTestId('evidence-thumb').locator('img').getAttribute('src')).resolves.toMatch(/^blob:/);
    await expect(leader.getByTestId('ledger-integrity').textContent()).resolves.toContain('台账完整');

    const [ledger] = await app.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM rectification_record r JOIN problem p ON p.id = r.problem_id WHERE p.description = $1`,
      [DESCRIPTION],
    );
    expect(ledger.n).toBe(3);
  });
});
