// Writes the rule table of README.md from the rule catalogue (src/rules/catalogue.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { rulesTable, TABLE_END, TABLE_START } from '../src/rules/table.js';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(TABLE_START);
const end = readme.indexOf(TABLE_END);
if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} block`);
writeFileSync('README.md', `${readme.slice(0, start + TABLE_START.length)}\n\n${rulesTable()}\n\n${readme.slice(end)}`);
