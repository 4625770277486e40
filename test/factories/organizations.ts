import type { TestApp } from '../setup/test-app.js';

export interface UnitRow {
  code: string;
  name: string;
  kind: string;
  parentCode?: string;
  memberCount?: number | string;
}

export const ORGANIZATION_FIELDS = 'id code name kind depth memberCount version archivedAt parent { id } ancestors { id code }';

let sequence = 0;
/** A code no other test in the run uses. */
export const uniqueCode = (prefix = 'T') => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`.toUpperCase();

export async function createUnit(app: TestApp, input: Partial<UnitRow> & { parentId?: string | null } = {}) {
  const result = await app.gql<{ createOrganization: { id: string; code: string; version: number; depth: number } }>(
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${ORGANIZATION_FIELDS} } }`,
    {
      input: {
        code: input.code ?? uniqueCode(),
        name: input.name ?? '测试党委',
        kind: input.kind ?? 'COMMITTEE',
        parentId: input.parentId === undefined ? (app.home ?? null) : input.parentId,
        memberCount: input.memberCount ?? 10,
      },
    },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.createOrganization;
}

export function toCsv(rows: UnitRow[], header = 'code,name,kind,parentCode,memberCount'): string {
  const quote = (value: unknown) => {
    const text = value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows.map((r) => [r.code, r.name, r.kind, r.parentCode, r.memberCount].map(quote).join(','))].join('\r\n');
}

/** A tree of `count` units under `parentCode` (or a new root), breadth first, `fanout` children each. */
export function treeRows(prefix: string, count: number, fanout = 10, parentCode?: string): UnitRow[] {
  const rows: UnitRow[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? parentCode : `${prefix}-${Math.floor((i - 1) / fanout)}`;
    const isLeaf = i * fanout + 1 >= count;
    rows.push({ code: `${prefix}-${i}`, name: `第${i}号单位`, kind: isLeaf ? '党支部' : '党委', parentCode: parent, memberCount: i % 50 });
  }
  return rows;
}

export async function uploadUnits(
  app: TestApp,
  body: Buffer | string,
  fileName = 'units.csv',
  kind: 'organizations' | 'users' = 'organizations',
) {
  const form = new FormData();
  form.append('file', new Blob([typeof body === 'string' ? Buffer.from(body) : body]), fileName);
  const response = await fetch(`${app.url}/api/imports/${kind}`, {
    method: 'POST',
    body: form,
    headers: app.token ? { authorization: `Bearer ${app.token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

export interface ImportJobResult {
  status: string;
  total: number;
  processed: number;
  imported: number;
  errorCount: number;
  errors: { row: number; field: string | null; code: string; message: string; messageEn: string }[];
}

/** Uploads and waits for the job to finish, polling `importJob` as the page does. */
export async function importUnits(
  app: TestApp,
  body: Buffer | string,
  fileName = 'units.csv',
  kind: 'organizations' | 'users' = 'organizations',
): Promise<ImportJobResult> {
  const upload = await uploadUnits(app, body, fileName, kind);
  if (upload.status !== 202) throw new Error(`upload refused: ${JSON.stringify(upload.body)}`);
  for (;;) {
    const { data, errors } = await app.gql<{ importJob: ImportJobResult }>(
      `query($id: ID!) { importJob(id: $id) { status total processed imported errorCount errors { row field code message messageEn } } }`,
      { id: upload.body.jobId },
    );
    if (errors) throw new Error(JSON.stringify(errors));
    if (['SUCCEEDED', 'FAILED'].includes(data!.importJob.status)) return data!.importJob;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
