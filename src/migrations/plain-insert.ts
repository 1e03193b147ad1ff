/**
 * Recognises, token by token, an INSERT that needs no parser to be
 * understood: `INSERT INTO [schema.]table [(columns)] VALUES (…)[, (…)]`
 * whose values are only constants (strings, numbers, NULL, TRUE, FALSE,
 * DEFAULT, signs). Such a statement references its table and nothing else:
 * no function, no type, no other relation. Anything else it is not (a cast,
 * a function call, a SELECT, RETURNING, ON CONFLICT, DEFAULT VALUES, an
 * alias): the real parser reads it. A data migration of 200,000 rows parsed
 * whole took 11–15 s and grew the parser's memory to 735 MB.
 */
import type { Token } from './lexer.js';

export interface InsertTarget {
  schema?: string;
  name: string;
  /** Offset in the text where the table's (possibly qualified) name starts. */
  at: number;
}

type State =
  | 'insert'
  | 'into'
  | 'name'
  | 'after-name'
  | 'qualified'
  | 'column'
  | 'after-column'
  | 'before-values'
  | 'values'
  | 'value'
  | 'sign'
  | 'after-value'
  | 'after-row'
  | 'row-start';

const CONSTANT_WORDS = new Set(['null', 'true', 'false', 'default']);

export class PlainInsert {
  private state: State | 'no' = 'insert';
  private parts: string[] = [];
  private at = -1;

  /** Starts over for the next statement. */
  reset(): void {
    this.state = 'insert';
    this.parts = [];
    this.at = -1;
  }

  feed(t: Token): void {
    if (this.state !== 'no') this.state = this.next(this.state, t);
  }

  /** The table of a plain INSERT, once the statement has ended; undefined for any other statement. */
  result(): InsertTarget | undefined {
    const [first, second] = this.parts;
    if (this.state !== 'after-row' || first === undefined) return undefined;
    return second === undefined ? { name: first, at: this.at } : { schema: first, name: second, at: this.at };
  }

  private next(state: State, t: Token): State | 'no' {
    const word = t.type === 'word' ? t.value : undefined;
    const punct = t.type === 'punct' ? t.value : undefined;
    const name = t.type === 'word' || t.type === 'ident';
    switch (state) {
      case 'insert':
        return word === 'insert' ? 'into' : 'no';
      case 'into':
        return word === 'into' ? 'name' : 'no';
      case 'name':
      case 'qualified':
        if (!name) return 'no';
        // A qualified name is placed where it starts, as the parser places it.
        if (this.parts.length === 0) this.at = t.start;
        this.parts.push(t.value);
        return 'after-name';
      case 'after-name':
        if (punct === '.' && this.parts.length === 1) return 'qualified';
        if (punct === '(') return 'column';
        return word === 'values' ? 'values' : 'no';
      case 'column':
        return name ? 'after-column' : 'no';
      case 'after-column':
        return punct === ',' ? 'column' : punct === ')' ? 'before-values' : 'no';
      case 'before-values':
        return word === 'values' ? 'values' : 'no';
      case 'values':
      case 'row-start':
        return punct === '(' ? 'value' : 'no';
      case 'value':
        if (t.type === 'string' || t.type === 'number') return 'after-value';
        if (word !== undefined && CONSTANT_WORDS.has(word)) return 'after-value';
        return punct === '-' || punct === '+' ? 'sign' : 'no';
      case 'sign':
        return t.type === 'number' ? 'after-value' : 'no';
      case 'after-value':
        return punct === ',' ? 'value' : punct === ')' ? 'after-row' : 'no';
      case 'after-row':
        return punct === ',' ? 'row-start' : 'no';
    }
  }
}
