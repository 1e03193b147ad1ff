import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../src/apply/apply.js';
import { parseSql } from '../src/migrations/parse.js';
import type { Statement } from '../src/migrations/model.js';
import { explainedMissing } from '../src/readiness/index.js';
import type { MissingObject } from '../src/readiness/prerequisites.js';

/** What the pre-flight found missing, referenced by `statements`. */
function missing(name: string, statements: Statement[]): MissingObject {
  return {
    object: { kind: 'function', name },
    display: `${name}()`,
    positions: statements.map((s) => s.start),
    statements,
    blocks: { direct: [], dependent: [] },
  };
}

function failedAt(statement: Statement): ApplyResult {
  return {
    status: 'failed',
    file: 'm.sql',
    ms: 1,
    skipped: [],
    statements: statement.index,
    statement,
    rolledBack: true,
    error: { message: 'boom' } as never,
  };
}

describe('explainedMissing: what the pre-flight found missing, as the reason the target failed', () => {
  it('an object a statement used before the failure was there after all: not the reason', async () => {
    const { statements } = await parseSql(
      ['CREATE EXTENSION made_elsewhere;', 'SELECT helper();', "SELECT bad('x');", 'SELECT helper(), absent();'].join(
        '\n',
      ),
      'm.sql',
    );
    const [, used, failing, later] = statements as [Statement, Statement, Statement, Statement];
    const result = explainedMissing(
      [missing('helper', [used, later]), missing('absent', [later]), missing('bad', [failing])],
      failedAt(failing),
    );
    expect(result.map((m) => m.display)).toEqual(['absent()', 'bad()']);
  });

  it('a DO block or an IF EXISTS before the failure may have passed over it: still the reason', async () => {
    const { statements } = await parseSql(
      [
        'DO $$ BEGIN IF false THEN PERFORM helper(); END IF; END $$;',
        'DROP FUNCTION IF EXISTS helper();',
        'SELECT helper();',
      ].join('\n'),
      'm.sql',
    );
    const [block, drop, failing] = statements as [Statement, Statement, Statement];
    const result = explainedMissing([missing('helper', [block, drop, failing])], failedAt(failing));
    expect(result.map((m) => m.display)).toEqual(['helper()']);
  });
});
