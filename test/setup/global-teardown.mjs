import pg from 'pg';

export default async function globalTeardown() {
  if (process.env.DATABASE_URL && process.env.CL_TEST_TEMPLATE) {
    const admin = new pg.Client({ connectionString: process.env.CL_TEST_SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${process.env.CL_TEST_TEMPLATE}" WITH (FORCE)`);
    await admin.end();
  }
  // Non-persistent: stopping the embedded server also removes its data folder.
  await globalThis.testPostgres?.stop();
}
