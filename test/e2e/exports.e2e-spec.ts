import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { launchBrowser, signIn } from './browser.js';

let app: TestApp;
let browser: Browser;
let page: Page | undefined;
beforeAll(async () => {
  app = await startTestApp({ demo: true, web: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await page?.screenshot({ path: 'test/e2e/.out/exports.png', fullPage: true }).catch(() => undefined);
  await browser?.close();
  await app?.close();
});

describe('the export page', () => {
  it('demo-auditor exports the city’s ledger as CSV: a file with a BOM and one row per problem, then listed as a recent export', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
    await signIn(page, app.url, 'demo-auditor');
    await page.getByTestId('menu-exports').click();
    await page.getByTestId('exports-page').waitFor();
    // The city (the auditor's unit) and the active campaign are chosen already.
    await page.locator('[data-testid="exports-campaign-select"]', { hasText: '树立和践行正确政绩观学习教育' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('exports-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^整改台账-中共昭通市委员会-\d{8}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.subarray(3).toString('utf8')) as string[][];
    expect(header.slice(0, 5)).toEqual(['序号', '问题编号', '单位编码', '单位', '问题']);
    const [{ problems }] = await app.sql(
      `SELECT count(*)::int AS problems FROM problem p JOIN organization o ON o.id = p.organization_id
       WHERE o.path <@ (SELECT path FROM organization WHERE code = '5306') AND p.campaign_id = (SELECT id FROM campaign ORDER BY id LIMIT 1)`,
    );
    expect(problems).toBeGreaterThan(100);
    expect(rows).toHaveLength(problems);
    expect(new Set(rows.map((row) => row[1])).size).toBe(problems);

    const recent = page.getByTestId('exports-recent');
    await recent.locator('.el-table__row', { hasText: 'CSV' }).first().waitFor();
    expect(await recent.locator('.el-table__row').first().textContent()).toContain('中共昭通市委员会');
  });
});
