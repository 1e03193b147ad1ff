/** Kept equal to package.json's version by a test; the bundle cannot read package.json. */
export const VERSION = '0.1.0';

/** The action's repository (`uses: …@v1`), equal to package.json's `repository` by a test. */
export const ACTION_REPOSITORY = 'migration-gate/migration-gate';

/** Where the documentation lives: SARIF's informationUri, the rules' help links. */
export const HOMEPAGE = `https://github.com/${ACTION_REPOSITORY}`;

/** The rule reference, where each rule has an anchor `#rule-<id>` (SARIF's helpUri). */
export const RULES_DOC = `${HOMEPAGE}/blob/main/docs/rules.md`;
