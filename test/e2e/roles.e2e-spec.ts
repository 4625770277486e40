import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { launchBrowser, signIn } from './browser.js';

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startTestApp({ demo: true, web: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const MENUS = ['menu-my-unit', 'menu-campaigns', 'menu-sessions', 'menu-organizations', 'menu-users', 'menu-exports', 'menu-audit'];

/** What DESIGN.md's "Who may do what" gives each demo account: its menu and the unit its scope shows. */
const ROLES = [
  {
    username: 'demo-admin',
    menus: ['menu-campaigns', 'menu-sessions', 'menu-organizations', 'menu-users', 'menu-audit'],
    scope: '中共昭通市委员会',
    top: '中共昭通市委员会',
  },
  {
    username: 'demo-leader',
    menus: ['menu-campaigns', 'menu-sessions', 'menu-organizations'],
    scope: '中共昭通市委员会',
    top: '中共昭通市委员会',
  },
  {
    username: 'demo-county-leader',
    menus: ['menu-campaigns', 'menu-sessions', 'menu-organizations'],
    scope: '中共昭通市昭阳区委员会',
    top: '中共昭通市昭阳区委员会',
  },
  { username: 'demo-secretary', menus: ['menu-my-unit', 'menu-campaigns', 'menu-organizations'], scope: '党支部', top: '党支部' },
  {
    username: 'demo-auditor',
    menus: ['menu-campaigns', 'menu-sessions', 'menu-organizations', 'menu-exports', 'menu-audit'],
    scope: '中共昭通市委员会',
    top: '中共昭通市委员会',
  },
];

describe('each demo role', () => {
  for (const role of ROLES) {
    it(`${role.username} sees only its own menu entries and its own scope`, async () => {
      const page = await browser.newPage({ locale: 'zh-CN' });
      try {
        await signIn(page, app.url, role.username);
        const shown = [];
        for (const menu of MENUS) if (await page.getByTestId(menu).count()) shown.push(menu);
        expect(shown).toEqual(role.menus);
        expect(await page.getByTestId('my-scope').textContent()).toContain(role.scope);

        // The tree starts at the top of the role's reach, and nothing above it is listed.
        await page.goto(`${app.url}/organizations`);
        const tree = page.getByTestId('org-tree');
        await tree.getByTestId('org-tree-node').first().waitFor();
        const tops = await tree.getByTestId('org-tree-node').allTextContents();
        expect(tops).toHaveLength(1);
        expect(tops[0]).toContain(role.top);

        // A page beyond the role is refused, not shown.
        if (!role.menus.includes('menu-users')) {
          await page.goto(`${app.url}/users`);
          await page.waitForURL(/\/403/);
        }
        await page.screenshot({ path: `test/e2e/.out/${role.username}.png` });
      } finally {
        await page.close();
      }
    });
  }
});
