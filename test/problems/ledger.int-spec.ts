import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyLedger } from '../../server/src/problems/ledger-cli.js';
import { homeWithAdmin } from '../factories/accounts.js';
import { problemCounty, problemInput, REPORT, STEP } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let c: Awaited<ReturnType<typeof problemCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  c = await problemCounty(app, (await homeWithAdmin(app)).adminToken);
});
afterAll(async () => {
  await app?.close();
});

// A valid 1×1 PNG: the server checks the content, not the name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(token: string, organizationId: string, name: string, content: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), name);
  const response = await fetch(`${app.url}/api/evidence?organizationId=${organizationId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function reportedAndWorked() {
  const { data } = await app.gql(REPORT, { input: problemInput(c.campaign.id, c.branchA.id) }, c.secretaryA.token);
  const id = data!.reportProblem.id as string;
  await app.gql(STEP.PROGRESS, { p: id }, c.secretaryA.token);
  await app.gql(STEP.SUBMITTED, { p: id }, c.secretaryA.token);
  return id;
}

const integrity = async (id: string) =>
  (await app.gql(`query($id: ID!) { problem(id: $id) { ledgerIntegrity { ok firstBrokenSeq records } } }`, { id }, c.auditor.token)).data!
    .problem.ledgerIntegrity;

async function runVerify() {
  const lines: string[] = [];
  const code = await verifyLedger({ DATABASE_URL: app.databaseUrl, DATA_DIR: '' }, (line) => lines.push(line));
  return { code, lines };
}

describe('the fix-up ledger', () => {
  it('chains each record to the one before', async () => {
    const id = await reportedAndWorked();
    const records = await app.sql(`SELECT seq, prev_hash, hash FROM rectification_record WHERE problem_id = $1 ORDER BY seq`, [id]);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0].prev_hash).toBe('0'.repeat(64));
    expect(records[1].prev_hash).toBe(records[0].hash);
    expect(records[2].prev_hash).toBe(records[1].hash);
    expect(await integrity(id)).toEqual({ ok: true, firstBrokenSeq: null, records: 3 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the records in the database itself', async () => {
    const id = await reportedAndWorked();
    await expect(app.sql(`UPDATE rectification_record SET note = '改写' WHERE problem_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(app.sql(`DELETE FROM rectification_record WHERE problem_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(app.sql(`TRUNCATE rectification_record`)).rejects.toThrow(/append-only/);
    expect((await app.sql(`SELECT count(*)::int AS n FROM rectification_record WHERE problem_id = $1`, [id]))[0].n).toBe(3);
  });

  it('names the problem and the seq whose payload was altered behind the trigger’s back, in GraphQL and in ledger:verify', async () => {
    const intact = await reportedAndWorked();
    const tampered = await reportedAndWorked();
    expect(await runVerify()).toMatchObject({ code: 0 });

    await app.sql(`ALTER TABLE rectification_record DISABLE TRIGGER rectification_record_no_change`);
    await app.sql(`UPDATE rectification_record SET payload = jsonb_set(payload, '{to}', '"VERIFIED"') WHERE problem_id = $1 AND seq = 2`, [
      tampered,
    ]);
    await app.sql(`ALTER TABLE rectification_record ENABLE TRIGGER rectification_record_no_change`);

    expect(await integrity(tampered)).toEqual({ ok: false, firstBrokenSeq: 2, records: 3 });
    expect(await integrity(intact)).toMatchObject({ ok: true });
    const { code, lines } = await runVerify();
    expect(code).toBe(1);
    expect(lines.filter((l) => l.startsWith('BROKEN'))).toEqual([`BROKEN problem ${tampered}: first broken record seq 2`]);
    expect(lines.at(-1)).toMatch(/^FAILED: 1 of \d+ problems/);
  });
});

describe('evidence files', () => {
  it('stores a photo once by its sha256 and cites it in a step; the timeline names the file', async () => {
    const first = await upload(c.secretaryA.token, c.branchA.id, '整改现场.png', PNG);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ fileName: '整改现场.png', mediaType: 'image/png', size: PNG.length });
    expect(first.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await upload(c.secretaryA.token, c.branchA.id, '再传一次.png', PNG)).body.sha256).toBe(first.body.sha256);

    const { data } = await app.gql(REPORT, { input: problemInput(c.campaign.id, c.branchA.id) }, c.secretaryA.token);
    const submitted = await app.gql(
      `mutation($p: ID!, $e: [String!]!) { submitRectification(problemId: $p, note: "已整改", evidence: $e) {
        records { action evidence evidenceFiles { sha256 fileName mediaType size } } } }`,
      { p: data!.reportProblem.id, e: [first.body.sha256] },
      c.secretaryA.token,
    );
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitRectification.records.at(-1)).toEqual({
      action: 'SUBMITTED',
      evidence: [first.body.sha256],
      evidenceFiles: [{ sha256: first.body.sha256, fileName: '整改现场.png', mediaType: 'image/png', size: PNG.length }],
    });
  });

  it('refuses a renamed executable and an oversized file, storing nothing', async () => {
    const before = (await app.sql(`SELECT count(*)::int AS n FROM evidence_upload`))[0].n;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(512, 1)]);
    const renamed = await upload(c.secretaryA.token, c.branchA.id, '整改照片.jpg', exe);
    expect(renamed.status).toBe(400);
    expect(renamed.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', key: 'evidence/unsupported-type' });
    expect(renamed.body.messages['zh-CN']).toContain('图片');

    const huge = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]);
    const oversized = await upload(c.secretaryA.token, c.branchA.id, '大图.png', huge);
    expect(oversized.status).toBe(400);
    expect(oversized.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect((await app.sql(`SELECT count(*)::int AS n FROM evidence_upload`))[0].n).toBe(before);
  });

  it('serves a file only to callers who read its unit; everyone else gets FORBIDDEN', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    const { body } = await upload(c.secretaryA.token, c.branchA.id, '整改报告.pdf', pdf);
    const get = (token: string, unit = c.branchA.id) =>
      fetch(`${app.url}/api/evidence/${unit}/${body.sha256}`, { headers: { authorization: `Bearer ${token}` } });

    for (const reader of [c.secretaryA, c.leader, c.auditor]) {
      const response = await get(reader.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
    }
    for (const outsider of [c.secretaryB, c.leaderAtB]) {
      const response = await get(outsider.token);
      expect(response.status).toBe(403);
      expect(((await response.json()) as any).code).toBe('FORBIDDEN');
    }
    // Asking through one's own unit for a file only another unit holds reveals nothing either.
    const sideways = await get(c.secretaryB.token, c.branchB.id);
    expect(sideways.status).toBe(403);
  });

  it('refuses a step citing a file not uploaded for the problem’s unit', async () => {
    const { body } = await upload(c.secretaryB.token, c.branchB.id, '乙村照片.png', Buffer.concat([PNG, Buffer.from('b')]));
    const { data } = await app.gql(REPORT, { input: problemInput(c.campaign.id, c.branchA.id) }, c.secretaryA.token);
    const refused = await app.gql(
      `mutation($p: ID!, $e: [String!]!) { recordRectificationProgress(problemId: $p, note: "进展", evidence: $e) { id } }`,
      { p: data!.reportProblem.id, e: [body.sha256] },
      c.secretaryA.token,
    );
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidence' });
    expect(
      (await app.sql(`SELECT count(*)::int AS n FROM rectification_record WHERE problem_id = $1`, [data!.reportProblem.id]))[0].n,
    ).toBe(1);
  });
});
