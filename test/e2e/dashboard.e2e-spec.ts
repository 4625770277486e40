import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Clock } from '../../server/src/common/clock.js';
import { EscalationService } from '../../server/src/rollups/escalation.service.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { DEMO_PASSWORD, launchBrowser, signIn } from './browser.js';

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  app = await startTestApp({ demo: true, web: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const [index, context] of contexts.entries()) {
    const [page] = context.pages();
    await page?.screenshot({ path: `test/e2e/.out/dashboard-${index}.png`, fullPage: true }).catch(() => undefined);
  }
  await browser?.close();
  await app?.close();
});

const CITY = '中共昭通市委员会';
const COUNTY = '中共昭通市昭阳区委员会';

async function newPage(): Promise<Page> {
  // Tall enough that the charts, the table and the units-behind list are all laid out on screen.
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 2000 } });
  contexts.push(context);
  return context.newPage();
}

async function tokenOf(username: string): Promise<string> {
  const { data } = await app.gql<{ login: { token: string } }>(
    'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: username, p: DEMO_PASSWORD },
  );
  return data!.login.token;
}

/**
 * The day's 督办 as the daily job sends it, once every demo write is folded into the figures (the
 * folding job empties the queue in the transaction that updates them). The demo's own first-start
 * run does not happen here: the test template already rolled over to today, before the demo loaded.
 * From then on the figures do not move under the test. Returns the user's unread notifications.
 */
async function escalate(username: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while ((await app.sql('SELECT 1 FROM rollup_queue LIMIT 1')).length) {
    if (Date.now() > deadline) throw new Error('the demo data was not folded into the rollups within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await app.nest.get(EscalationService).notify(app.nest.get(Clock).today());
  const [{ n }] = await app.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.username = $1 AND n.read_at IS NULL`,
    [username],
  );
  return n;
}

/** The page shows this unit: heading and breadcrumb end both name it. */
async function showsUnit(page: Page, id: string, name: string): Promise<void> {
  await page.locator(`[data-testid="dashboard-heading"][data-id="${id}"]`).waitFor();
  await page.locator(`[data-testid="dashboard-children"][data-loading="false"]`).waitFor();
  await expect(page.getByTestId('dashboard-heading').textContent()).resolves.toContain(name);
  await expect(page.getByTestId('breadcrumb-item').last().textContent()).resolves.toContain(name);
  expect(new URL(page.url()).searchParams.get('organizationId')).toBe(id);
}

async function breadcrumb(page: Page): Promise<{ names: string[]; links: string[] }> {
  const crumbs = page.getByTestId('dashboard-breadcrumb');
  // The inner part: the item itself also holds the separator.
  const names = (await crumbs.locator('[data-testid="breadcrumb-item"] .el-breadcrumb__inner').allTextContents()).map((text) =>
    text.trim(),
  );
  const links = (await crumbs.getByTestId('breadcrumb-link').allTextContents()).map((text) => text.trim());
  return { names, links };
}

/** Each chart draws on a canvas of real size. */
async function chartDrawn(page: Page, testid: string): Promise<void> {
  const canvas = page.locator(`[data-testid="${testid}"] canvas`).first();
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  expect(box?.width).toBeGreaterThan(100);
  expect(box?.height).toBeGreaterThan(100);
}

const percent = (text: string | null) => Number((text ?? '').replace('%', '').trim());
const count = (text: string | null) => Number((text ?? '').replace(/,/g, '').trim());

describe('the leaders’ dashboard', () => {
  it('a city leader reads the figures and charts, ranks the counties, drills down two levels and back, and follows a 督办提醒', async () => {
    const unread = await escalate('demo-leader');
    expect(unread).toBeGreaterThan(0);
    const token = await tokenOf('demo-leader');
    const { data } = await app.gql<any>(
      `{ campaigns(first: 5) { edges { node { id status } } }
         me { grants { organization { id } } } }`,
      {},
      token,
    );
    const campaignId = data.campaigns.edges.find((edge: any) => edge.node.status === 'ACTIVE').node.id;
    const cityId = data.me.grants[0].organization.id;
    const { data: city } = await app.gql<any>(
      `query ($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) {
         figures { participating overdue }
         children(orderBy: COMPLETION_RATE, descending: true) { organization { id name } figures { completionRate } } } }`,
      { c: campaignId, o: cityId },
      token,
    );

    const page = await newPage();
    await signIn(page, app.url, 'demo-leader');
    await page.getByTestId('menu-dashboard').click();

    // ---- The city: its figures, the three charts, the breadcrumb that starts (and ends) at the grant unit ----
    await showsUnit(page, cityId, CITY);
    expect(new URL(page.url()).searchParams.get('campaignId')).toBe(campaignId);
    expect(await breadcrumb(page)).toEqual({ names: [CITY], links: [] });
    const figures = page.getByTestId('dashboard-figures');
    expect(count(await figures.getByTestId('figure-participating').getByTestId('figure-value').textContent())).toBe(
      city.rollup.figures.participating,
    );
    const overdue = figures.getByTestId('figure-overdue');
    expect(count(await overdue.getByTestId('figure-value').textContent())).toBe(city.rollup.figures.overdue);
    expect(city.rollup.figures.overdue).toBeGreaterThan(0);
    await expect(overdue.getAttribute('class')).resolves.toContain('is-danger');
    for (const key of [
      'launched',
      'completionRate',
      'sessions',
      'attendanceRate',
      'problems',
      'institutionalFixes',
      'commitments',
      'feedback',
      'behind',
    ]) {
      await figures.getByTestId(`figure-${key}`).waitFor();
    }
    for (const chart of ['chart-completion', 'chart-status', 'chart-trend']) await chartDrawn(page, chart);
    await expect(page.getByTestId('chart-trend').getByTestId('chart-note').textContent()).resolves.toContain('柱：每周新增');
    await page.getByTestId('units-behind').getByTestId('units-behind-unit').first().waitFor();

    // ---- 完成率, largest first: the server ranks, the rows follow its figures ---------------------------
    const table = page.getByTestId('dashboard-children');
    await table.locator('th', { hasText: '完成率' }).locator('.sort-caret.descending').click();
    await page.locator('[data-testid="dashboard-children"][data-sort="COMPLETION_RATE-desc"][data-loading="false"]').waitFor();
    const ranked = city.rollup.children as { organization: { id: string; name: string } }[];
    const rows = table.locator('.el-table__body-wrapper .el-table__row');
    await expect(rows.count()).resolves.toBe(ranked.length);
    const shownIds = await table.getByTestId('child-unit').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-id')));
    expect(shownIds.slice(0, 5)).toEqual(ranked.slice(0, 5).map((child) => child.organization.id));
    const rates = (await table.getByTestId('child-completionRate').allTextContents()).map(percent);
    expect(rates.length).toBe(ranked.length);
    for (let index = 1; index < rates.length; index++) expect(rates[index]).toBeLessThanOrEqual(rates[index - 1]);
    expect(rates[0]).toBeGreaterThan(rates[rates.length - 1]);

    // ---- Down: the city → 昭阳区 → its first unit below, each a row click --------------------------------
    const countyId = ranked.find((child) => child.organization.name === COUNTY)!.organization.id;
    await rows.filter({ has: page.locator(`[data-testid="child-unit"][data-id="${countyId}"]`) }).click();
    await showsUnit(page, countyId, COUNTY);
    expect(await breadcrumb(page)).toEqual({ names: [CITY, COUNTY], links: [CITY] });
    // The ranking stays while drilling down.
    await expect(table.getAttribute('data-sort')).resolves.toBe('COMPLETION_RATE-desc');

    const township = table.getByTestId('child-unit').first();
    const townshipId = (await township.getAttribute('data-id'))!;
    const townshipName = (await township.textContent())!.trim();
    await township.click();
    await showsUnit(page, townshipId, townshipName);
    expect(await breadcrumb(page)).toEqual({ names: [CITY, COUNTY, townshipName], links: [CITY, COUNTY] });

    // ---- Up again through the breadcrumb, and the browser's back button returns to the township -------
    await page.getByTestId('breadcrumb-link').filter({ hasText: CITY }).click();
    await showsUnit(page, cityId, CITY);
    expect(await breadcrumb(page)).toEqual({ names: [CITY], links: [] });
    await page.goBack();
    await showsUnit(page, townshipId, townshipName);

    // ---- The bell: the unread 督办提醒, whose unit opens the dashboard there and reads it ----------------
    const bell = page.getByTestId('notification-bell');
    await page.locator(`[data-testid="notification-bell"][data-count="${unread}"]`).waitFor();
    await expect(bell.locator('.el-badge__content').textContent()).resolves.toBe(String(unread));
    await page.getByTestId('notification-bell-button').click();
    const item = page.getByTestId('notification-item').first();
    await item.waitFor();
    await expect(item.getAttribute('data-read')).resolves.toBe('false');
    await expect(item.getByTestId('notification-summary').textContent()).resolves.toMatch(/\d+ 个下级单位进度滞后，\d+ 个问题逾期/);
    const unit = item.getByTestId('notification-unit').filter({ hasText: COUNTY });
    await unit.click();
    await showsUnit(page, countyId, COUNTY);
    await page.locator(`[data-testid="notification-bell"][data-count="${unread - 1}"]`).waitFor();
  });

  it('a county leader’s breadcrumb starts at the county; a secretary sees their own unit', async () => {
    const county = await newPage();
    await signIn(county, app.url, 'demo-county-leader');
    await county.getByTestId('menu-dashboard').click();
    await county.getByTestId('dashboard-heading').filter({ hasText: COUNTY }).waitFor();
    await county.locator(`[data-testid="dashboard-children"][data-loading="false"]`).waitFor();
    expect(await breadcrumb(county)).toEqual({ names: [COUNTY], links: [] });
    const child = county.getByTestId('child-unit').first();
    const childId = (await child.getAttribute('data-id'))!;
    const childName = (await child.textContent())!.trim();
    await child.click();
    await showsUnit(county, childId, childName);
    // The city above the county's grant is not offered: it would answer FORBIDDEN.
    expect(await breadcrumb(county)).toEqual({ names: [COUNTY, childName], links: [COUNTY] });

    const secretary = await newPage();
    await signIn(secretary, app.url, 'demo-secretary');
    await secretary.getByTestId('menu-dashboard').click();
    const heading = secretary.getByTestId('dashboard-heading');
    await heading.waitFor();
    await expect(heading.textContent()).resolves.toContain('党支部');
    expect((await breadcrumb(secretary)).links).toEqual([]);
    await chartDrawn(secretary, 'chart-trend');
  });
});
