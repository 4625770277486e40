import { describe, expect, it } from '@jest/globals';
import { label, PROBLEM_COLUMNS, problemCells, type ProblemRow, RECORD_COLUMNS, recordCells } from './ledger-layout.js';

const row: ProblemRow = {
  id: '42',
  unit_code: '530602',
  unit_name: '中共昭通市昭阳区委员会',
  description: '调研论证不充分',
  scope: 'INDIVIDUAL',
  person_name: '张三',
  source: 'INSPECTION',
  category: 'PERFORMANCE_VIEW',
  found_on: '2026-10-01',
  rectification_kind: 'BY_DEADLINE',
  responsible_leader: '李书记',
  deadline: '2026-12-31',
  status: 'IN_PROGRESS',
  verified_at: null,
  ledger_seq: 3,
  ledger_head: 'f'.repeat(64),
  measures: [
    { content: '建立论证制度', owner: '王主任', deadline: '2026-12-01', deliverable: '印发办法', completed_on: '2026-11-20' },
    { content: '开展专题培训', owner: '赵科长', deadline: null, deliverable: '', completed_on: null },
  ],
  evidence: ['a'.repeat(64), 'b'.repeat(64)],
  last_action: 'PROGRESS',
  last_at: '2026-11-21',
  last_note: '已召开专题会议',
};

describe('the ledger layout', () => {
  it('labels enums from the i18n table', () => {
    expect([label('status', 'VERIFIED'), label('source', 'INSPECTION'), label('action', 'REPORTED')]).toEqual([
      '已销号',
      '巡视巡察',
      '查摆登记',
    ]);
  });

  it('writes one row per problem with its measures numbered in one cell', () => {
    const cells = problemCells(row, 1);
    expect(cells).toHaveLength(PROBLEM_COLUMNS.length);
    const byHeader = Object.fromEntries(PROBLEM_COLUMNS.map((c, i) => [c.header, cells[i]]));
    expect(byHeader).toMatchObject({
      序号: 1,
      单位: '中共昭通市昭阳区委员会',
      '班子/个人': '个人（张三）',
      来源: '巡视巡察',
      类别: '政绩观偏差',
      整改类型: '限期整改',
      整改措施: '1. 建立论证制度（成果：印发办法；时限：2026-12-01；已完成：2026-11-20）\n2. 开展专题培训',
      责任人: '1. 王主任\n2. 赵科长',
      进展: '措施完成 1/2；2026-11-21 报告进展：已召开专题会议',
      状态: '整改中',
      销号时间: '',
      佐证材料: `${'a'.repeat(64)}\n${'b'.repeat(64)}`,
      记录数: 3,
    });
  });

  it('writes each record with what its hash covers', () => {
    const cells = recordCells({
      problem_id: '42',
      seq: 2,
      action: 'SUBMITTED',
      actor_id: 7,
      actor_name: 'sec',
      at_local: '2026-11-21 10:00:00',
      at_utc: '2026-11-21T02:00:00.000Z',
      note: '=1+1',
      evidence: null,
      hash: 'h',
      prev_hash: 'p',
      payload: '{"to": "RECTIFIED"}',
    });
    expect(cells).toHaveLength(RECORD_COLUMNS.length);
    expect(cells).toEqual([
      42,
      2,
      '提交整改',
      'sec',
      '2026-11-21 10:00:00',
      '=1+1',
      '',
      'h',
      'p',
      'SUBMITTED',
      7,
      '2026-11-21T02:00:00.000Z',
      '{"to": "RECTIFIED"}',
    ]);
  });
});
