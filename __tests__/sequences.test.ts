import { describe, expect, it } from 'vitest';
import { movedSequences } from '../src/readiness/sequences.js';

describe('sequences a rolled-back run moved', () => {
  it('says each move with both values: an advance is a note, a move back an error', () => {
    const before = new Map([
      ['public.a_id_seq', 5n],
      ['public.b_id_seq', 100n],
      ['public.c_id_seq', 1n],
    ]);
    const after = new Map([
      ['public.a_id_seq', 8n],
      ['public.b_id_seq', 2n],
      ['public.c_id_seq', 1n],
    ]);
    const findings = movedSequences(before, after);
    expect(findings.map((f) => [f.rule, f.severity, f.object])).toEqual([
      ['sequence-advanced', 'info', 'public.a_id_seq'],
      ['sequence-rewound', 'error', 'public.b_id_seq'],
    ]);
    expect(findings[0]!.message).toContain('from 5 to 8');
    expect(findings[1]!.message).toContain('from 100 to 2');
  });
});
