// Writes the rule table of docs/rules.md from the rule catalogue (src/rules/catalogue.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { rulesTable, TABLE_END, TABLE_START } from '../src/rules/table.js';

const FILE = 'docs/rules.md';
const readme = readFileSync(FILE, 'utf8');
const start = readme.indexOf(TABLE_START);
const end = readme.indexOf(TABLE_END);
if (start < 0 || end < start) throw new Error(`${FILE} has no ${TABLE_START} … ${TABLE_END} block`);
writeFileSync(FILE, `${readme.slice(0, start + TABLE_START.length)}\n\n${rulesTable()}\n\n${readme.slice(end)}`);
