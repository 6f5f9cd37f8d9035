/** One server of a multi-host DATABASE_URL. */
export interface DatabaseHost {
  readonly host: string;
  readonly port: number;
}

/** What a libpq-style DATABASE_URL names: its servers in order, and which of them a session may use. */
export interface DatabaseHosts {
  readonly hosts: readonly DatabaseHost[];
  /** `read-write`: only a server that accepts writes (a primary); `any`: the first that answers. */
  readonly targetSessionAttrs: 'any' | 'read-write';
  /** The URL with the first host only and without target_session_attrs, for node-postgres. */
  readonly singleHostUrl: string;
}

const URL_PARTS = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/i;

/**
 * Reads `postgres://user@h1:5432,h2:5433/db?target_session_attrs=read-write` the way libpq does: hosts
 * are tried in order. node-postgres parses one host only (with WHATWG URL), so the list is ours to keep.
 */
export function parseDatabaseHosts(url: string): DatabaseHosts {
  const parts = URL_PARTS.exec(url);
  if (!parts) return { hosts: [], targetSessionAttrs: 'any', singleHostUrl: url };
  const [, scheme, userinfo = '', hostList = '', rest = ''] = parts;
  const hosts = hostList
    .split(',')
    .filter((h) => h !== '')
    .map(hostAndPort);
  const [pathPart = '', query = ''] = splitOnce(rest, '?');
  const params = new URLSearchParams(query);
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (attrs !== 'any' && attrs !== 'read-write')
    throw new Error(`DATABASE_URL: target_session_attrs must be any or read-write, not ${attrs}`);
  params.delete('target_session_attrs');
  const remaining = params.toString();
  const first = hostList.split(',')[0] ?? '';
  return {
    hosts,
    targetSessionAttrs: attrs,
    singleHostUrl: `${scheme}${userinfo}${first}${pathPart}${remaining ? `?${remaining}` : ''}`,
  };
}

function hostAndPort(entry: string): DatabaseHost {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 5432) };
  const [host = '', port] = splitOnce(entry, ':');
  return { host: decodeURIComponent(host), port: Number(port || 5432) };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
