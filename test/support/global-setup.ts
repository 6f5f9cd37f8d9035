import pg from 'pg';

// Loaded outside the module mapper: keep this file free of relative imports.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Fails the run at once, with the reason, when the PostgreSQL the suites need is not there. */
export default async function globalSetup(): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `The tests need PostgreSQL at ${url} (set TEST_DATABASE_URL): ${String(error)}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
