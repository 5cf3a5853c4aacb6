/**
 * The GraphQL explorer (GraphiQL), served by the hub itself: Apollo's landing page loads its
 * scripts from a CDN and stays blank on a network without the internet, which is where the hub
 * runs. GraphiQL 3 is the last line shipping a browser-ready UMD build (later ones are ESM for a
 * bundler); it runs on React 18's UMD builds (React 19 ships none). All three come from
 * node_modules and only the files listed in ASSETS are served, so no request can reach any
 * other file.
 *
 * Asset URLs carry a content hash (`?v=`), so browsers may cache them for good while an upgrade
 * still reaches them at once; the page itself is revalidated on every visit.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import Negotiator from 'negotiator';

const gzip = promisify(gzipCallback);
const require = createRequire(import.meta.url);

export const EXPLORER_PATH = '/explorer';
export const EXPLORER_ASSETS_PATH = '/explorer/assets/';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const MAP = 'application/json; charset=utf-8';

/** Runs GraphiQL against the /graphql next to the page (relative, so a path prefix added by a proxy still works). */
const BOOTSTRAP = `// The hub's explorer: GraphiQL against the /graphql endpoint next to this page.
(function () {
  var endpoint = new URL('graphql', window.location.href);
  var socket = new URL(endpoint.href);
  socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  var fetcher = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href });
  var defaultQuery = '# Put your API key in the Headers tab below (hub client create, or the key hub demo printed).\\n# Ctrl-Enter runs the query; the Docs panel lists every type and field.\\n{\\n  viewer {\\n    name\\n    role\\n  }\\n  health {\\n    ok\\n    version\\n  }\\n}\\n';
  // The headers go with every HTTP request, and as connection params over the websocket.
  var defaultHeaders = '{\\n  "Authorization": "Bearer hub_..."\\n}';
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultHeaders: defaultHeaders,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();
`;

type AssetSource = { type: string } & ({ pkg: string; file: string } | { text: string });

/** The allow-list. Script order matters: React, then ReactDOM, then GraphiQL (its UMD reads both globals). */
const ASSETS: Record<string, AssetSource> = {
  'graphiql.min.css': { type: CSS, pkg: 'graphiql', file: 'graphiql.min.css' },
  'react.production.min.js': { type: JS, pkg: 'react', file: 'umd/react.production.min.js' },
  'react-dom.production.min.js': { type: JS, pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
  'graphiql.min.js': { type: JS, pkg: 'graphiql', file: 'graphiql.min.js' },
  // graphiql.min.js names its source map by its build name; only browser devtools ask for it.
  'index.umd.js.map': { type: MAP, pkg: 'graphiql', file: 'graphiql.min.js.map' },
  'explorer.js': { type: JS, text: BOOTSTRAP },
};
const PAGE_STYLES = ['graphiql.min.css'];
const PAGE_SCRIPTS = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'explorer.js'];

interface Asset {
  type: string;
  body: Buffer;
  hash: string;
  gzipped?: Promise<Buffer>;
}

const loaded = new Map<string, Promise<Asset>>();

/** Read on first use and kept: the files do not change while the process runs. */
function loadAsset(name: string): Promise<Asset> {
  let asset = loaded.get(name);
  if (!asset) {
    const source = ASSETS[name]!;
    asset = (async () => {
      const body =
        'text' in source
          ? Buffer.from(source.text)
          : await fs.readFile(path.join(path.dirname(require.resolve(`${source.pkg}/package.json`)), source.file));
      return { type: source.type, body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16) };
    })();
    // A failed read (say, a package removed under a running hub) is retried on the next request.
    asset.catch(() => loaded.delete(name));
    loaded.set(name, asset);
  }
  return asset;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Everything from this origin; inline styles because GraphiQL's dialogs inject <style> tags;
 * ws: for subscriptions over the websocket on the same port.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A browser opening /graphql (HTML preferred, no query) gets the explorer, as Apollo's landing page did. */
export function wantsExplorer(req: http.IncomingMessage, url: URL): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || url.searchParams.has('query')) return false;
  const accept = req.headers.accept;
  if (!accept) return false;
  return (
    new Negotiator({ headers: { accept } }).mediaType(['application/json', 'application/graphql-response+json', 'text/html']) ===
    'text/html'
  );
}

/** Refuses anything but GET and HEAD; true when the request was answered. */
function refuseMethod(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
  res.end('method not allowed\n');
  return true;
}

export async function sendExplorerPage(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (refuseMethod(req, res)) return;
  const url = async (name: string) => `explorer/assets/${name}?v=${(await loadAsset(name)).hash}`;
  const styles = await Promise.all(PAGE_STYLES.map(async (n) => `    <link rel="stylesheet" href="${await url(n)}" />`));
  const scripts = await Promise.all(PAGE_SCRIPTS.map(async (n) => `    <script src="${await url(n)}"></script>`));
  const html = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>两新 hub · GraphQL explorer</title>
${styles.join('\n')}
    <style>
      html, body, #graphiql { height: 100%; margin: 0; }
    </style>
  </head>
  <body>
    <div id="graphiql"><noscript>The explorer needs JavaScript.</noscript></div>
${scripts.join('\n')}
  </body>
</html>
`;
  const body = Buffer.from(html);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-cache',
    'content-security-policy': PAGE_CSP,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Serves /explorer/assets/<name>; false when `name` is not on the allow-list. */
export async function sendExplorerAsset(req: http.IncomingMessage, res: http.ServerResponse, name: string, url: URL): Promise<boolean> {
  if (!Object.hasOwn(ASSETS, name)) return false;
  if (refuseMethod(req, res)) return true;
  const asset = await loadAsset(name);
  // Weak: the gzipped and the plain body share it, and both stand for the same file.
  const etag = `W/"${asset.hash}"`;
  const headers: http.OutgoingHttpHeaders = {
    ...SECURITY_HEADERS,
    'content-type': asset.type,
    etag,
    vary: 'accept-encoding',
    // Only the URL the page links to (current hash) is immutable; any other is revalidated.
    'cache-control': url.searchParams.get('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (matchesEtag(req.headers['if-none-match'], asset.hash)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  let body = asset.body;
  if (new Negotiator(req).encoding(['gzip', 'identity']) === 'gzip') {
    body = await (asset.gzipped ??= gzip(asset.body));
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): `W/` prefixes are ignored. */
function matchesEtag(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === `"${hash}"`;
  });
}
