/**
 * A connector's configuration: its schema's defaults, overridden by the environment
 * (`HUB_CONNECTOR_<ID>_<KEY>`, e.g. HUB_CONNECTOR_TAX_BASE_URL → baseUrl), overridden by what
 * was set through the API or CLI (stored in connector_state.config). Validated by the
 * connector's own zod schema, so a bad value fails the run with the setting named.
 */
import type { Connector } from './connector.js';

export function envPrefix(connectorId: string): string {
  return `HUB_CONNECTOR_${connectorId.toUpperCase().replace(/-/g, '_')}_`;
}

export function connectorConfigFromEnv(connectorId: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const prefix = envPrefix(connectorId);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(prefix) || value === undefined || value === '') continue;
    const camel = key
      .slice(prefix.length)
      .toLowerCase()
      .replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    out[camel] = value;
  }
  return out;
}

export class ConnectorConfigError extends Error {}

export function resolveConnectorConfig(
  connector: Connector,
  stored: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): unknown {
  try {
    return connector.parseConfig({ ...connectorConfigFromEnv(connector.id, env), ...stored });
  } catch (err) {
    const issues = (err as { issues?: { path: (string | number)[]; message: string }[] }).issues;
    const detail = issues ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (err as Error).message;
    throw new ConnectorConfigError(
      `connector ${connector.id}: invalid configuration (${detail}); environment prefix ${envPrefix(connector.id)}`,
    );
  }
}
