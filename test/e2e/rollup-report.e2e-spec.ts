import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { DEMO_PASSWORD, launchBrowser, signIn } from './browser.js';

let app: TestApp;
let browser: Browser;
let page: Page | undefined;
beforeAll(async () => {
  app = await startTestApp({ demo: true, web: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await page?.screenshot({ path: 'test/e2e/.out/rollup-report.png', fullPage: true }).catch(() => undefined);
  await browser?.close();
  await app?.close();
});

const CITY = '中共昭通市委员会';
const count = (text: string | null) => Number((text ?? '').replace(/,/g, '').trim());

/** Every demo write folded into the figures: the page and the queries below then read the same numbers. */
async function settled(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await app.sql('SELECT 1 FROM rollup_queue LIMIT 1')).length) {
    if (Date.now() > deadline) throw new Error('the demo data was not folded into the rollups within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The sheets of a downloaded XLSX as rows of values (the header is row 3, under the title and subtitle). */
async function workbookOf(download: Download): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const sheets: Record<string, unknown[][]> = {};
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    sheets[sheet.name] = rows;
  });
  return sheets;
}

/** The page's table rows: the unit cell and the participating and problem counts. */
async function shownRows(page: Page): Promise<{ id: string; level: number; unit: string; participating: number; problems: number }[]> {
  return page.getByTestId('report-row').evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-id')!,
      level: Number(row.getAttribute('data-level')),
      unit: row.querySelector('[data-testid="report-row-unit"]')!.textContent!.trim(),
      participating: Number(row.querySelector('[data-testid="report-cell-participating"]')!.textContent!.replace(/,/g, '')),
      problems: Number(row.querySelector('[data-testid="report-cell-problems"]')!.textContent!.replace(/,/g, '')),
    })),
  );
}

describe('the rollup report', () => {
  it('demo-leader opens it from the dashboard, sees the rows and the totals per level, prints it and downloads the Excel file', async () => {
    await settled();
    const { data: login } = await app.gql<any>('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
      u: 'demo-leader',
      p: DEMO_PASSWORD,
    });
    const token = login.login.token;
    const { data } = await app.gql<any>(
      `{ campaigns(first: 5) { edges { node { id status } } } me { grants { organization { id } } } }`,
      {},
      token,
    );
    const campaignId = data.campaigns.edges.find((edge: any) => edge.node.status === 'ACTIVE').node.id;
    const cityId = data.me.grants[0].organization.id;
    const { data: rollup } = await app.gql<any>(
      `query ($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) {
         figures { participating problems } children(first: 2000) { organization { id name } figures { participating problems } } } }`,
      { c: campaignId, o: cityId },
      token,
    );
    const city = rollup.rollup;

    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1440, height: 1200 } });
    page = await context.newPage();
    await signIn(page, app.url, 'demo-leader');
    await page.getByTestId('menu-dashboard').click();
    await page.locator(`[data-testid="dashboard-heading"][data-id="${cityId}"]`).waitFor();

    // ---- From the dashboard's breadcrumb bar to the report of the same unit and campaign ----------------
    await page.getByTestId('dashboard-print-report').click();
    await page.locator('[data-testid="report-page"][data-loading="false"] [data-testid="report-row"]').first().waitFor();
    const url = new URL(page.url());
    expect([url.pathname, url.searchParams.get('campaignId'), url.searchParams.get('organizationId')]).toEqual([
      '/dashboard/report',
      campaignId,
      cityId,
    ]);
    await expect(page.getByTestId('report-title').textContent()).resolves.toBe('树立和践行正确政绩观学习教育 · 分级汇总表');

    // Level 1 by default: the city, then its children, each with the figures the dashboard shows.
    const rows = await shownRows(page);
    expect(rows[0]).toEqual({
      id: cityId,
      level: 0,
      unit: CITY,
      participating: city.figures.participating,
      problems: city.figures.problems,
    });
    expect(rows.slice(1).map((row) => row.level)).toEqual(city.children.map(() => 1));
    expect(new Set(rows.slice(1).map((row) => row.id))).toEqual(new Set(city.children.map((child: any) => child.organization.id)));
    for (const child of city.children) {
      const row = rows.find((r) => r.id === child.organization.id)!;
      expect([row.unit, row.participating, row.problems]).toEqual([
        child.organization.name,
        child.figures.participating,
        child.figures.problems,
      ]);
    }

    // The totals per level: the city itself, its children with everything below, and 合计 = the city's figures.
    const levels = page.getByTestId('report-levels');
    await expect(levels.getByTestId('report-level').count()).resolves.toBe(2);
    await expect(levels.getByTestId('report-level').nth(1).locator('td').first().textContent()).resolves.toContain('下1级（含以下各级）');
    const total = page.getByTestId('report-total');
    expect(count(await total.getByTestId('report-cell-participating').textContent())).toBe(city.figures.participating);
    expect(count(await total.getByTestId('report-cell-problems').textContent())).toBe(city.figures.problems);
    expect(count(await total.getByTestId('report-level-units').textContent())).toBe(rows.length);

    // ---- Two levels: more rows, the choice kept in the URL ---------------------------------------------------
    await page.getByTestId('report-depth-2').click();
    await page.waitForURL(/depth=2/);
    await page.locator('[data-testid="report-row"][data-level="2"]').first().waitFor();
    const deeper = await shownRows(page);
    expect(deeper.length).toBeGreaterThan(rows.length);
    expect(deeper.filter((row) => row.level <= 1).map((row) => row.id)).toEqual(rows.map((row) => row.id));
    // Tree order: each unit right under its parent's other units, never before its parent.
    for (const [index, row] of deeper.entries()) if (row.level > 0) expect(deeper[index - 1].level).toBeGreaterThanOrEqual(row.level - 1);
    await expect(page.getByTestId('report-levels').getByTestId('report-level').count()).resolves.toBe(3);

    // ---- Print: the browser's dialog, and on paper only the report (no menu, no buttons) ---------------------
    // The test tsconfig has no DOM types: the page's window is its globalThis.
    type Printable = { print: () => void; printed: number };
    await page.evaluate(() => {
      const window = globalThis as unknown as Printable;
      window.printed = 0;
      window.print = () => void window.printed++;
    });
    await page.getByTestId('report-print').click();
    await expect(page.evaluate(() => (globalThis as unknown as Printable).printed)).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('app-menu').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('report-print').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('report-rows').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // ---- Excel: the levels shown, every unit in them, the same rows and 合计 -----------------------------------
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-excel').click()]);
    expect(download.suggestedFilename()).toMatch(/^分级汇总表-中共昭通市委员会-\d{8}\.xlsx$/);
    const sheets = await workbookOf(download);
    expect(Object.keys(sheets)).toEqual(['各单位', '分层合计']);
    const header = sheets['各单位'][2] as string[];
    const units = sheets['各单位'].slice(3);
    expect(units.map((row) => row[header.indexOf('单位编码')])).toHaveLength(deeper.length);
    expect(units.map((row) => row[header.indexOf('单位')])).toEqual(deeper.map((row) => row.unit));
    const totalRow = sheets['分层合计'].at(-1)!;
    const levelHeader = sheets['分层合计'][2] as string[];
    expect([totalRow[0], totalRow[levelHeader.indexOf('参加单位')], totalRow[levelHeader.indexOf('查摆问题')]]).toEqual([
      '合计',
      city.figures.participating,
      city.figures.problems,
    ]);

    // ---- Back on the dashboard, 导出报表 takes the whole subtree ------------------------------------------------
    await page.getByTestId('report-back').click();
    await page.locator(`[data-testid="dashboard-heading"][data-id="${cityId}"]`).waitFor();
    const [whole] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-export-report').click()]);
    const all = await workbookOf(whole);
    const [{ n }] = await app.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM rollup_subtree r JOIN organization o ON o.id = r.organization_id
       WHERE r.campaign_id = $1 AND o.path <@ (SELECT path FROM organization WHERE id = $2)`,
      [campaignId, cityId],
    );
    expect(all['各单位'].slice(3)).toHaveLength(n);
    expect(n).toBeGreaterThan(1000);
  });
});
