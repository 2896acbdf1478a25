import type { StoreDialect } from './migrations';

export type DatabaseTarget =
  | { dialect: 'sqlite' /** A file path, or `:memory:`. */; filename: string }
  | { dialect: 'postgres'; connectionString: string };

/**
 * Reads `sqlite:<path>` (`sqlite::memory:` for a throwaway database) or `postgres://…`. Errors never
 * repeat the URL: it may carry a password.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    if (filename === '') throw new Error('DATABASE_URL sqlite: needs a file path or :memory:');
    return { dialect: 'sqlite', filename };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { dialect: 'postgres', connectionString: databaseUrl };
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

/** What the logs may say about the database: dialect, host and database name; never a password. */
export function describeDatabaseUrl(databaseUrl: string): { dialect: StoreDialect; location: string } {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite') return { dialect: 'sqlite', location: target.filename };
  try {
    const url = new URL(target.connectionString);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return { dialect: 'postgres', location: `${user}${url.host}${url.pathname}` };
  } catch {
    return { dialect: 'postgres', location: '(unparseable URL)' };
  }
}
