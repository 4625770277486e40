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
  await page?.screenshot({ path: 'test/e2e/.out/unit-tree.png' }).catch(() => undefined);
  await browser?.close();
  await app?.close();
});

describe('the unit tree page', () => {
  it('opens the demo city tree in Chinese, searches a unit and opens it with its breadcrumbs', async () => {
    await signIn(page, app.url, 'demo-admin');
    const tree = page.getByTestId('org-tree');
    await tree.getByText('中共昭通市委员会').waitFor();

    // Expanding the root loads its children lazily.
    await tree.locator('.el-tree-node__expand-icon').first().click();
    await tree.getByText('中共昭通市昭阳区委员会').waitFor();

    await page.getByTestId('org-search').fill('龙泉');
    const result = page.getByTestId('org-search-result').filter({ hasText: '龙泉街道' }).first();
    await result.waitFor();
    await result.click();

    const detail = page.getByTestId('org-detail');
    await expect(detail.getByTestId('org-detail-name').textContent()).resolves.toContain('龙泉街道');
    const breadcrumbs = await detail.getByTestId('org-breadcrumbs').textContent();
    expect(breadcrumbs).toContain('中共昭通市委员会');
    expect(breadcrumbs).toContain('中共昭通市昭阳区委员会');
  });
});
