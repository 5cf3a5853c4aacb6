/** Option parsers shared by commands; a bad value is a usage error (exit code 2). */
import { InvalidArgumentError } from 'commander';
import { parseDate } from '../domain/date.js';
import { parseDivisionFilter } from '../domain/division.js';

export function asOfOption(value: string): string {
  const d = parseDate(value);
  if (!d.ok || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return d.value;
}

export function divisionOption(value: string): string {
  const d = parseDivisionFilter(value);
  if (!d.ok) throw new InvalidArgumentError(d.absent ? 'expected a division code' : d.reason);
  return value.trim();
}

export function choiceOption<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return value as T;
  };
}
