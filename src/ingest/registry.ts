/**
 * Connector discovery: every `connectors/<id>/index.ts` (or built `.js`) that default-exports
 * a connector. Adding a department adds a folder; nothing here changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../paths.js';
import type { Connector } from './connector.js';

export const CONNECTORS_DIR = path.join(PROJECT_ROOT, 'connectors');

function connectorDirs(): string[] {
  // Running from a build, connectors are compiled next to src/ under dist/.
  const here = path.dirname(new URL(import.meta.url).pathname);
  const built = path.resolve(here, '../../connectors');
  const base = fs.existsSync(built) && here.includes(`${path.sep}dist${path.sep}`) ? built : CONNECTORS_DIR;
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => path.join(base, e.name));
}

let cache: Promise<Connector[]> | undefined;

export function loadConnectors(): Promise<Connector[]> {
  cache ??= (async () => {
    const found: Connector[] = [];
    for (const dir of connectorDirs()) {
      const entry = ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
      if (!entry) continue;
      const mod = (await import(pathToFileURL(entry).href)) as { default?: Connector };
      if (!mod.default || typeof mod.default.read !== 'function') {
        throw new Error(`${entry} must default-export defineConnector({...})`);
      }
      if (mod.default.id !== path.basename(dir)) {
        throw new Error(`${entry}: connector id "${mod.default.id}" must equal its folder name "${path.basename(dir)}"`);
      }
      found.push(mod.default);
    }
    return found.sort((a, b) => (a.order ?? 50) - (b.order ?? 50) || a.id.localeCompare(b.id));
  })();
  return cache;
}

export async function getConnector(id: string): Promise<Connector> {
  const all = await loadConnectors();
  const c = all.find((x) => x.id === id);
  if (!c)
    throw new UnknownConnectorError(
      id,
      all.map((x) => x.id),
    );
  return c;
}

export class UnknownConnectorError extends Error {
  constructor(id: string, known: string[]) {
    super(`unknown connector "${id}" (known: ${known.join(', ')})`);
  }
}
