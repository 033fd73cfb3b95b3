import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * Hands the Prisma client and the SQL port one and the same connected adapter, so they share
 * the connection pool (PostgreSQL) or the one connection and its queue (SQLite).
 */
export class SharedAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;
  #connected: Promise<SqlDriverAdapter> | null = null;

  constructor(private readonly inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  connect(): Promise<SqlDriverAdapter> {
    this.#connected ??= this.inner.connect().then((a) => ({
      ...bindAll(a),
      dispose: async () => {
        this.#connected = null;
        await a.dispose();
      },
    }));
    return this.#connected;
  }
}

function bindAll(a: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: a.provider,
    adapterName: a.adapterName,
    queryRaw: a.queryRaw.bind(a),
    executeRaw: a.executeRaw.bind(a),
    executeScript: a.executeScript.bind(a),
    startTransaction: a.startTransaction.bind(a),
    getConnectionInfo: a.getConnectionInfo?.bind(a),
    dispose: a.dispose.bind(a),
  };
}
