import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults for every variable', () => {
    expect(loadConfig({}, '/srv/app')).toMatchObject({
      port: 3000,
      dataDir: '/srv/app/.data',
      databaseUrl: undefined,
      nodeEnv: 'development',
      demoData: true,
    });
  });

  it('never loads demo data in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' }).demoData).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DEMO_DATA', 'maybe'],
  ])('stops on a bad %s (%s), naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });
});
