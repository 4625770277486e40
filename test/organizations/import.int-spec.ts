import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createUnit, importUnits, toCsv, uniqueCode, uploadUnits, type UnitRow } from '../factories/organizations.js';
import { homeWithAdmin, signedIn } from '../factories/accounts.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

let app: TestApp;
let home: { id: string; code: string };
beforeAll(async () => {
  app = await startTestApp();
  home = await homeWithAdmin(app);
});
afterAll(async () => {
  await app?.close();
});

const count = async () => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM organization'))[0].n);

describe('bulk import of units', () => {
  it('imports a GBK CSV saved by Excel, children before parents, with Chinese kind labels', async () => {
    const p = uniqueCode('GBK');
    const rows: UnitRow[] = [
      { code: `${p}-3`, name: '大山包村党支部', kind: '党支部', parentCode: `${p}-2`, memberCount: 23 },
      { code: `${p}-2`, name: '大山包镇党委', kind: '党委', parentCode: `${p}-1`, memberCount: 310 },
      { code: `${p}-1`, name: '中共测试区委员会', kind: 'COMMITTEE', parentCode: '', memberCount: '' },
    ];
    const job = await importUnits(app, iconv.encode(toCsv(rows), 'gbk'));
    expect(job).toMatchObject({ status: 'SUCCEEDED', total: 3, imported: 3, errorCount: 0 });
    const units = await app.sql(
      `SELECT o.code, o.name, o.kind, o.depth, o.member_count AS "memberCount", p.code AS "parentCode"
       FROM organization o LEFT JOIN organization p ON p.id = o.parent_id WHERE o.code LIKE $1 ORDER BY o.depth`,
      [`${p}-%`],
    );
    expect(units).toEqual([
      { code: `${p}-1`, name: '中共测试区委员会', kind: 'COMMITTEE', depth: 1, memberCount: 0, parentCode: null },
      { code: `${p}-2`, name: '大山包镇党委', kind: 'COMMITTEE', depth: 2, memberCount: 310, parentCode: `${p}-1` },
      { code: `${p}-3`, name: '大山包村党支部', kind: 'BRANCH', depth: 3, memberCount: 23, parentCode: `${p}-2` },
    ]);
  });

  it('imports UTF-8 with a BOM and Chinese headers under a unit already in the system', async () => {
    const parent = await createUnit(app, { name: '已有党委' });
    const p = uniqueCode('BOM');
    const csv = `\uFEFF单位代码,单位名称,类别,上级单位代码,党员数\r\n${p},龙泉社区党总支,党总支,${parent.code},88\r\n`;
    const job = await importUnits(app, csv);
    expect(job.status).toBe('SUCCEEDED');
    const [row] = await app.sql(`SELECT name, parent_id::text AS parent, depth FROM organization WHERE code = $1`, [p]);
    expect(row).toEqual({ name: '龙泉社区党总支', parent: parent.id, depth: 3 });
  });

  it('imports an XLSX workbook with numeric codes', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('单位');
    const base = 900_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
    sheet.addRow(['code', 'name', 'kind', 'parentCode', 'memberCount']);
    sheet.addRow([base, '中共表格县委员会', '党委', null, 1200]);
    sheet.addRow([base + 1, '表格镇党委', 'COMMITTEE', base, 300]);
    const job = await importUnits(app, Buffer.from(await workbook.xlsx.writeBuffer()), '单位.xlsx');
    expect(job).toMatchObject({ status: 'SUCCEEDED', imported: 2 });
    const [row] = await app.sql(`SELECT depth, member_count AS m FROM organization WHERE code = $1`, [String(base + 1)]);
    expect(row).toEqual({ depth: 2, m: 300 });
  });

  it('reports every bad row by row number and reason, and imports nothing', async () => {
    const existing = await createUnit(app);
    const branch = await createUnit(app, { kind: 'BRANCH' });
    const archived = await createUnit(app);
    await app.gql(`mutation($id: ID!) { archiveOrganization(id: $id) { id } }`, { id: archived.id });
    const p = uniqueCode('BAD');
    const rows: UnitRow[] = [
      { code: `${p}-ok`, name: '好的一行', kind: '党委', parentCode: existing.code, memberCount: 5 }, // row 2
      { code: `${p}-nop`, name: '找不到上级', kind: '党支部', parentCode: 'NO-SUCH-CODE' }, // 3 unknown parent
      { code: `${p}-ok`, name: '重复代码', kind: '党支部', parentCode: existing.code }, // 4 duplicate in file
      { code: existing.code, name: '系统中已有', kind: '党支部', parentCode: '' }, // 5 code exists
      { code: `${p}-empty`, name: '', kind: '党支部', parentCode: existing.code }, // 6 empty name
      { code: `${p}-kind`, name: '类别不对', kind: '俱乐部', parentCode: existing.code }, // 7 unknown kind
      { code: `${p}-a`, name: '循环甲', kind: '党委', parentCode: `${p}-b` }, // 8 cycle
      { code: `${p}-b`, name: '循环乙', kind: '党委', parentCode: `${p}-a` }, // 9 cycle
      { code: `${p}-long`, name: '长'.repeat(101), kind: '党支部', parentCode: existing.code }, // 10 too long
      { code: `${p}-neg`, name: '党员数为负', kind: '党支部', parentCode: existing.code, memberCount: -3 }, // 11
      { code: '', name: '没有代码', kind: '党支部', parentCode: existing.code }, // 12 empty code
      { code: `${p}-br`, name: '支部下设单位', kind: '党支部', parentCode: branch.code }, // 13 parent is branch
      { code: `${p}-ar`, name: '上级已撤销', kind: '党支部', parentCode: archived.code }, // 14 parent archived
    ];
    const before = await count();
    const job = await importUnits(app, toCsv(rows));
    expect(job.status).toBe('FAILED');
    expect(job.imported).toBe(0);
    expect(job.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'parentCode', 'import/unknown-parent'],
      [4, 'code', 'import/duplicate-code'],
      [5, 'code', 'import/code-exists'],
      [6, 'name', 'import/empty-name'],
      [7, 'kind', 'import/unknown-kind'],
      [8, 'parentCode', 'import/cycle'],
      [9, 'parentCode', 'import/cycle'],
      [10, 'name', 'import/too-long'],
      [11, 'memberCount', 'import/member-count'],
      [12, 'code', 'import/empty-code'],
      [13, 'parentCode', 'import/parent-is-branch'],
      [14, 'parentCode', 'import/parent-archived'],
    ]);
    expect(job.errors[0].message).toContain('NO-SUCH-CODE');
    expect(job.errors[1].message).toContain('第 2 行');
    expect(job.errors[1].messageEn).toContain('row 2');
    expect(await count()).toBe(before);
  });

  it('fails a file without the required columns, naming them', async () => {
    const job = await importUnits(app, 'foo,bar\n1,2\n');
    expect(job.status).toBe('FAILED');
    expect(job.errors).toEqual([expect.objectContaining({ row: 0, field: 'file', code: 'import/missing-columns' })]);
    expect(job.errors[0].messageEn).toContain('code, name, kind');
  });

  it('refuses an upload that is not CSV or XLSX, and one without a file', async () => {
    const exe = await uploadUnits(app, Buffer.from([0x4d, 0x5a, 0x90, 0x00]), 'units.exe');
    expect(exe.status).toBe(400);
    expect(exe.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', key: 'import/unsupported-type' });
    const none = await fetch(`${app.url}/api/imports/organizations`, {
      method: 'POST',
      body: new FormData(),
      headers: { authorization: `Bearer ${app.token}` },
    });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
  });

  it('answers an unknown import job, or another user’s, with FORBIDDEN', async () => {
    const { errors } = await app.gql(`query { importJob(id: "00000000-0000-0000-0000-000000000000") { id } }`);
    expect(errors![0].extensions.code).toBe('FORBIDDEN');
    const upload = await uploadUnits(app, toCsv([{ code: uniqueCode(), name: '某单位', kind: '党支部', parentCode: home.code }]));
    const other = await signedIn(app, home.id, ['ADMIN']);
    const foreign = await app.gql(`query($id: ID!) { importJob(id: $id) { id } }`, { id: upload.body.jobId }, other.token);
    expect(foreign.errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
