/** Where a probe's finding points: the statement of the target that creates (or changes) what it is about. */
import type { Policy } from '../catalog/model.js';
import type { Qualified } from '../migrations/names.js';
import { RULES, type RuleId } from '../rules/catalogue.js';
import type { Finding, Severity, SourcePosition, TaskId } from '../types.js';
import { created, finding, resolve, type ValidationContext } from '../validators/common.js';

const same = (a: Qualified, b: Qualified): boolean => a.schema === b.schema && a.name === b.name;

export function policyPosition(ctx: ValidationContext, policy: Policy): SourcePosition | undefined {
  const table = { schema: policy.schema, name: policy.table };
  return created(ctx, 'policy').find(
    (o) => o.name === policy.name && same(resolve(ctx, o.table ?? { name: '' }), table),
  )?.position;
}

export function relationPosition(ctx: ValidationContext, relation: Qualified): SourcePosition | undefined {
  const creating = [...created(ctx, 'table'), ...created(ctx, 'view')].find((o) => same(resolve(ctx, o), relation));
  if (creating) return creating.position;
  return ctx.target.statements
    .flatMap((s) => s.references)
    .find((r) => (r.object.kind === 'table' || r.object.kind === 'view') && same(resolve(ctx, r.object), relation))
    ?.position;
}

export function functionPosition(ctx: ValidationContext, fn: Qualified): SourcePosition | undefined {
  return created(ctx, 'function').find((o) => same(resolve(ctx, o), fn))?.position;
}

export function triggerPosition(
  ctx: ValidationContext,
  trigger: { name: string; table: Qualified },
): SourcePosition | undefined {
  return created(ctx, 'trigger').find(
    (o) => o.name === trigger.name && same(resolve(ctx, o.table ?? { name: '' }), trigger.table),
  )?.position;
}

export function probeFinding(
  ctx: ValidationContext,
  task: TaskId,
  severity: Severity,
  rule: RuleId,
  message: string,
  object: string,
  position: SourcePosition | undefined,
): Finding {
  const found = finding(task, severity, rule, message, ctx, object, position ? { position } : undefined);
  // How to do it right, where the reader of the finding is (the safety rules' findings carry it too).
  const safely = RULES[rule].safely;
  return safely ? { ...found, hint: safely } : found;
}
