import { describe, expect, it } from '@jest/globals';
import { canonicalJson, firstBrokenSeq, GENESIS, recordHash, type StoredRecord } from './ledger.js';

function chain(count: number): StoredRecord[] {
  const records: StoredRecord[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      problemId: '7',
      seq,
      action: seq === 1 ? 'REPORTED' : 'PROGRESS',
      actorId: 3,
      actorName: 'secretary',
      at: new Date(Date.UTC(2026, 10, seq)).toISOString(),
      note: `第${seq}步`,
      evidence: [],
      payload: { status: 'IN_PROGRESS', seq },
    };
    const hash = recordHash(prev, content);
    records.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return records;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it('gives the same text for the same content written in another key order', () => {
    expect(canonicalJson({ 问题: '作风', n: 1 })).toBe(canonicalJson({ n: 1, 问题: '作风' }));
  });
});

describe('firstBrokenSeq', () => {
  it('accepts an intact chain', () => {
    expect(firstBrokenSeq(chain(5))).toBeNull();
  });

  it('names the record whose payload was altered', () => {
    const records = chain(5);
    records[2] = { ...records[2], payload: { status: 'VERIFIED', seq: 3 } };
    expect(firstBrokenSeq(records)).toBe(3);
  });

  it('names the record whose note was altered even when its own hash was recomputed', () => {
    const records = chain(4);
    const { prevHash, hash: _old, ...content } = records[1];
    const forged = { ...content, note: '改写' };
    records[1] = { ...forged, prevHash, hash: recordHash(prevHash, forged) };
    expect(firstBrokenSeq(records)).toBe(3);
  });

  it('names the gap when a record is missing', () => {
    const records = chain(4);
    records.splice(1, 1);
    expect(firstBrokenSeq(records)).toBe(3);
  });
});
