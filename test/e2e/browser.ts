import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless; a browser download at install time is not possible here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DEMO_PASSWORD = 'Demo@2026';

/** Signs in through the login page, as a person would, and waits for the app shell. */
export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill(username);
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('my-scope').waitFor();
}
