import { describeExpected, trimSlash } from './expected-request.mjs';

/**
 * One call's verdict, by what the upstream received compared with what the YAML means:
 * `right` (every expected request, in order, with the right method and path), `wrong-url`
 * (the upstream got another method or path, or a request the YAML cannot form), `not-reached`
 * (no upstream request: the tool or route failed first), `timeout`, `no-upstream` (the action
 * calls nothing upstream: mocks; not counted) or `unknown` (the harness cannot say).
 */
export function classifyCall({ expected, received, outcome }) {
  if (outcome.timeout) return { verdict: 'timeout', detail: outcome.message ?? 'no answer in time' };
  if (expected.unknown) return { verdict: 'unknown', detail: expected.unknown };
  if (expected.error) {
    if (received.length === 0) return { verdict: 'not-reached', detail: outcome.message ?? expected.error };
    return { verdict: 'wrong-url', detail: `${expected.error}, yet sent ${describeReceived(received[0])}` };
  }
  if (expected.requests.length === 0) {
    return received.length === 0
      ? { verdict: 'no-upstream', detail: '' }
      : { verdict: 'wrong-url', detail: `expected no upstream call, got ${describeReceived(received[0])}` };
  }
  if (received.length === 0) {
    return { verdict: 'not-reached', detail: outcome.message ?? 'no upstream request and no error' };
  }
  for (const [index, want] of expected.requests.entries()) {
    const got = received[index];
    if (got === undefined) {
      return {
        verdict: 'wrong-url',
        detail: `expected ${describeExpected(want)} as request ${index + 1}, got none`,
      };
    }
    if (!matches(want, got)) {
      return {
        verdict: 'wrong-url',
        detail: `expected ${describeExpected(want)}, got ${describeReceived(got)}`,
      };
    }
  }
  if (received.length > expected.requests.length) {
    return {
      verdict: 'wrong-url',
      detail: `extra request ${describeReceived(received[expected.requests.length])}`,
    };
  }
  const parameters = expected.requests.flatMap((want, index) => parameterIssues(want, received[index]));
  return {
    verdict: 'right',
    detail: describeExpected(expected.requests[0]),
    ...(parameters.length > 0 ? { parameters } : {}),
  };
}

/**
 * On a right URL, the query and header parameters the YAML gives a value that did not arrive
 * as such. Reported beside the verdict, not in it: the issue's aim is method and path.
 */
export function parameterIssues(want, got) {
  const issues = [];
  const query = new URLSearchParams(got.query ?? '');
  for (const [name, value] of Object.entries(want.query ?? {})) {
    const sent = query.getAll(name);
    if (!sent.includes(value)) {
      issues.push(
        `query \`${name}\` ${sent.length === 0 ? 'missing' : `is ${JSON.stringify(sent[0])}`}, expected ${JSON.stringify(value)}`,
      );
    }
  }
  for (const [name, value] of Object.entries(want.headers ?? {})) {
    const sent = got.headers?.[name.toLowerCase()];
    if (sent !== value) {
      issues.push(
        `header \`${name}\` ${sent === undefined ? 'missing' : `is ${JSON.stringify(sent)}`}, expected ${JSON.stringify(value)}`,
      );
    }
  }
  return issues;
}

function matches(want, got) {
  if (want.method !== got.method) return false;
  if (want.namespace !== undefined && got.namespace !== undefined && want.namespace !== got.namespace)
    return false;
  const segments = receivedSegments(got.path);
  if (segments === undefined || segments.length !== want.segments.length) return false;
  return want.segments.every((segment, i) => segment === null || segment === segments[i]);
}

/** The raw path's segments, each percent-decoded: `a%20b` and `a b` are one value, `%2F` stays in it. */
export function receivedSegments(path) {
  try {
    return trimSlash(
      path
        .split('/')
        .slice(1)
        .map((segment) => decodeURIComponent(segment)),
    );
  } catch {
    return undefined;
  }
}

function describeReceived(request) {
  return `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`;
}
