import { createServer } from 'node:http';

/**
 * One local upstream for every started file: node:http on 127.0.0.1, port 0. Each consumes
 * namespace of each file gets its own path prefix (`/u<file>-<ns>`), so a request is attributed
 * to the file and namespace that sent it. Answers 200 with a small JSON object and records the
 * method, the raw path below the prefix, the query and the headers.
 */
export async function createRecordingUpstream() {
  const routes = new Map();
  const unattributed = [];
  let sequence = 0;
  const server = createServer((request, response) => {
    const raw = request.url ?? '/';
    const queryAt = raw.indexOf('?');
    const fullPath = queryAt < 0 ? raw : raw.slice(0, queryAt);
    const query = queryAt < 0 ? '' : raw.slice(queryAt + 1);
    const match = /^\/(u\d+-\d+)(?=\/|$)/.exec(fullPath);
    const route = match ? routes.get(match[1]) : undefined;
    const record = {
      method: request.method,
      path: route ? fullPath.slice(match[0].length) || '/' : fullPath,
      query,
      headers: request.headers,
      namespace: route?.namespace,
      sequence: sequence++,
    };
    if (route) route.requests.push(record);
    else unattributed.push(record);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":"1","ok":true,"items":[]}');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    unattributed,
    /** A base URI for one file's namespace; requests below it go to that file's log. */
    route({ file, index, namespace }) {
      const key = `u${file}-${index}`;
      routes.set(key, { namespace, requests: [] });
      return `${url}/${key}`;
    },
    /** Requests recorded for a file (every namespace) since its last `clear`, in arrival order. */
    requestsOf(file) {
      const out = [];
      for (const [key, route] of routes) if (key.startsWith(`u${file}-`)) out.push(...route.requests);
      return out.sort((a, b) => a.sequence - b.sequence);
    },
    clear(file) {
      for (const [key, route] of routes) if (key.startsWith(`u${file}-`)) route.requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
