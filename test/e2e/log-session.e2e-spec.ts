import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { launchBrowser, signIn } from './browser.js';

let app: TestApp;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  app = await startTestApp({ demo: true, web: true });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'zh-CN' });
});
afterAll(async () => {
  await page?.screenshot({ path: 'test/e2e/.out/log-session.png', fullPage: true }).catch(() => undefined);
  await browser?.close();
  await app?.close();
});

const readingClass = () => page.getByTestId('requirement-progress').filter({ hasText: '读书班' });
/** Element Plus puts a test id on the input itself or on its wrapper, depending on the component. */
const input = (testid: string) => page.locator(`input[data-testid="${testid}"], [data-testid="${testid}"] input`).first();

describe('the secretary’s home', () => {
  it('logs a 读书班 and sees the requirement progress change', async () => {
    await signIn(page, app.url, 'demo-secretary');
    await page.getByTestId('my-unit').waitFor();
    await expect(readingClass().textContent()).resolves.toMatch(/1\s*\/\s*2/);
    await expect(page.getByTestId('unit-complete').textContent()).resolves.toContain('未完成');

    await page.getByTestId('log-session-form').getByTestId('session-type').click();
    await page.keyboard.type('读书班');
    await page.keyboard.press('Enter');
    await input('session-topic').fill('学习《习近平关于树立和践行正确政绩观论述摘编》');
    await input('session-hours').fill('3');
    await input('session-expected').fill('20');
    await input('session-actual').fill('18');
    await page.getByTestId('session-submit').click();

    await readingClass()
      .filter({ hasText: /2\s*\/\s*2/ })
      .waitFor();
    await expect(page.getByTestId('unit-complete').textContent()).resolves.toContain('已完成');
    const [row] = await app.sql(
      `SELECT count(*)::int AS n FROM study_session s JOIN organization o ON o.id = s.organization_id WHERE o.code = '530602004001' AND s.type = 'READING_CLASS'`,
    );
    expect(row.n).toBe(2);
  });
});
