-- The relations whose snapshot entries may read as they did not before
-- because an object they refer to changed: a foreign key's referenced table
-- renamed, a column's type renamed, a view's or a policy's table, a default's
-- sequence, a trigger's or a check's function. Whatever a relation's index,
-- default, constraint, trigger, policy or rewrite rule depends on counts for
-- the relation. $1 relations, $2 functions (with every overload of their
-- name: an overload added can change how a call is printed), $3 types.
-- A column of a table's row type, or of an array, depends on that type, which
-- the fingerprint leaves to its owner: a relation's row type and its array,
-- a type's array and multirange count as changed with their owner.
WITH changed_types(oid) AS (
  SELECT unnest($3::oid[])
  UNION ALL
  SELECT c.reltype FROM pg_class c WHERE c.oid = ANY ($1::oid[]) AND c.reltype <> 0
),
changed(classid, oid) AS (
  SELECT 'pg_class'::regclass::oid, unnest($1::oid[])
  UNION ALL
  SELECT 'pg_proc'::regclass::oid, same.oid
  FROM pg_proc p JOIN pg_proc same ON same.pronamespace = p.pronamespace AND same.proname = p.proname
  WHERE p.oid = ANY ($2::oid[])
  UNION ALL
  SELECT 'pg_type'::regclass::oid, oid FROM changed_types
  UNION ALL
  SELECT 'pg_type'::regclass::oid, t.typarray FROM pg_type t JOIN changed_types ct ON ct.oid = t.oid WHERE t.typarray <> 0
  UNION ALL
  SELECT 'pg_type'::regclass::oid, r.rngmultitypid FROM pg_range r JOIN changed_types ct ON ct.oid = r.rngtypid
),
dependents AS (
  SELECT DISTINCT d.classid, d.objid
  FROM changed ch
  JOIN pg_depend d ON d.refclassid = ch.classid AND d.refobjid = ch.oid
)
SELECT COALESCE(x.indrelid, d.objid) AS rel_oid
FROM dependents d LEFT JOIN pg_index x ON x.indexrelid = d.objid
WHERE d.classid = 'pg_class'::regclass
UNION
SELECT ad.adrelid FROM dependents d JOIN pg_attrdef ad ON ad.oid = d.objid WHERE d.classid = 'pg_attrdef'::regclass
UNION
SELECT con.conrelid FROM dependents d JOIN pg_constraint con ON con.oid = d.objid
WHERE d.classid = 'pg_constraint'::regclass AND con.conrelid <> 0
UNION
SELECT t.tgrelid FROM dependents d JOIN pg_trigger t ON t.oid = d.objid WHERE d.classid = 'pg_trigger'::regclass
UNION
SELECT p.polrelid FROM dependents d JOIN pg_policy p ON p.oid = d.objid WHERE d.classid = 'pg_policy'::regclass
UNION
SELECT rw.ev_class FROM dependents d JOIN pg_rewrite rw ON rw.oid = d.objid WHERE d.classid = 'pg_rewrite'::regclass
