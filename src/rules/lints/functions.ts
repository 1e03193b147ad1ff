/**
 * A SECURITY DEFINER function runs with its owner's rights but resolves
 * unqualified names through the caller's search_path, temporary schema
 * first for tables: a caller can put their own objects in its way. A
 * search_path fixed on the function (`SET search_path = ''`) closes that.
 */
import { type Lint, type Problem } from './problem.js';
import { show } from '../../migrations/names.js';

export const definerWithoutSearchPath: Lint = (snapshot) =>
  snapshot.functions.flatMap((fn): Problem[] => {
    if (!fn.securityDefiner || fn.config.some((setting) => setting.startsWith('search_path='))) return [];
    const name = `${show(fn)}(${fn.identityArgs})`;
    return [
      {
        rule: 'security-definer-search-path',
        task: 'triggers',
        severity: 'warning',
        message: `SECURITY DEFINER function ${name} has no fixed search_path: the caller's search_path decides what its unqualified names mean, with its owner's rights`,
        object: name,
        key: name,
        subject: fn,
        places: [{ kind: 'function', schema: fn.schema, name: fn.name }],
      },
    ];
  });
