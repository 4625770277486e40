import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Clock } from '../../server/src/common/clock.js';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { day, launchCampaign, LOG_SESSION, sessionInput } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { problemInput, REPORT, STEP, type StepName } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The leader's rollup report over HTTP on a small city: home → county A → town A1 → branches A1x,
 * A1y; home → county B → branch B1x. Sessions and problems in every status (one overdue) are logged,
 * the rollups fold, and the report must show what the rollup query shows, unit by unit and summed.
 */
const SOFFICE = '/usr/bin/soffice';
const DAY_MS = 86_400_000;

/** Sheet 1 header → the rollup query's figure (rates: the same ratio, an empty cell for 0/0). */
const FIGURE_OF: Record<string, string> = {
  参加单位: 'participating',
  免于参加: 'exempt',
  已启动: 'launched',
  完成规定动作: 'complete',
  完成率: 'completionRate',
  滞后单位: 'behind',
  学习活动: 'sessions',
  学时: 'hours',
  应到人次: 'expectedAttendance',
  实到人次: 'actualAttendance',
  参学率: 'attendanceRate',
  查摆问题: 'problems',
  待整改: 'open',
  整改中: 'inProgress',
  '已整改（待验收）': 'rectified',
  已销号: 'verified',
  逾期: 'overdue',
  整改率: 'rectificationRate',
  销号率: 'verificationRate',
  制度建设: 'institutionalFixes',
  惠民实事: 'commitments',
  实事已办结: 'commitmentsDone',
  群众意见: 'feedback',
  意见已答复: 'feedbackReplied',
  意见办结率: 'feedbackRate',
};
const FIGURES = Object.values(FIGURE_OF).join(' ');
type Figures = Record<string, number>;

let app: TestApp;
let clock: Clock;
let work: string;
let fx: Awaited<ReturnType<typeof fixture>>;

async function fixture() {
  const home = await homeWithAdmin(app, '中共报表测试市委员会');
  const countyA = await createUnit(app, { name: '甲县委', code: `RA${Date.now().toString(36)}`.toUpperCase() });
  const countyB = await createUnit(app, { name: '乙县委', code: `RB${Date.now().toString(36)}`.toUpperCase() });
  const townA1 = await createUnit(app, { parentId: countyA.id, name: '甲一镇党委' });
  const a1x = await createUnit(app, { parentId: townA1.id, name: '甲一镇x村党支部', kind: 'BRANCH' });
  const a1y = await createUnit(app, { parentId: townA1.id, name: '甲一镇y村党支部', kind: 'BRANCH' });
  const b1x = await createUnit(app, { parentId: countyB.id, name: '乙县x村党支部', kind: 'BRANCH' });
  const cityLeader = await signedIn(app, home.id, ['LEADER']);
  const campaign = await launchCampaign(app, cityLeader.token, home.id);
  const secretary = {
    a1x: await signedIn(app, a1x.id, ['SECRETARY']),
    a1y: await signedIn(app, a1y.id, ['SECRETARY']),
    b1x: await signedIn(app, b1x.id, ['SECRETARY']),
    townA1: await signedIn(app, townA1.id, ['SECRETARY']),
  };
  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const { data, errors } = await app.gql(query, variables, token);
    if (errors) throw new Error(JSON.stringify(errors));
    return data!;
  };
  const session = (unit: keyof typeof secretary, unitId: string, overrides: Record<string, unknown> = {}) =>
    ok(LOG_SESSION, { input: sessionInput(campaign.id, unitId, overrides) }, secretary[unit].token);
  const problem = async (unit: keyof typeof secretary, unitId: string, steps: StepName[], overrides: Record<string, unknown> = {}) => {
    const id = (await ok(REPORT, { input: problemInput(campaign.id, unitId, overrides) }, secretary[unit].token)).reportProblem.id;
    for (const step of steps) await ok(STEP[step], { p: id }, step === 'VERIFIED' ? cityLeader.token : secretary[unit].token);
  };

  // A1x meets the branch requirement (2 读书班); the others study a little; the town holds a seminar.
  await session('a1x', a1x.id, { hours: 2.5 });
  await session('a1x', a1x.id, { hours: 1.5, expectedAttendance: 30, actualAttendance: 25 });
  await session('a1y', a1y.id, { type: 'THEMED_PARTY_DAY', hours: 2 });
  await session('b1x', b1x.id, { hours: 3 });
  await session('townA1', townA1.id, { type: 'SEMINAR', hours: 4 });
  await ok(
    `mutation($c: ID!, $o: ID!, $d: String!) { recordCampaignLaunch(campaignId: $c, organizationId: $o, launchedOn: $d) { launchedOn } }`,
    { c: campaign.id, o: a1x.id, d: day(-20) },
    secretary.a1x.token,
  );
  await problem('a1x', a1x.id, []);
  await problem('a1x', a1x.id, ['PROGRESS']);
  await problem('a1y', a1y.id, ['SUBMITTED']);
  await problem('b1x', b1x.id, ['SUBMITTED', 'VERIFIED']);
  await problem('townA1', townA1.id, [], {
    deadline: day(2),
    measures: [{ content: '建立台账', owner: '王主任', deadline: day(1), deliverable: '台账' }],
  });
  // Three days on, that deadline has passed: the day's rollover counts it overdue.
  clock.travelTo(new Date(Date.now() + 3 * DAY_MS));
  for (let i = 0; ; i++) {
    await settled();
    const { rollup } = await ok(
      `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) { figures { overdue } } }`,
      {
        c: campaign.id,
        o: home.id,
      },
      cityLeader.token,
    );
    if (rollup.figures.overdue === 1) break;
    if (i > 200) throw new Error('the overdue problem was not counted');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    home,
    countyA,
    countyB,
    townA1,
    a1x,
    a1y,
    b1x,
    units: [home, countyA, countyB, townA1, a1x, a1y, b1x],
    campaign,
    cityLeader,
    countyLeaderA: await signedIn(app, countyA.id, ['LEADER']),
    secretaryOnly: secretary.a1x,
    townSecretary: secretary.townA1,
    auditor: await signedIn(app, home.id, ['AUDITOR']),
    admin: { token: home.adminToken },
  };
}

/** Waits until the folding job has taken every queued write (it commits the queue and the rollups together). */
async function settled() {
  for (let i = 0; i < 400; i++) {
    const [{ n }] = await app.sql<{ n: number }>('SELECT count(*)::int AS n FROM rollup_queue');
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the rollups did not catch up');
}

async function download(token: string | null, params: Record<string, string>) {
  const response = await fetch(`${app.url}/api/exports/rollup.xlsx?${new URLSearchParams(params)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

const scope = (organizationId: string, extra: Record<string, string> = {}) => ({ campaignId: fx.campaign.id, organizationId, ...extra });

/** Every sheet as rows of cell values (exceljs reading the file), the title rows included. */
async function sheets(xlsx: Buffer): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const result: Record<string, unknown[][]> = {};
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    result[sheet.name] = rows;
  });
  return result;
}

/** A sheet's header (row 3, under the title and the subtitle) and its rows as header → value. */
function table(rows: unknown[][]): { header: string[]; records: Record<string, unknown>[] } {
  const header = rows[2] as string[];
  const records = rows.slice(3).map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? null])));
  return { header, records };
}

async function rollupFigures(unitId: string, part: 'figures' | 'own' = 'figures'): Promise<Figures> {
  const { data, errors } = await app.gql(
    `query($c: ID!, $o: ID!) { rollup(campaignId: $c, organizationId: $o) { ${part} { ${FIGURES} } } }`,
    { c: fx.campaign.id, o: unitId },
    fx.cityLeader.token,
  );
  expect(errors).toBeUndefined();
  return data!.rollup[part];
}

/** The figures of a sheet row, named as the rollup query names them (an empty rate cell is 0). */
const figuresOf = (record: Record<string, unknown>): Figures =>
  Object.fromEntries(Object.entries(FIGURE_OF).map(([header, key]) => [key, Number(record[header] ?? 0)]));

const close = (figures: Figures) => Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, Math.round(value * 1e9) / 1e9]));

/** Codes of the subtree in tree order: each unit before the units below it, siblings by code. */
async function treeOrder(rootId: string, depth = Infinity): Promise<string[]> {
  const units = await app.sql<{ id: string; code: string; parent_id: string | null }>(
    `SELECT id::text, code, parent_id::text FROM organization WHERE path <@ (SELECT path FROM organization WHERE id = $1)`,
    [rootId],
  );
  const walk = (id: string, level: number): string[] => {
    const unit = units.find((u) => u.id === id)!;
    const children = level < depth ? units.filter((u) => u.parent_id === id).sort((a, b) => (a.code < b.code ? -1 : 1)) : [];
    return [unit.code, ...children.flatMap((child) => walk(child.id, level + 1))];
  };
  return walk(rootId, 0);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rollup-report-spec-'));
  app = await startTestApp();
  clock = app.nest.get(Clock);
  fx = await fixture();
});
afterAll(async () => {
  clock?.reset();
  await app?.close();
});

describe('the rollup report as XLSX', () => {
  let workbook: Record<string, unknown[][]>;
  let headers: Headers;
  let xlsx: Buffer;
  beforeAll(async () => {
    const response = await download(fx.cityLeader.token, scope(fx.home.id));
    expect(response.status).toBe(200);
    headers = response.headers;
    xlsx = response.body;
    workbook = await sheets(xlsx);
  });

  it('is an XLSX named after the unit, titled with the campaign, the unit and the time', () => {
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(
      /^分级汇总表-中共报表测试市委员会-\d{8}\.xlsx$/,
    );
    expect(Object.keys(workbook)).toEqual(['各单位', '分层合计']);
    const [[title], [subtitle]] = workbook['各单位'];
    expect(title).toBe('树立和践行正确政绩观学习教育 · 分级汇总表');
    expect(subtitle).toMatch(
      /^单位：中共报表测试市委员会（R[0-9A-Z]+）\u3000范围：本级及以下全部单位\u3000截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/,
    );
  });

  it('has a row per unit of the subtree in tree order, with its level, parent and kind', async () => {
    const { header, records } = table(workbook['各单位']);
    expect(header.slice(0, 5)).toEqual(['层级', '单位编码', '单位', '单位类别', '上级单位']);
    expect(records.map((r) => r['单位编码'])).toEqual(await treeOrder(fx.home.id));
    expect(records.map((r) => [r['单位'], r['层级']])).toEqual([
      ['中共报表测试市委员会', 0],
      ['甲县委', 1],
      ['甲一镇党委', 2],
      ['甲一镇x村党支部', 3],
      ['甲一镇y村党支部', 3],
      ['乙县委', 1],
      ['乙县x村党支部', 2],
    ]);
    const branch = records.find((r) => r['单位'] === '甲一镇x村党支部')!;
    expect([branch['单位类别'], branch['上级单位']]).toEqual(['党支部', '甲一镇党委']);
  });

  it('shows each unit’s figures exactly as the rollup query gives them', async () => {
    const { records } = table(workbook['各单位']);
    for (const unit of fx.units) {
      const record = records.find((r) => r['单位编码'] === unit.code)!;
      expect({ unit: unit.code, figures: close(figuresOf(record)) }).toEqual({
        unit: unit.code,
        figures: close(await rollupFigures(unit.id)),
      });
    }
    // Something of everything is in there: the test would pass on zeros otherwise.
    const home = figuresOf(records[0]);
    expect(home).toMatchObject({ participating: 7, launched: 1, complete: 1, sessions: 5, hours: 13, problems: 5, overdue: 1 });
    expect([home.open, home.inProgress, home.rectified, home.verified]).toEqual([2, 1, 1, 1]);
    expect(records[0]['完成率']).toBeCloseTo(1 / 7);
  });

  it('totals each level’s own figures, and the 合计 row equals the unit’s subtree figures', async () => {
    const { header, records } = table(workbook['分层合计']);
    expect(header.slice(0, 2)).toEqual(['层级', '单位数']);
    expect(records.map((r) => [r['层级'], r['单位数']])).toEqual([
      ['本级', 1],
      ['下1级', 2],
      ['下2级', 2],
      ['下3级', 2],
      ['合计', 7],
    ]);
    const byLevel = [[fx.home], [fx.countyA, fx.countyB], [fx.townA1, fx.b1x], [fx.a1x, fx.a1y]];
    for (const [level, units] of byLevel.entries()) {
      const own = await Promise.all(units.map((unit) => rollupFigures(unit.id, 'own')));
      const counts = Object.keys(own[0]).filter((key) => !key.endsWith('Rate'));
      const summed = Object.fromEntries(counts.map((key) => [key, own.reduce((sum, figures) => sum + figures[key], 0)]));
      expect({ level, figures: figuresOf(records[level]) }).toMatchObject({ level, figures: summed });
    }
    expect(close(figuresOf(records.at(-1)!))).toEqual(close(await rollupFigures(fx.home.id)));
  });

  it('opens in LibreOffice with both sheets and the Chinese intact', () => {
    if (!existsSync(SOFFICE)) throw new Error(`${SOFFICE} is missing: apt-get install libreoffice-calc-nogui (.ci/run installs it)`);
    const dir = mkdtempSync(join(work, 'soffice-'));
    const file = join(dir, 'report.xlsx');
    writeFileSync(file, xlsx);
    execFileSync(
      SOFFICE,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        join(dir, 'out'),
        file,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    // One CSV per sheet: report-各单位.csv, report-分层合计.csv.
    const csv: Record<string, string[][]> = {};
    for (const name of readdirSync(join(dir, 'out'))) {
      csv[name.replace(/^report-|\.csv$/g, '')] = parse(readFileSync(join(dir, 'out', name), 'utf8'), { relax_column_count: true });
    }
    expect(Object.keys(csv).sort()).toEqual(['分层合计', '各单位']);
    expect(csv['各单位'].slice(3).map((row) => row[2])).toEqual(table(workbook['各单位']).records.map((r) => r['单位']));
    expect(csv['分层合计'].at(-1)!.slice(0, 2)).toEqual(['合计', '7']);
  });
});

describe('depth', () => {
  it('limits the rows to the unit and that many levels below it', async () => {
    for (const depth of [1, 2, 3]) {
      const { records } = table(
        (await sheets((await download(fx.cityLeader.token, scope(fx.home.id, { depth: String(depth) }))).body))['各单位'],
      );
      expect({ depth, codes: records.map((r) => r['单位编码']) }).toEqual({ depth, codes: await treeOrder(fx.home.id, depth) });
    }
  });

  it('keeps the 合计 equal to the subtree figures: the deepest level shown includes the levels below it', async () => {
    const xlsx = await sheets((await download(fx.cityLeader.token, scope(fx.home.id, { depth: '1' }))).body);
    expect(xlsx['各单位'][1][0]).toMatch(/范围：本级及以下 1 级/);
    const { records } = table(xlsx['分层合计']);
    expect(records.map((r) => [r['层级'], r['单位数']])).toEqual([
      ['本级', 1],
      ['下1级（含以下各级）', 2],
      ['合计', 3],
    ]);
    const [countyA, countyB] = await Promise.all([fx.countyA, fx.countyB].map((unit) => rollupFigures(unit.id)));
    expect(figuresOf(records[1])).toMatchObject({
      sessions: countyA.sessions + countyB.sessions,
      problems: countyA.problems + countyB.problems,
    });
    expect(close(figuresOf(records[2]))).toEqual(close(await rollupFigures(fx.home.id)));
  });

  it('starts at any unit the caller reads: a county leader’s county', async () => {
    const response = await download(fx.countyLeaderA.token, scope(fx.countyA.id));
    expect(response.status).toBe(200);
    const xlsx = await sheets(response.body);
    expect(table(xlsx['各单位']).records.map((r) => [r['单位'], r['层级']])).toEqual([
      ['甲县委', 0],
      ['甲一镇党委', 1],
      ['甲一镇x村党支部', 2],
      ['甲一镇y村党支部', 2],
    ]);
    expect(close(figuresOf(table(xlsx['分层合计']).records.at(-1)!))).toEqual(close(await rollupFigures(fx.countyA.id)));
  });
});

describe('the printable page’s query', () => {
  const REPORT_QUERY = `query($c: ID!, $o: ID!, $depth: Int, $first: Int) {
    rollupReport(campaignId: $c, organizationId: $o, depth: $depth, first: $first) {
      campaign { id title } organization { id name } depth asOf totalRows
      rows { level organization { code name parent { name } } figures { ${FIGURES} } }
      levels { level units includesBelow figures { ${FIGURES} } }
      total { ${FIGURES} }
    }
  }`;

  it('gives the XLSX’s rows and level totals, and caps the rows but never the totals', async () => {
    const { data, errors } = await app.gql(REPORT_QUERY, { c: fx.campaign.id, o: fx.home.id, depth: 2 }, fx.cityLeader.token);
    expect(errors).toBeUndefined();
    const report = data!.rollupReport;
    const xlsx = await sheets((await download(fx.cityLeader.token, scope(fx.home.id, { depth: '2' }))).body);
    const units = table(xlsx['各单位']).records;
    expect(report.rows.map((row: any) => [row.organization.code, row.level])).toEqual(units.map((r) => [r['单位编码'], r['层级']]));
    expect(report.rows.map((row: any) => close(row.figures))).toEqual(units.map((r) => close(figuresOf(r))));
    expect(report.rows[1].organization.parent.name).toBe('中共报表测试市委员会');
    const levels = table(xlsx['分层合计']).records;
    expect(report.levels.map((level: any) => [level.level, level.units, level.includesBelow, close(level.figures)])).toEqual(
      levels.slice(0, -1).map((r, level) => [level, r['单位数'], String(r['层级']).includes('含以下'), close(figuresOf(r))]),
    );
    expect(close(report.total)).toEqual(close(await rollupFigures(fx.home.id)));
    expect(report).toMatchObject({ depth: 2, totalRows: 5, campaign: { id: fx.campaign.id }, organization: { id: fx.home.id } });

    const capped = (await app.gql(REPORT_QUERY, { c: fx.campaign.id, o: fx.home.id, depth: 3, first: 2 }, fx.cityLeader.token)).data!
      .rollupReport;
    expect(capped.rows).toHaveLength(2);
    expect(capped.totalRows).toBe(7);
    expect(capped.levels.map((level: any) => level.units)).toEqual([1, 2, 2, 2]);
    expect(close(capped.total)).toEqual(close(report.total));
  });

  it('takes 1 to 3 levels, naming the field otherwise', async () => {
    for (const depth of [0, 4]) {
      const { errors } = await app.gql(REPORT_QUERY, { c: fx.campaign.id, o: fx.home.id, depth }, fx.cityLeader.token);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'depth' });
    }
  });
});

describe('who may export a rollup report', () => {
  const outcome = async (token: string | null, unit: string) => {
    const response = await download(token, scope(unit));
    return response.status === 200 ? 'ok' : [response.status, response.json().code];
  };

  it('a LEADER, AUDITOR or ADMIN whose grant reaches the unit; a secretary is refused even at their own unit', async () => {
    expect(await outcome(fx.cityLeader.token, fx.home.id)).toBe('ok');
    expect(await outcome(fx.auditor.token, fx.countyB.id)).toBe('ok');
    expect(await outcome(fx.admin.token, fx.home.id)).toBe('ok');
    expect(await outcome(fx.countyLeaderA.token, fx.townA1.id)).toBe('ok');
    expect(await outcome(fx.countyLeaderA.token, fx.home.id)).toEqual([403, 'FORBIDDEN']);
    expect(await outcome(fx.countyLeaderA.token, fx.countyB.id)).toEqual([403, 'FORBIDDEN']);
    expect(await outcome(fx.secretaryOnly.token, fx.a1x.id)).toEqual([403, 'FORBIDDEN']);
    expect(await outcome(fx.townSecretary.token, fx.townA1.id)).toEqual([403, 'FORBIDDEN']);
    expect(await outcome(null, fx.home.id)).toEqual([401, 'UNAUTHENTICATED']);
    // An unknown unit answers as one out of reach: nothing leaks.
    expect(await outcome(fx.countyLeaderA.token, '999999')).toEqual([403, 'FORBIDDEN']);
    const query = `query($c: ID!, $o: ID!) { rollupReport(campaignId: $c, organizationId: $o) { totalRows } }`;
    const refused = await app.gql(query, { c: fx.campaign.id, o: fx.a1x.id }, fx.secretaryOnly.token);
    expect(refused.errors![0].extensions.code).toBe('FORBIDDEN');
    const outside = await app.gql(query, { c: fx.campaign.id, o: fx.countyB.id }, fx.countyLeaderA.token);
    expect(outside.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a campaign the caller does not see, like an unknown one', async () => {
    expect((await download(fx.cityLeader.token, { ...scope(fx.home.id), campaignId: '999999' })).json().code).toBe('FORBIDDEN');
  });

  it('answers bad parameters with BAD_USER_INPUT naming the field, in both languages', async () => {
    const bad = async (params: Record<string, string>) => {
      const response = await download(fx.cityLeader.token, params);
      return { status: response.status, ...response.json() };
    };
    expect(await bad(scope(fx.home.id, { depth: '0' }))).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      field: 'depth',
      key: 'validation/min',
      messages: { 'zh-CN': '层级数不能小于 1', en: expect.any(String) },
    });
    expect(await bad(scope(fx.home.id, { depth: 'abc' }))).toMatchObject({ status: 400, field: 'depth', key: 'validation/integer' });
    expect(await bad(scope(fx.home.id, { depth: '1.5' }))).toMatchObject({ status: 400, field: 'depth', key: 'validation/integer' });
    expect(await bad(scope(fx.home.id, { depth: '21' }))).toMatchObject({ status: 400, field: 'depth', key: 'validation/max' });
    expect(await bad({ organizationId: fx.home.id })).toMatchObject({ status: 400, field: 'campaignId', key: 'validation/required' });
    expect(await bad({ campaignId: fx.campaign.id })).toMatchObject({ status: 400, field: 'organizationId' });
    expect(await bad(scope(fx.home.id, { format: 'pdf' }))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
  });
});

describe('the audit trail', () => {
  it('records one event per report, and myExports lists the caller’s own', async () => {
    const leader = await signedIn(app, fx.countyA.id, ['LEADER']);
    const events = () =>
      app.sql(
        `SELECT organization_id::text, entity_type, entity_id, after FROM audit_event WHERE actor_id = $1 AND operation = 'exportRollupReport' ORDER BY id`,
        [leader.id],
      );
    expect(await events()).toEqual([]);
    await download(leader.token, scope(fx.countyA.id, { depth: '2' }));
    await download(leader.token, scope(fx.townA1.id));
    const written = await events();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({
      organization_id: fx.countyA.id,
      entity_type: 'RollupReport',
      entity_id: fx.campaign.id,
      after: {
        kind: 'ROLLUP_REPORT',
        format: 'XLSX',
        depth: 2,
        organization: { id: fx.countyA.id, name: '甲县委' },
        campaign: { id: fx.campaign.id },
      },
    });
    expect(written[1].after.depth).toBeNull();

    const { data, errors } = await app.gql(
      `{ myExports(first: 10) { totalCount edges { node { kind format depth organizationId organizationName campaignTitle fileName problems records } } } }`,
      {},
      leader.token,
    );
    expect(errors).toBeUndefined();
    expect(data!.myExports.totalCount).toBe(2);
    expect(data!.myExports.edges.map((edge: any) => edge.node)).toEqual([
      expect.objectContaining({
        kind: 'ROLLUP_REPORT',
        depth: null,
        organizationId: fx.townA1.id,
        fileName: expect.stringMatching(/^分级汇总表-甲一镇党委-\d{8}\.xlsx$/),
      }),
      expect.objectContaining({ kind: 'ROLLUP_REPORT', format: 'XLSX', depth: 2, organizationName: '甲县委', problems: 0, records: 0 }),
    ]);
    const secretary = await app.gql(`{ myExports { totalCount } }`, {}, fx.secretaryOnly.token);
    expect(secretary.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
