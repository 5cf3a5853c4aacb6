/**
 * The contract samples of ../shared/contracts/samples, copied into the repository (like
 * identifiers.json) so the suite runs from a clone anywhere; HUB_CONTRACT_SAMPLES points at
 * another set.
 */
import path from 'node:path';
import { readCsvRows } from '../../src/ingest/readers/csv.js';
import { projectPath } from '../../src/paths.js';

export const CONTRACT_SAMPLES = process.env.HUB_CONTRACT_SAMPLES ?? projectPath('tests', 'fixtures', 'contract-samples');

/** A CSV sample's lines as text, decoded as the connectors decode it (UTF-8 or GB18030). */
export async function readSampleText(relativePath: string): Promise<string> {
  const lines: string[] = [];
  for await (const row of readCsvRows(path.join(CONTRACT_SAMPLES, relativePath))) lines.push(row.raw);
  return lines.join('\n');
}
