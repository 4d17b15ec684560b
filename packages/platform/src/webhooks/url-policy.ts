/** @module Which webhook URLs the platform will call: outside the sandbox, public https hosts only. */
import { isIP } from 'node:net';

function privateV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

function privateV6(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '::1' || a === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return privateV4(mapped[1]!);
  return /^f[cd]/.test(a) || /^fe[89ab]/.test(a);
}

/**
 * Why the platform refuses to call `url` in production, or undefined when it may. Loopback,
 * private, link-local (cloud metadata) and carrier-grade NAT addresses are refused, so an endpoint
 * cannot be used to reach the platform's own network. The sandbox allows everything (local receivers).
 */
export function webhookUrlProblem(url: string, sandbox: boolean): string | undefined {
  if (sandbox) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return 'must use https:// (webhooks carry merchant data); http:// is accepted only by the sandbox';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) {
    return `must be a public host, not '${host}'`;
  }
  const version = isIP(host);
  if ((version === 4 && privateV4(host)) || (version === 6 && privateV6(host))) return `must be a public address, not ${host}`;
  return undefined;
}
