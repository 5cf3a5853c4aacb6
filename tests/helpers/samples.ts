/**
 * The contract samples of ../shared/contracts/samples, copied into the repository (like
 * identifiers.json) so the suite runs from a clone anywhere; HUB_CONTRACT_SAMPLES points at
 * another set.
 */
import { projectPath } from '../../src/paths.js';

export const CONTRACT_SAMPLES = process.env.HUB_CONTRACT_SAMPLES ?? projectPath('tests', 'fixtures', 'contract-samples');
