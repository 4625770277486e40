import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../../server/src/common/paths.js';
import { verifyLedger } from '../../server/src/problems/ledger-cli.js';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { day } from '../factories/campaigns.js';
import { PROBLEM_FIELDS, problemCounty, problemInput, REPORT, STEP } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** Defects a review of the problems capability found, each pinned by the behaviour it broke. */
let app: TestApp;
let c: Awaited<ReturnType<typeof problemCounty>>;
beforeAll(async () => {
  app = await startTestApp();
  c = await problemCounty(app, (await homeWithAdmin(app)).adminToken);
});
afterAll(async () => {
  await app?.close();
});

const fieldsOf = (input: ReturnType<typeof problemInput>) => {
  const { campaignId: _c, organizationId: _o, ...fields } = input;
  return fields;
};
const reportA = async (overrides: Record<string, unknown> = {}) => {
  const input = problemInput(c.campaign.id, c.branchA.id, overrides);
  const { data, errors } = await app.gql(REPORT, { input }, c.secretaryA.token);
  expect(errors).toBeUndefined();
  return { input, problem: data!.reportProblem };
};
const UPDATE = `mutation($id: ID!, $i: ProblemFieldsInput!, $v: Int!, $r: String) {
  updateProblem(id: $id, input: $i, version: $v, deadlineChangeReason: $r) { ${PROBLEM_FIELDS} } }`;

describe('review regressions', () => {
  it('answers NOT_FOUND for an evidence file lost from disk and keeps serving', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n丢失的文件\n')]), '报告.pdf');
    const upload = await fetch(`${app.url}/api/evidence?organizationId=${c.branchA.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.secretaryA.token}` },
      body: form,
    });
    const { sha256 } = (await upload.json()) as { sha256: string };
    const [{ current_database: name }] = await app.sql(`SELECT current_database()`);
    await rm(join(REPO_ROOT, '.data', 'test', name, 'evidence', sha256.slice(0, 2), sha256));
    const response = await fetch(`${app.url}/api/evidence/${c.branchA.id}/${sha256}`, {
      headers: { authorization: `Bearer ${c.secretaryA.token}` },
    });
    expect(response.status).toBe(404);
    expect((await app.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  it('shows the copied-from problem only to callers who read its unit', async () => {
    const measure = '对村级重大事项决策程序逐项梳理，建立“四议两公开”执行台账并每季度公示一次';
    const original = await reportA({ measures: [{ content: measure, owner: '村委会', deadline: day(20), deliverable: '执行台账1本' }] });
    const copy = await app.gql(
      REPORT,
      {
        input: problemInput(c.campaign.id, c.branchB.id, {
          measures: [{ content: measure, owner: '村委会', deadline: day(20), deliverable: '执行台账1本' }],
        }),
      },
      c.secretaryB.token,
    );
    const id = copy.data!.reportProblem.id;
    expect(copy.data!.reportProblem.flags).toEqual([expect.objectContaining({ kind: 'SIMILAR_MEASURE', similarProblemId: null })]);
    const asLeader = await app.gql(`query($id: ID!) { problem(id: $id) { flags { similarProblemId } } }`, { id }, c.leader.token);
    expect(asLeader.data!.problem.flags).toEqual([{ similarProblemId: original.problem.id }]);
  });

  it('detects records deleted from the end of a chain or a chain removed whole', async () => {
    const cut = (await reportA()).problem.id;
    await app.gql(STEP.PROGRESS, { p: cut }, c.secretaryA.token);
    const gone = (await reportA()).problem.id;
    await app.sql(`ALTER TABLE rectification_record DISABLE TRIGGER rectification_record_no_change`);
    await app.sql(`DELETE FROM rectification_record WHERE (problem_id = $1 AND seq = 2) OR problem_id = $2`, [cut, gone]);
    await app.sql(`ALTER TABLE rectification_record ENABLE TRIGGER rectification_record_no_change`);
    const integrity = async (id: string) =>
      (await app.gql(`query($id: ID!) { problem(id: $id) { ledgerIntegrity { ok firstBrokenSeq } } }`, { id }, c.auditor.token)).data!
        .problem.ledgerIntegrity;
    expect(await integrity(cut)).toEqual({ ok: false, firstBrokenSeq: 2 });
    expect(await integrity(gone)).toEqual({ ok: false, firstBrokenSeq: 1 });
    const lines: string[] = [];
    expect(await verifyLedger({ DATABASE_URL: app.databaseUrl }, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual(
      expect.arrayContaining([`BROKEN problem ${cut}: first broken record seq 2`, `BROKEN problem ${gone}: first broken record seq 1`]),
    );
  });

  it('a stale edit of the measures alone gets CONFLICT', async () => {
    const { input, problem } = await reportA();
    const edit = (content: string) =>
      app.gql(
        UPDATE,
        {
          id: problem.id,
          v: problem.version,
          i: { ...fieldsOf(input), measures: [{ ...input.measures[0], id: problem.measures[0].id, content }] },
        },
        c.secretaryA.token,
      );
    expect((await edit('甲的修改')).errors).toBeUndefined();
    expect((await edit('乙的修改')).errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version' });
  });

  it('replacing a measure by one due later is a deadline change; a completed measure cannot be removed', async () => {
    const { input, problem } = await reportA();
    const later = { content: '换一个措施', owner: '王主任', deadline: day(200), deliverable: '报告1份' };
    const replaced = await app.gql(
      UPDATE,
      { id: problem.id, v: problem.version, i: { ...fieldsOf(input), measures: [later] } },
      c.secretaryA.token,
    );
    expect(replaced.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deadlineChangeReason' });

    const done = await app.gql(
      `mutation($p: ID!, $m: ID!) { completeMeasure(problemId: $p, measureId: $m, note: "完成") { version } }`,
      { p: problem.id, m: problem.measures[0].id },
      c.secretaryA.token,
    );
    const removed = await app.gql(
      UPDATE,
      { id: problem.id, v: done.data!.completeMeasure.version, r: '调整', i: { ...fieldsOf(input), measures: [later] } },
      c.secretaryA.token,
    );
    expect(removed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'measures', key: 'problem/measure-completed' });
  });

  it('sending back a submitted explanation clears its resolution', async () => {
    const { problem } = await reportA();
    await app.gql(STEP.EXPLAINED, { p: problem.id }, c.secretaryA.token);
    const sent = await app.gql(STEP.SENT_BACK, { p: problem.id }, c.leader.token);
    expect(sent.data!.sendBackProblem).toMatchObject({ status: 'IN_PROGRESS', resolution: null, sentBack: true });
  });

  it('whoever submitted a rectification cannot verify it, even holding a grant above', async () => {
    const both = await signedIn(app, c.county.id, ['LEADER']);
    await app.sql(`INSERT INTO role_grant (user_id, organization_id, role) VALUES ($1, $2, 'SECRETARY')`, [both.id, c.branchA.id]);
    const { problem } = await reportA();
    await app.gql(STEP.SUBMITTED, { p: problem.id }, both.token);
    const refused = await app.gql(STEP.VERIFIED, { p: problem.id }, both.token);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', key: 'problem/self-verification' });
    expect((await app.gql(STEP.VERIFIED, { p: problem.id }, c.leader.token)).errors).toBeUndefined();
  });

  it.each([
    ['a NUL', '进展\u0000'],
    ['a lone surrogate', '进展\ud800'],
  ])('refuses %s in a note as BAD_USER_INPUT on the field', async (_name, note) => {
    const { problem } = await reportA();
    const { errors } = await app.gql(
      `mutation($p: ID!, $n: String!) { recordRectificationProgress(problemId: $p, note: $n) { id } }`,
      { p: problem.id, n: note },
      c.secretaryA.token,
    );
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note', key: 'validation/text' });
  });

  it.each([
    ['foundOn', { foundOn: '0000-01-01' }],
    ['clientRequestId', { clientRequestId: '' }],
  ])('refuses a bad %s as BAD_USER_INPUT', async (field, overrides) => {
    const { errors } = await app.gql(REPORT, { input: problemInput(c.campaign.id, c.branchA.id, overrides) }, c.secretaryA.token);
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a second reply to the same feedback', async () => {
    const received = await app.gql(
      `mutation($i: FeedbackInput!) { receiveFeedback(input: $i) { id } }`,
      {
        i: { campaignId: c.campaign.id, organizationId: c.branchA.id, channel: 'LETTER', content: '来信反映路灯不亮', receivedOn: day(-1) },
      },
      c.secretaryA.token,
    );
    const reply = () =>
      app.gql(
        `mutation($id: ID!) { replyFeedback(feedbackId: $id, reply: "已修复") { id } }`,
        { id: received.data!.receiveFeedback.id },
        c.secretaryA.token,
      );
    expect((await reply()).errors).toBeUndefined();
    expect((await reply()).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feedbackId' });
  });
});
