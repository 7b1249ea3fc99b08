/** One `Digest` challenge from a `WWW-Authenticate` header (RFC 7616 section 3.3). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  /** Upper-cased, e.g. `MD5`, `SHA-256`, `MD5-SESS`; RFC 2617 servers may omit it (then MD5). */
  algorithm: string;
  /** The qop values offered, lower-cased; empty for an RFC 2069 server. */
  qop: string[];
  stale: boolean;
}

const SUPPORTED_ALGORITHMS = ['SHA-256', 'SHA-256-SESS', 'MD5', 'MD5-SESS'];

/**
 * Finds the strongest supported Digest challenge in one or more `WWW-Authenticate` values. A
 * header may carry several challenges (`Digest ..., algorithm=SHA-256, Digest ..., algorithm=MD5,
 * Basic realm=x`), so this tokenises auth-params instead of splitting on commas. Returns
 * undefined when there is no usable Digest challenge.
 */
export function parseDigestChallenge(
  header: string | readonly string[] | undefined,
): DigestChallenge | undefined {
  if (header === undefined) return undefined;
  const values = typeof header === 'string' ? [header] : header;
  const challenges: DigestChallenge[] = [];
  for (const value of values) {
    for (const { scheme, params } of tokenizeChallenges(value)) {
      if (scheme.toLowerCase() !== 'digest') continue;
      const realm = params.get('realm');
      const nonce = params.get('nonce');
      if (realm === undefined || nonce === undefined) continue;
      const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
      if (!SUPPORTED_ALGORITHMS.includes(algorithm)) continue;
      const opaque = params.get('opaque');
      challenges.push({
        realm,
        nonce,
        ...(opaque === undefined ? {} : { opaque }),
        algorithm,
        qop: (params.get('qop') ?? '')
          .split(',')
          .map((item) => item.trim().toLowerCase())
          .filter((item) => item !== ''),
        stale: (params.get('stale') ?? '').toLowerCase() === 'true',
      });
    }
  }
  // RFC 7616 section 3.7: prefer the strongest algorithm the client supports.
  challenges.sort((a, b) => rank(a.algorithm) - rank(b.algorithm));
  return challenges[0];
}

function rank(algorithm: string): number {
  return algorithm.startsWith('SHA-256') ? 0 : 1;
}

interface RawChallenge {
  scheme: string;
  params: Map<string, string>;
}

function tokenizeChallenges(input: string): RawChallenge[] {
  const challenges: RawChallenge[] = [];
  let index = 0;
  const skip = (pattern: RegExp) => {
    while (index < input.length && pattern.test(input[index] ?? '')) index++;
  };
  const readToken = () => {
    const start = index;
    while (index < input.length && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(input[index] ?? '')) index++;
    return input.slice(start, index);
  };
  let current: RawChallenge | undefined;
  while (index < input.length) {
    skip(/[\s,]/);
    const token = readToken();
    if (token === '') {
      index++; // an unexpected character: step over it rather than loop forever
      continue;
    }
    skip(/[ \t]/);
    if (input[index] === '=' && current) {
      index++;
      skip(/[ \t]/);
      let value = '';
      if (input[index] === '"') {
        index++;
        while (index < input.length && input[index] !== '"') {
          if (input[index] === '\\') index++;
          value += input[index] ?? '';
          index++;
        }
        index++;
      } else {
        value = readToken();
        // token68 values (Basic/Bearer) may end in '=' padding
        while (input[index] === '=') {
          value += '=';
          index++;
        }
      }
      current.params.set(token.toLowerCase(), value);
    } else {
      current = { scheme: token, params: new Map() };
      challenges.push(current);
    }
  }
  return challenges;
}
