import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';

/** What a browser sends when the address is typed in. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

// The database plays no part here: one engine is enough.
describe('the offline explorer', () => {
  let hub: TestHub;
  let server: ApiServer;
  let origin: string;
  beforeAll(async () => {
    hub = await createTestHub(testEngines()[0]!);
    server = await startTestApi(hub, { port: 0 });
    origin = new URL(server.url).origin;
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  const page = async (path: string) => {
    const res = await fetch(origin + path, { headers: { accept: BROWSER_ACCEPT } });
    return { res, html: await res.text() };
  };
  const references = (html: string) => [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

  it('serves the page at /explorer and to a browser opening /graphql, with no external URL', async () => {
    for (const path of ['/explorer', '/graphql']) {
      const { res, html } = await page(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(html).toContain('<div id="graphiql">');
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/src="\/\/|href="\/\//);
      expect(references(html)).toHaveLength(5);
    }
  });

  it('still answers a /graphql GET that is not a browser page view as GraphQL', async () => {
    const json = await fetch(server.url, { headers: { accept: 'application/json', ...authHeaders(server.url) } });
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.status).toBe(400);
    const withQuery = await fetch(`${server.url}?query=${encodeURIComponent('{ health { ok } }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true', ...authHeaders(server.url) },
    });
    expect(withQuery.headers.get('content-type')).toContain('application/json');
    expect(await withQuery.json()).toEqual({ data: { health: { ok: true } } });
  });

  it('serves every referenced asset from the hub with its content type and long-lived caching', async () => {
    const { html } = await page('/explorer');
    for (const ref of references(html)) {
      const url = new URL(ref, `${origin}/explorer`);
      expect(url.origin).toBe(origin);
      expect(url.pathname).toMatch(/^\/explorer\/assets\//);
      const res = await fetch(url);
      expect(res.status, ref).toBe(200);
      const body = await res.text();
      const ownScript = url.pathname.endsWith('/explorer.js');
      expect(body.length, ref).toBeGreaterThan(ownScript ? 300 : 10_000);
      expect(res.headers.get('content-type'), ref).toBe(
        url.pathname.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(res.headers.get('cache-control'), ref).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      if (ownScript) expect(body).not.toMatch(/https?:\/\//);
    }
  });

  it('compresses for clients that accept gzip and answers a revalidation with 304', async () => {
    const { html } = await page('/explorer');
    const script = new URL(
      references(html).find((r) => r.includes('graphiql.min.js'))!,
      `${origin}/explorer`,
    );
    const res = await fetch(script, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // fetch inflates transparently: the header counts the compressed bytes, the body is the whole file.
    const body = await res.arrayBuffer();
    expect(Number(res.headers.get('content-length'))).toBeLessThan(body.byteLength / 2);
    const etag = res.headers.get('etag')!;
    const again = await fetch(script, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // An unversioned (or stale) URL must not be cached for good.
    const bare = await fetch(`${origin}${script.pathname}`);
    expect(bare.headers.get('cache-control')).toBe('no-cache');
    await bare.arrayBuffer();
  });

  it('loads as classic scripts in page order and starts GraphiQL against /graphql and its websocket', async () => {
    const { html } = await page('/explorer');
    const scripts = references(html).filter((r) => r.includes('.js'));
    // Enough of a browser for the bundles to initialise: globals, and a document that accepts anything.
    const anything = (): object =>
      new Proxy(function () {}, {
        get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : anything()),
        apply: anything,
        construct: anything,
      });
    const window: Record<string, unknown> = {
      console,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      TextEncoder,
      TextDecoder,
      URL,
      fetch,
      navigator: { userAgent: 'vitest', platform: 'test' },
      document: anything(),
      location: { href: `${origin}/explorer` },
    };
    window.window = window;
    window.self = window;
    const context = vm.createContext(window);
    const rendered: unknown[] = [];
    let fetcherOptions: Record<string, unknown> | undefined;
    for (const ref of scripts) {
      if (ref.includes('explorer.js')) {
        // What the bootstrap hands GraphiQL; rendering itself needs a real DOM.
        const graphiql = window.GraphiQL as { createFetcher: (o: Record<string, unknown>) => unknown };
        const createFetcher = graphiql.createFetcher;
        graphiql.createFetcher = (o) => ((fetcherOptions = o), createFetcher(o));
        (window.ReactDOM as Record<string, unknown>).createRoot = () => ({ render: (el: unknown) => rendered.push(el) });
      }
      const code = await (await fetch(new URL(ref, `${origin}/explorer`))).text();
      vm.runInContext(code, context, { filename: ref });
      if (ref.includes('react-dom')) expect(typeof (window.ReactDOM as Record<string, unknown>).createRoot).toBe('function');
    }
    expect(typeof window.React).toBe('object');
    expect(typeof window.GraphiQL).toBe('function');
    expect(fetcherOptions).toMatchObject({ url: server.url, subscriptionUrl: server.url.replace(/^http/, 'ws') });
    expect(rendered).toHaveLength(1);
    expect((rendered[0] as { type: unknown }).type).toBe(window.GraphiQL);
  });

  it('serves nothing outside the allow-list', async () => {
    for (const path of [
      '/explorer/assets/unknown.js',
      '/explorer/assets/package.json',
      '/explorer/assets/..%2F..%2Fpackage.json',
      '/explorer/assets/%2e%2e/%2e%2e/package.json',
      '/explorer/assets/constructor',
      '/explorer/assets/__proto__',
      '/explorer/assets/',
    ]) {
      const res = await fetch(origin + path);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
    const post = await fetch(`${origin}/explorer`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.arrayBuffer();
  });
});
