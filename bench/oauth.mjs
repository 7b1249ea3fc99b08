// The cost of OAuth 2.1 inbound (the JWT check) per call, as a ratio to the same call with
// authentication off. Two `naftiko run` processes serve the same REST capability (one mock GET
// operation, so nothing upstream dilutes the figure), one without `authentication`, one with
// `type: oauth2` against an issuer this bench serves (RFC 8414 metadata + a JWKS, ES256); autocannon
// drives both from here, alternating rounds, the oauth2 side with one valid token (what a client
// does: it reuses its token until it expires). Then, in this process, the check alone through
// core's createInboundAuth: a token seen before (the per-call path) and a fresh token each time
// (signature, claims: the first call of each token).
// Plain ESM against the built packages: run `pnpm build` first (`pnpm bench` does).
// Usage: node bench/oauth.mjs [--quick]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entries = {
  cli: join(root, 'packages/cli/dist/naftiko.mjs'),
  core: join(root, 'packages/core/dist/index.js'),
  jose: join(root, 'packages/core/node_modules/jose/dist/webapi/index.js'),
};
for (const built of Object.values(entries)) {
  if (!existsSync(built)) {
    console.error(`bench/oauth: ${built} is missing; run \`pnpm install\` and \`pnpm build\` first.`);
    process.exit(1);
  }
}
const { SignJWT, exportJWK, generateKeyPair } = await import(entries.jose);
const core = await import(entries.core);

const quick = process.argv.includes('--quick');
const CONNECTIONS = 16;
const WARMUP_S = quick ? 1 : 3;
const ROUND_S = quick ? 2 : 5;
const ROUNDS = quick ? 2 : 4;
const CHECKS = quick ? 500 : 3000;
const RESOURCE = 'https://bench.example.com/api';

const children = [];
let dir;
let issuerServer;
try {
  // The issuer: metadata and keys, as an authorization server publishes them.
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'ES256', use: 'sig' };
  issuerServer = createServer((request, response) => {
    const issuer = `http://127.0.0.1:${issuerServer.address().port}`;
    const body =
      request.url === '/.well-known/oauth-authorization-server'
        ? { issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token` }
        : request.url === '/jwks'
          ? { keys: [jwk] }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${issuerServer.address().port}`;
  const mint = (subject) =>
    new SignJWT({ scope: 'api:read', client_id: subject })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench-1', typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(RESOURCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

  dir = mkdtempSync(join(tmpdir(), 'naftiko-bench-oauth-'));
  const capability = (authentication) => `naftiko: 1.0.0-alpha2
info: { label: OAuth bench, description: One mock operation. }
capability:
  exposes:
    - type: rest
      namespace: api
      port: 8080
${authentication}
      resources:
        - path: /ping
          description: Answers ok.
          operations:
            - method: GET
              name: ping
              scopes: [api:read]
              outputParameters:
                - { type: string, value: ok }
`;
  writeFileSync(join(dir, 'off.yaml'), capability(''));
  writeFileSync(
    join(dir, 'oauth2.yaml'),
    capability(`      authentication:
        type: oauth2
        authorizationServerUri: ${issuer}
        resource: ${RESOURCE}
        scopes: [api:read]`),
  );
  const token = await mint('bench-client');
  const sides = [
    { name: 'auth off', url: `${await startNaftiko(join(dir, 'off.yaml'))}/ping`, headers: {} },
    {
      name: 'oauth2 (JWT)',
      url: `${await startNaftiko(join(dir, 'oauth2.yaml'))}/ping`,
      headers: { authorization: `Bearer ${token}` },
    },
  ];
  for (const side of sides) {
    const answer = await fetch(side.url, { headers: side.headers });
    if (answer.status !== 200)
      throw new Error(`${side.name}: GET /ping answered ${answer.status}: ${await answer.text()}`);
  }
  const refused = await fetch(sides[1].url);
  if (refused.status !== 401) throw new Error(`oauth2 side answered ${refused.status} without a token`);

  for (const side of sides) await load(side, WARMUP_S);
  const totals = new Map(
    sides.map((side) => [side.name, { requests: 0, seconds: 0, p50: [], p99: [], errors: 0 }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const result = await load(side, ROUND_S);
      const total = totals.get(side.name);
      total.requests += result.requests.total;
      total.seconds += result.duration;
      total.p50.push(result.latency.p50);
      total.p99.push(result.latency.p99);
      total.errors += result.errors + result.timeouts + result.non2xx;
    }
  }
  const rows = sides.map((side) => {
    const total = totals.get(side.name);
    return {
      name: side.name,
      requestsPerSecond: Math.round(total.requests / total.seconds),
      p50Ms: median(total.p50),
      p99Ms: median(total.p99),
      errors: total.errors,
    };
  });

  // The check alone, in this process.
  const auth = core.createInboundAuth({
    authentication: { type: 'oauth2', authorizationServerUri: issuer, resource: RESOURCE },
    compileTemplate: core.compileTemplate,
    bindings: { flat: {}, byNamespace: {} },
    place: 'bench',
  });
  const request = (value) => ({ headers: { authorization: `Bearer ${value}` } });
  await auth.authenticate(request(token));
  const fresh = await Promise.all(Array.from({ length: CHECKS }, (_, index) => mint(`client-${index}`)));
  let started = performance.now();
  for (const value of fresh) {
    const verdict = await auth.authenticate(request(value));
    if (!verdict.ok) throw new Error(`a fresh token was refused: ${verdict.detail}`);
  }
  const freshUs = ((performance.now() - started) * 1000) / CHECKS;
  started = performance.now();
  for (let index = 0; index < CHECKS * 20; index++) auth.authenticate(request(token));
  const knownUs = ((performance.now() - started) * 1000) / (CHECKS * 20);

  console.log(
    `GET /ping (a mock REST operation), ${CONNECTIONS} connections (autocannon), ${ROUNDS} alternating rounds of ${ROUND_S} s per side after ${WARMUP_S} s warm-up${quick ? ' (quick)' : ''}\n`,
  );
  console.log(
    `${'side'.padEnd(16)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(16)}${String(row.requestsPerSecond).padStart(10)}${String(row.p50Ms).padStart(9)}${String(row.p99Ms).padStart(9)}${String(row.errors).padStart(8)}`,
    );
  }
  const ratio = rows[1].requestsPerSecond / rows[0].requestsPerSecond;
  console.log(`\noauth2 / auth off, requests per second: ${ratio.toFixed(2)}`);
  console.log(`check of a token seen before (every call after a token's first): ${knownUs.toFixed(2)} µs`);
  console.log(
    `check of a fresh token (ES256 signature + claims, a token's first call): ${freshUs.toFixed(1)} µs`,
  );
  const results = join(root, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'oauth.json'),
    `${JSON.stringify({ rows, ratio, knownUs, freshUs, quick }, null, 2)}\n`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  issuerServer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

function startNaftiko(file) {
  const child = spawn(
    process.execPath,
    [entries.cli, 'run', file, '--port', 'api=0', '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`naftiko run ${file} exited early (code ${code})`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = / listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.removeAllListeners('exit');
        resolve(match[1].replace(/\/$/, ''));
      }
    });
  });
}

function load(side, seconds) {
  return autocannon({ url: side.url, headers: side.headers, connections: CONNECTIONS, duration: seconds });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
