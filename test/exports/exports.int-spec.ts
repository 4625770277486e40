import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { verifyPackCommand } from '../../server/src/exports/verify-pack-cli.js';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { day, launchCampaign } from '../factories/campaigns.js';
import { createUnit } from '../factories/organizations.js';
import { problemInput, REPORT, STEP } from '../factories/problems.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const execFileAsync = promisify(execFile);

/**
 * Auditors' exports over HTTP on a city with two counties: who may export what, the XLSX as
 * LibreOffice reads it, the CSV beside it, filters, the audit trail, and the signed evidence pack.
 */
const SOFFICE = '/usr/bin/soffice';
// A valid 1×1 PNG: the server checks the content, not the name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PNG_SHA = createHash('sha256').update(PNG).digest('hex');
const FORMULAS = ['=1+1', '+1+1', '-1+1', '@SUM(A1)'];
const DESCRIPTION = '重大项目决策前调研论证不充分，存在“拍脑袋”决策倾向, "引号" 与逗号';

let app: TestApp;
let work: string;
let fx: Awaited<ReturnType<typeof fixture>>;

async function fixture() {
  const home = await homeWithAdmin(app, '中共测试市委员会');
  const countyA = await createUnit(app, { name: '中共甲县委员会' });
  const countyB = await createUnit(app, { name: '中共乙县委员会' });
  const branchA = await createUnit(app, { parentId: countyA.id, name: '甲村党支部', kind: 'BRANCH' });
  const branchB = await createUnit(app, { parentId: countyB.id, name: '乙村党支部', kind: 'BRANCH' });
  const cityLeader = await signedIn(app, home.id, ['LEADER']);
  const campaign = await launchCampaign(app, cityLeader.token, home.id);
  const otherCampaign = await launchCampaign(app, cityLeader.token, home.id);
  const secretaryA = await signedIn(app, branchA.id, ['SECRETARY']);
  const secretaryB = await signedIn(app, branchB.id, ['SECRETARY']);
  const countyLeaderA = await signedIn(app, countyA.id, ['LEADER']);
  const report = async (token: string, campaignId: string, unitId: string, overrides: Record<string, unknown>) => {
    const { data, errors } = await app.gql(REPORT, { input: problemInput(campaignId, unitId, overrides) }, token);
    if (errors) throw new Error(JSON.stringify(errors));
    return data!.reportProblem.id as string;
  };
  const step = async (query: string, variables: Record<string, unknown>, token: string) => {
    const { errors } = await app.gql(query, variables, token);
    if (errors) throw new Error(JSON.stringify(errors));
  };

  // Formula-like text in the description, a measure, its owner and the leader; progress with evidence; verified.
  const formulas = await report(secretaryA.token, campaign.id, branchA.id, {
    description: FORMULAS[0],
    responsibleLeader: FORMULAS[3],
    foundOn: day(-3),
    measures: [{ content: FORMULAS[1], owner: FORMULAS[2], deadline: day(20), deliverable: '制度一项' }],
  });
  const evidence = await upload(secretaryA.token, branchA.id, '整改照片.png', PNG);
  await step(
    `mutation($p: ID!, $e: [String!]!) { recordRectificationProgress(problemId: $p, note: "=HYPERLINK(\\"x\\")", evidence: $e) { id } }`,
    { p: formulas, e: [evidence.sha256] },
    secretaryA.token,
  );
  await step(STEP.SUBMITTED, { p: formulas }, secretaryA.token);
  await step(STEP.VERIFIED, { p: formulas }, countyLeaderA.token);
  // Plain Chinese text with a comma and quotes, found earlier, still open.
  const older = await report(secretaryA.token, campaign.id, branchA.id, { description: DESCRIPTION, foundOn: day(-20) });
  const inCountyB = await report(secretaryB.token, campaign.id, branchB.id, { foundOn: day(-5) });
  const otherCampaignProblem = await report(secretaryA.token, otherCampaign.id, branchA.id, { foundOn: day(-4) });
  return {
    home,
    countyA,
    countyB,
    branchA,
    campaign,
    otherCampaign,
    problems: { formulas, older, inCountyB, otherCampaignProblem },
    cityLeader,
    secretaryA,
    admin: { token: home.adminToken },
    cityAuditor: await signedIn(app, home.id, ['AUDITOR']),
    countyAuditor: await signedIn(app, countyA.id, ['AUDITOR']),
  };
}

async function upload(token: string, organizationId: string, name: string, content: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), name);
  const response = await fetch(`${app.url}/api/evidence?organizationId=${organizationId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return (await response.json()) as { sha256: string };
}

type Format = 'xlsx' | 'csv' | 'zip';

async function download(format: Format, token: string, params: Record<string, string | string[]>) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) query.append(key, v);
  const response = await fetch(`${app.url}/api/exports/ledger.${format}?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

const scope = (organizationId: string, extra: Record<string, string | string[]> = {}) => ({
  campaignId: fx.campaign.id,
  organizationId,
  ...extra,
});

/** Rows of a CSV (a BOM is dropped). */
const csvRows = (text: string): string[][] => parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true });

let conversions = 0;
/**
 * Every sheet of an XLSX as LibreOffice reads it, one UTF-8 CSV per sheet, keyed by sheet name. Not
 * execFileSync: the server under test shares this process, and a blocked event loop let its kept-alive
 * socket expire under the next request (ECONNRESET).
 */
async function libreOfficeSheets(xlsx: Buffer): Promise<Record<string, string[][]>> {
  const dir = mkdtempSync(join(work, `soffice-${conversions++}-`));
  writeFileSync(join(dir, 'ledger.xlsx'), xlsx);
  // 44,34,76: comma, double quote, UTF-8; the last token -1 writes each sheet to its own file.
  await execFileAsync(
    SOFFICE,
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      join(dir, 'out'),
      join(dir, 'ledger.xlsx'),
    ],
    { timeout: 120_000 },
  );
  const sheets: Record<string, string[][]> = {};
  for (const file of readdirSync(join(dir, 'out'))) {
    sheets[file.replace(/^ledger-|\.csv$/g, '')] = csvRows(readFileSync(join(dir, 'out', file), 'utf8'));
  }
  return sheets;
}

function unzipEntry(zip: Buffer, entry: string): string {
  const file = join(mkdtempSync(join(work, 'unzip-')), 'file.zip');
  writeFileSync(file, zip);
  return execFileSync('unzip', ['-p', file, entry], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

beforeAll(async () => {
  if (!existsSync(SOFFICE)) throw new Error(`${SOFFICE} is missing: apt-get install libreoffice-calc-nogui (.ci/run installs it)`);
  work = mkdtempSync(join(tmpdir(), 'exports-spec-'));
  app = await startTestApp();
  fx = await fixture();
});
afterAll(async () => {
  await app?.close();
});

describe('the ledger as XLSX and CSV', () => {
  let sheets: Record<string, string[][]>;
  let csv: string[][];
  let csvBytes: Buffer;
  beforeAll(async () => {
    const xlsx = await download('xlsx', fx.cityAuditor.token, scope(fx.home.id));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ledger-[A-Z0-9]+-\d{8}\.xlsx"; filename\*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6-/,
    );
    expect(decodeURIComponent(xlsx.headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(
      /^整改台账-中共测试市委员会-\d{8}\.xlsx$/,
    );
    expect([xlsx.headers.get('x-total-problems'), xlsx.headers.get('x-total-records')]).toEqual(['3', '6']);
    sheets = await libreOfficeSheets(xlsx.body);
    const response = await download('csv', fx.cityAuditor.token, scope(fx.home.id));
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    csvBytes = response.body;
    csv = csvRows(response.body.toString('utf8'));
  });

  it('opens in LibreOffice with one row per problem of the subtree, Chinese text intact', () => {
    expect(Object.keys(sheets).sort()).toEqual(['整改台账', '整改记录']);
    const [header, ...rows] = sheets['整改台账'];
    expect(header.slice(0, 6)).toEqual(['序号', '问题编号', '单位编码', '单位', '问题', '班子/个人']);
    expect(rows.map((r) => r[1]).sort()).toEqual([fx.problems.formulas, fx.problems.older, fx.problems.inCountyB].sort());
    const older = rows.find((r) => r[1] === fx.problems.older)!;
    expect(older[3]).toBe('甲村党支部');
    expect(older[4]).toBe(DESCRIPTION);
    expect(older[header.indexOf('状态')]).toBe('待整改');
    const verified = rows.find((r) => r[1] === fx.problems.formulas)!;
    expect(verified[header.indexOf('状态')]).toBe('已销号');
    expect(verified[header.indexOf('佐证材料')]).toBe(PNG_SHA);
    expect(verified[header.indexOf('销号时间')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('lists every record on the second sheet, with the hashes the database holds', async () => {
    const [header, ...rows] = sheets['整改记录'];
    expect(header.slice(0, 5)).toEqual(['问题编号', '序号', '操作', '操作人', '时间']);
    const stored = await app.sql(
      `SELECT problem_id::text, seq, hash FROM rectification_record WHERE problem_id = ANY($1::bigint[]) ORDER BY problem_id, seq`,
      [[fx.problems.formulas, fx.problems.older, fx.problems.inCountyB]],
    );
    expect(rows.map((r) => [r[0], Number(r[1]), r[header.indexOf('哈希')]]).sort()).toEqual(
      stored.map((r) => [r.problem_id, r.seq, r.hash]).sort(),
    );
    expect(rows.find((r) => r[0] === fx.problems.formulas && r[1] === '2')![2]).toBe('报告进展');
  });

  it('writes the same rows as CSV, UTF-8 with a BOM', () => {
    expect(csvBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // LibreOffice shows what the XLSX holds; the CSV holds the same, formula-like cells with a leading quote.
    const expected = sheets['整改台账'].map((row) => row.map((cell) => (/^[=+\-@]/.test(cell) ? `'${cell}` : cell)));
    expect(csv).toEqual(expected);
  });

  it('keeps =1+1 (and cells starting with +, - and @) as text, never a formula', () => {
    const [header, ...rows] = sheets['整改台账'];
    const row = rows.find((r) => r[1] === fx.problems.formulas)!;
    // LibreOffice would show 2 had it been a formula.
    expect([row[header.indexOf('问题')], row[header.indexOf('整改措施')], row[header.indexOf('责任人')]]).toEqual([
      '=1+1',
      `+1+1（成果：制度一项；时限：${day(20)}）`,
      '-1+1',
    ]);
    expect(row[header.indexOf('责任领导')]).toBe('@SUM(A1)');
    const csvRow = csv.find((r) => r[1] === fx.problems.formulas)!;
    expect([csvRow[4], csvRow[12]]).toEqual(["'=1+1", "'@SUM(A1)"]);
    expect(csvRow[11]).toBe("'-1+1");
  });

  it('writes formula-like text as string cells in the XLSX XML', async () => {
    const xlsx = await download('xlsx', fx.cityAuditor.token, scope(fx.home.id));
    const file = join(mkdtempSync(join(work, 'xml-')), 'ledger.xlsx');
    writeFileSync(file, xlsx.body);
    for (const sheet of ['sheet1', 'sheet2']) {
      const xml = execFileSync('unzip', ['-p', file, `xl/worksheets/${sheet}.xml`], { maxBuffer: 64 << 20 }).toString('utf8');
      expect(xml).not.toMatch(/<f[ >]/);
      if (sheet === 'sheet1') expect(xml).toMatch(/<c r="E\d+"( s="\d+")? t="str"><v>=1\+1<\/v><\/c>/);
      else expect(xml).toContain('<v>=HYPERLINK(&quot;x&quot;)</v>');
    }
  });
});

describe('who may export', () => {
  const statusOf = async (token: string, unit: string) => {
    const response = await download('csv', token, scope(unit));
    return response.status === 200 ? 'ok' : response.json().code;
  };

  it('refuses an auditor outside the unit, and every other role, with FORBIDDEN', async () => {
    expect(await statusOf(fx.countyAuditor.token, fx.home.id)).toBe('FORBIDDEN');
    expect(await statusOf(fx.countyAuditor.token, fx.countyB.id)).toBe('FORBIDDEN');
    expect(await statusOf(fx.countyAuditor.token, fx.countyA.id)).toBe('ok');
    expect(await statusOf(fx.cityLeader.token, fx.home.id)).toBe('FORBIDDEN');
    expect(await statusOf(fx.admin.token, fx.home.id)).toBe('FORBIDDEN');
    expect(await statusOf(fx.secretaryA.token, fx.branchA.id)).toBe('FORBIDDEN');
    const refused = await download('xlsx', fx.cityLeader.token, scope(fx.home.id));
    expect([refused.status, refused.json()]).toEqual([403, expect.objectContaining({ code: 'FORBIDDEN', key: 'auth/forbidden' })]);
    expect((await fetch(`${app.url}/api/exports/ledger.csv?${new URLSearchParams(scope(fx.home.id))}`)).status).toBe(401);
  });

  it('gives a county auditor its own subtree and nothing from outside', async () => {
    const rows = csvRows((await download('csv', fx.countyAuditor.token, scope(fx.countyA.id))).body.toString('utf8')).slice(1);
    expect(rows.map((r) => r[1]).sort()).toEqual([fx.problems.formulas, fx.problems.older].sort());
  });

  it('answers bad parameters with BAD_USER_INPUT naming the field, in both languages', async () => {
    const bad = async (params: Record<string, string | string[]>) => {
      const response = await download('csv', fx.cityAuditor.token, params);
      return { status: response.status, ...response.json() };
    };
    expect(await bad(scope(fx.home.id, { from: '2026-13-01' }))).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      field: 'from',
      messages: { 'zh-CN': '起始日期须为有效日期（YYYY-MM-DD）', en: expect.any(String) },
    });
    expect(await bad({ organizationId: fx.home.id })).toMatchObject({ status: 400, field: 'campaignId', key: 'validation/required' });
    expect(await bad({ campaignId: fx.campaign.id })).toMatchObject({ status: 400, field: 'organizationId' });
    expect(await bad(scope(fx.home.id, { status: ['OPEN', 'BOGUS'] }))).toMatchObject({
      status: 400,
      field: 'status',
      key: 'validation/enum',
    });
    expect(await bad(scope(fx.home.id, { from: day(-1), to: day(-2) }))).toMatchObject({
      status: 400,
      field: 'to',
      key: 'export/date-range',
    });
    expect(await bad(scope(fx.home.id, { format: 'pdf' }))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
  });

  it('refuses a campaign the auditor does not see as FORBIDDEN, like an unknown one', async () => {
    expect((await download('csv', fx.cityAuditor.token, { ...scope(fx.home.id), campaignId: '999999' })).json().code).toBe('FORBIDDEN');
  });
});

describe('filters', () => {
  const ids = async (extra: Record<string, string | string[]>) =>
    csvRows((await download('csv', fx.cityAuditor.token, { ...scope(fx.home.id), ...extra })).body.toString('utf8'))
      .slice(1)
      .map((r) => r[1])
      .sort();

  it('by status, found date and campaign', async () => {
    const p = fx.problems;
    expect(await ids({ status: 'VERIFIED' })).toEqual([p.formulas]);
    expect(await ids({ status: ['OPEN', 'VERIFIED'] })).toEqual([p.formulas, p.older, p.inCountyB].sort());
    expect(await ids({ from: day(-10) })).toEqual([p.formulas, p.inCountyB].sort());
    expect(await ids({ to: day(-10) })).toEqual([p.older]);
    expect(await ids({ from: day(-5), to: day(-5) })).toEqual([p.inCountyB]);
    expect(await ids({ campaignId: fx.otherCampaign.id })).toEqual([p.otherCampaignProblem]);
  });
});

describe('the audit trail', () => {
  it('records one event per export, and myExports lists the caller’s own', async () => {
    const auditor = await signedIn(app, fx.countyA.id, ['AUDITOR']);
    const count = async () =>
      (await app.sql(`SELECT count(*)::int AS n FROM audit_event WHERE actor_id = $1 AND operation = 'exportLedger'`, [auditor.id]))[0].n;
    expect(await count()).toBe(0);
    await download('csv', auditor.token, scope(fx.countyA.id, { status: 'OPEN', from: day(-30) }));
    expect(await count()).toBe(1);
    await download('xlsx', auditor.token, scope(fx.countyA.id));
    await download('zip', auditor.token, scope(fx.countyA.id));
    expect(await count()).toBe(3);
    const [event] = await app.sql(
      `SELECT organization_id::text, entity_type, after FROM audit_event WHERE actor_id = $1 AND operation = 'exportLedger' ORDER BY id LIMIT 1`,
      [auditor.id],
    );
    expect(event).toMatchObject({
      organization_id: fx.countyA.id,
      entity_type: 'LedgerExport',
      after: { format: 'CSV', filters: { status: ['OPEN'], from: day(-30), to: null }, problems: 1 },
    });

    const { data, errors } = await app.gql(
      `{ myExports(first: 10) { totalCount edges { node { format organizationId organizationName campaignTitle from statuses problems records fileName } } } }`,
      {},
      auditor.token,
    );
    expect(errors).toBeUndefined();
    expect(data!.myExports.totalCount).toBe(3);
    expect(data!.myExports.edges.map((e: any) => e.node.format)).toEqual(['EVIDENCE_PACK', 'XLSX', 'CSV']);
    expect(data!.myExports.edges[2].node).toMatchObject({
      organizationId: fx.countyA.id,
      organizationName: '中共甲县委员会',
      from: day(-30),
      statuses: ['OPEN'],
      problems: 1,
      fileName: expect.stringMatching(/^整改台账-中共甲县委员会-\d{8}\.csv$/),
    });
    // Leaders export rollup reports, not the ledger: their list is their own, and holds none of the auditor's.
    const leader = await app.gql(`{ myExports { totalCount } }`, {}, fx.cityLeader.token);
    expect(leader.data!.myExports.totalCount).toBe(0);
    const secretary = await app.gql(`{ myExports { totalCount } }`, {}, fx.secretaryA.token);
    expect(secretary.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('the evidence pack', () => {
  let pack: Buffer;
  let keyFile: string;
  const verify = async (bytes: Buffer) => {
    const file = join(mkdtempSync(join(work, 'pack-')), 'pack.zip');
    writeFileSync(file, bytes);
    const lines: string[] = [];
    const code = await verifyPackCommand([file, '--public-key', keyFile], {}, (line) => lines.push(line));
    return { code, lines };
  };
  /** The pack with one byte changed inside the first occurrence of `marker`. */
  const flipped = (marker: Buffer | string) => {
    const bytes = Buffer.from(pack);
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    bytes[at + 2] ^= 0x01;
    return bytes;
  };

  beforeAll(async () => {
    const response = await download('zip', fx.cityAuditor.token, scope(fx.home.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    pack = response.body;
    const key = await fetch(`${app.url}/api/exports/public-key`, { headers: { authorization: `Bearer ${fx.secretaryA.token}` } });
    keyFile = join(work, 'public-key.pem');
    writeFileSync(keyFile, await key.text());
  });

  it('holds the XLSX, every cited evidence file and a manifest of their sha256', async () => {
    const file = join(mkdtempSync(join(work, 'unpacked-')), 'pack.zip');
    writeFileSync(file, pack);
    const listing = execFileSync('unzip', ['-Z1', file]).toString('utf8').trim().split('\n');
    expect(listing).toEqual(['ledger.xlsx', `evidence/${PNG_SHA}.png`, 'manifest.json', 'manifest.sig']);
    execFileSync('unzip', ['-q', file, '-d', join(file, '..', 'out')]);
    const manifest = JSON.parse(readFileSync(join(file, '..', 'out', 'manifest.json'), 'utf8'));
    const sha = (path: string) =>
      createHash('sha256')
        .update(readFileSync(join(file, '..', 'out', path)))
        .digest('hex');
    expect(manifest.files).toEqual([
      { path: 'ledger.xlsx', size: expect.any(Number), sha256: sha('ledger.xlsx') },
      { path: `evidence/${PNG_SHA}.png`, size: PNG.length, sha256: PNG_SHA, mediaType: 'image/png' },
    ]);
    expect(readFileSync(join(file, '..', 'out', 'evidence', `${PNG_SHA}.png`)).equals(PNG)).toBe(true);
    expect(manifest).toMatchObject({
      exportedBy: { username: fx.cityAuditor.username },
      scope: { organization: { id: fx.home.id }, campaign: { id: fx.campaign.id } },
      counts: { problems: 3, records: 6, evidenceFiles: 1, missingEvidence: 0 },
    });
    const heads = await app.sql(
      `SELECT id::text AS "problemId", ledger_seq AS seq, ledger_head AS hash FROM problem WHERE id = ANY($1::bigint[])`,
      [[fx.problems.formulas, fx.problems.older, fx.problems.inCountyB]],
    );
    expect([...manifest.chainHeads].sort((a: any, b: any) => a.problemId.localeCompare(b.problemId))).toEqual(
      heads.sort((a, b) => a.problemId.localeCompare(b.problemId)),
    );
    expect(unzipEntry(pack, 'manifest.sig').length).toBeGreaterThan(0);
  });

  it('passes ledger:verify-pack', async () => {
    const { code, lines } = await verify(pack);
    expect(lines.at(-1)).toMatch(/^OK: .*4 entries checked \(ledger\.xlsx, 1 evidence files, manifest\)/);
    expect(code).toBe(0);
  });

  it('fails ledger:verify-pack naming the file when one byte changes', async () => {
    const evidence = await verify(flipped(PNG.subarray(8, 24)));
    expect(evidence.code).toBe(1);
    expect(evidence.lines).toContain(`evidence/${PNG_SHA}.png: sha256 mismatch`);

    const manifest = await verify(flipped('"exportedBy"'));
    expect(manifest.code).toBe(1);
    expect(manifest.lines.join('\n')).toMatch(/^manifest\.json: signature invalid/m);

    const ledgerAt = pack.indexOf('xl/worksheets/sheet1.xml');
    const ledger = await verify(flipped(pack.subarray(ledgerAt, ledgerAt + 8)));
    expect(ledger.code).toBe(1);
    expect(ledger.lines).toContain('ledger.xlsx: sha256 mismatch');
  });

  it('refuses a pack checked against another key', async () => {
    const other = join(work, 'other.pem');
    writeFileSync(other, (await import('node:crypto')).generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const file = join(mkdtempSync(join(work, 'pack-')), 'pack.zip');
    writeFileSync(file, pack);
    const lines: string[] = [];
    expect(await verifyPackCommand([file, '--public-key', other], {}, (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toMatch(/^manifest\.json: signature invalid/);
  });
});

describe('a download the client abandons', () => {
  it('stops the export: its database connections end and the next export runs', async () => {
    // Enough rows that the export is still running when the client stops reading after the first bytes.
    const [{ id: campaignId }] = await app.sql(
      `INSERT INTO campaign (title, scope_id, starts_on, ends_on) VALUES ('放弃下载测试', $1, current_date - 30, current_date + 30) RETURNING id::text`,
      [fx.countyA.id],
    );
    await app.sql(
      `INSERT INTO problem (campaign_id, organization_id, scope, category, source, description, found_on, rectification_kind,
                            responsible_leader, ledger_seq, ledger_head)
       SELECT $1, $2, 'TEAM', 'OTHER', 'AUDIT', '批量问题第' || g || '号：' || repeat('台账', 40), current_date, 'ONGOING', '李书记', 1, repeat('a', 64)
       FROM generate_series(1, 20000) g`,
      [campaignId, fx.branchA.id],
    );
    const exportsRunning = async () =>
      (
        await app.sql(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND (query LIKE 'FETCH%' OR query LIKE 'DECLARE%' OR query LIKE '%pg_export_snapshot%' OR state LIKE 'idle in transaction%')`,
        )
      )[0].n;
    const controller = new AbortController();
    const response = await fetch(
      `${app.url}/api/exports/ledger.xlsx?${new URLSearchParams({ campaignId, organizationId: fx.countyA.id })}`,
      {
        headers: { authorization: `Bearer ${fx.countyAuditor.token}` },
        signal: controller.signal,
      },
    );
    expect(response.headers.get('x-total-problems')).toBe('20000');
    const reader = response.body!.getReader();
    await reader.read();
    expect(await exportsRunning()).toBeGreaterThan(0);
    controller.abort();
    for (let i = 0; i < 50 && (await exportsRunning()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await exportsRunning()).toBe(0);
    const next = await download('csv', fx.countyAuditor.token, { campaignId, organizationId: fx.countyA.id });
    expect(csvRows(next.body.toString('utf8'))).toHaveLength(20001);
  });
});
