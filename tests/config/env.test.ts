import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_KEYS, loadEnv } from '../../src/config/env.js';
import { projectPath } from '../../src/paths.js';

describe('configuration', () => {
  it('.env.example lists every setting the hub reads', () => {
    const example = fs.readFileSync(projectPath('.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(ENV_KEYS.filter((k) => !listed.has(k))).toEqual([]);
  });

  it('reads the access settings, and refuses per-role limits that are not a JSON object', () => {
    const env = loadEnv({ HUB_CORS_ORIGINS: ' https://a.example , https://b.example ', HUB_RATE_LIMIT_PER_MINUTE: '60' });
    expect(env.HUB_CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(env.HUB_RATE_LIMIT_PER_MINUTE).toBe(60);
    expect(loadEnv({}).HUB_CORS_ORIGINS).toEqual([]);
    expect(() => loadEnv({ HUB_ROLE_QUERY_LIMITS: '[1]' })).toThrow(ConfigError);
    expect(() => loadEnv({ HUB_ROLE_QUERY_LIMITS: '{bad' })).toThrow(/HUB_ROLE_QUERY_LIMITS/);
  });
});
