import { sqliteFilePath } from "./sqlitePath";

/** Which database a DATABASE_URL selects: `file:` is SQLite, `postgres://`/`postgresql://` PostgreSQL. */
export type DatabaseTarget =
  | { backend: "sqlite"; url: string; file: string }
  | { backend: "postgres"; url: string; /** host:port or socket folder, and database: for messages, never the password */ where: string };

export type Backend = DatabaseTarget["backend"];

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("file:")) return { backend: "sqlite", url, file: sqliteFilePath(url) };
  if (/^postgres(ql)?:\/\//.test(url)) return { backend: "postgres", url, where: postgresWhere(url) };
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url.split(":")[0]}:…"`);
}

/** `db.example.com:5432/loupe` or `socket /tmp/x/loupe`: where a connection went, for one-line errors. */
function postgresWhere(url: string): string {
  const match = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(url);
  const params = new URLSearchParams(match?.[3] ?? "");
  const database = decodeURIComponent(match?.[2] ?? "") || "postgres";
  const socket = params.get("host");
  if (socket?.startsWith("/")) return `socket ${socket}, database ${database}`;
  const host = decodeURIComponent(match?.[1] ?? "") || socket || "localhost";
  return `${host.includes(":") ? host : `${host}:5432`}, database ${database}`;
}
